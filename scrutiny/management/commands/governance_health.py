import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from partnerships.models import Partnership
from scrutiny import findings as kept
from scrutiny.health import SEVERITY_ORDER, governance_health
from scrutiny.models import HealthFinding


class Command(BaseCommand):
    help = (
        "Print the governance health findings, most severe first: those kept (current "
        "as the records change), or with --on those a run of the checks finds as on a day. "
        "--recompute brings the kept findings up to date now; --verify runs the checks and "
        "reports every difference from what is kept (exit status 1 when there is one). "
        "Findings on actions raised on exempt (not for publication) items are included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Only this partnership (its name).")
        parser.add_argument(
            "--on",
            help="Run the checks as on this day, YYYY-MM-DD, instead of reading the kept findings.",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--recompute", action="store_true", help="Bring the kept findings up to date."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Compare the kept findings with a run of the checks now (or --on a day).",
        )

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
        if options["recompute"]:
            counts = kept.recompute(scope) if scope else kept.recompute_all()
            self.stdout.write(
                "Recomputed: {opened} opened, {changed} changed, {confirmed} confirmed, "
                "{resolved} resolved.".format(
                    **{"opened": 0, "changed": 0, "confirmed": 0, "resolved": 0, **counts}
                )
            )
            return
        if options["verify"]:
            differences = kept.differences(scope, on=day)
            for line in differences:
                self.stdout.write(line)
            self.stdout.write(
                f"{len(differences)} differences between the kept findings and a run now."
            )
            if differences:
                raise SystemExit(1)
            return
        if day is not None:
            findings = governance_health(partnership=scope, on=day, include_exempt=True)
        else:
            findings = self._kept(scope)
        if format == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], indent=2))
            return
        for f in findings:
            self.stdout.write(
                f"{f.severity.upper():<6} {f.check_name:<32} {f.subject}\n       {f.detail}\n       {f.url}"
            )
        counts = {}
        for f in findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("high", "medium", "low"))
        self.stdout.write(f"{len(findings)} findings: {summary}.")

    def _kept(self, scope):
        rows = HealthFinding.objects.open().filter(partnership__status=Partnership.Status.ACTIVE)
        if scope is not None:
            rows = rows.filter(partnership=scope)
        return sorted(
            rows,
            key=lambda f: (
                SEVERITY_ORDER.get(f.severity, 9),
                f.check_name,
                f.subject.lower(),
                f.url,
            ),
        )
