"""Render a report synchronously, with the same code the background task runs.

    python manage.py render_report KIND --for "NAME" [--year 2011/12] --out FILE.pdf

KIND is board-pack, tracker, review, governance, funding or induction. NAME is the
partnership, group or review by name; a meeting is "GROUP NAME YYYY-MM-DD".
Confidential (exempt) items are left out unless --include-exempt is given."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.periods import parse_year
from meetings.models import Meeting
from partnerships.models import Group, Partnership
from reports import documents
from reports.models import Report
from scrutiny.models import Review

KINDS = [k.value for k in Report.Kind]


class Command(BaseCommand):
    help = "Render a PDF report now and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--for", dest="name", required=True, help="What the report is about.")
        parser.add_argument("--year", help="Financial year, e.g. 2011/12 (governance, funding).")
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument(
            "--include-exempt",
            action="store_true",
            help="Include confidential (not for publication) items.",
        )

    def handle(self, *args, kind, name, year, out, include_exempt, **options):
        if not out.lower().endswith(".pdf"):
            raise CommandError(f"--out must name a .pdf file, not {out!r}.")
        try:
            year = parse_year(year) if year else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        record = _find(kind, name.strip())
        rendered = documents.render(kind, record, year=year, include_exempt=include_exempt)
        path = Path(out)
        try:
            path.write_bytes(rendered.pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}.") from None
        self.stdout.write(
            f"{out}: {rendered.pages} page{'s' if rendered.pages != 1 else ''}, "
            f"{len(rendered.pdf):,} bytes in {rendered.seconds_total:.2f} s "
            f"({rendered.seconds_layout:.2f} s of layout)"
        )


def _one(queryset, what, name):
    found = list(queryset[:2])
    if not found:
        raise CommandError(f"No {what} is called {name!r}.")
    if len(found) > 1:
        raise CommandError(f"More than one {what} is called {name!r}; the name must be unique.")
    return found[0]


def _find(kind, name):
    if kind in ("board-pack", "minutes"):
        group_name, _, day = name.rpartition(" ")
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            raise CommandError(
                f'A meeting is named by its group and date, like "CSP Board 2026-03-05"; got {name!r}.'
            ) from None
        return _one(
            Meeting.objects.filter(group__name__iexact=group_name, date=date).select_related(
                "group__partnership"
            ),
            "meeting",
            name,
        )
    if kind == "tracker":
        return _one(
            Group.objects.filter(name__iexact=name).select_related("partnership"), "group", name
        )
    if kind == "review":
        return _one(Review.objects.filter(title__iexact=name), "review", name)
    return _one(Partnership.objects.filter(name__iexact=name), "partnership", name)
