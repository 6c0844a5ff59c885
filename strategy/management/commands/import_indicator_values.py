from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.imports import ImportFailed
from partnerships.models import Partnership
from strategy.indicator_values import load_indicator_values


class Command(BaseCommand):
    help = (
        "Load indicator values (indicator, period, area, value) from a CSV or .xlsx file, "
        "all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="the partnership's name")
        parser.add_argument("path")

    def handle(self, partnership, path, **options):
        found = Partnership.objects.filter(name__iexact=partnership).first()
        if found is None:
            raise CommandError(f"No partnership is called {partnership!r}.")
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        try:
            created, updated, unchanged = load_indicator_values(
                found, source.read_bytes(), label=source.name
            )
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(failed)) from None
        self.stdout.write(f"{created} created, {updated} updated, {unchanged} unchanged.")
