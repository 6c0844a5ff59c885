import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from partnerships.models import Partnership
from scrutiny.health import governance_health


class Command(BaseCommand):
    help = (
        "Print the governance health findings derived from the records, most severe first. "
        "Findings on actions raised on exempt (not for publication) items are included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Only this partnership (its name).")
        parser.add_argument("--on", help="As on this day, YYYY-MM-DD (default: today).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, partnership=None, on=None, format="text", **options):
        scope = None
        if partnership:
            scope = Partnership.objects.filter(name__iexact=partnership.strip()).first()
            if scope is None:
                raise CommandError(f"No partnership is called {partnership!r}.")
        day = None
        if on:
            try:
                day = datetime.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"--on {on!r} is not a date: write it as YYYY-MM-DD.") from None
        findings = governance_health(partnership=scope, on=day, include_exempt=True)
        if format == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], indent=2))
            return
        for f in findings:
            self.stdout.write(
                f"{f.severity.upper():<6} {f.check:<32} {f.subject}\n       {f.detail}\n       {f.url}"
            )
        counts = {}
        for f in findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("high", "medium", "low"))
        self.stdout.write(f"{len(findings)} findings: {summary}.")
