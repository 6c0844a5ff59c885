from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding.giving360 import grants_csv, grants_json, transparency_csv
from funding.models import Grant


class Command(BaseCommand):
    help = (
        "Write the published grants (awarded, with a recipient and an award date) as "
        "360Giving open data: a JSON data package when FILE ends in .json, the flat CSV "
        "when it ends in .csv. With --transparency, write instead the list of grants the "
        "Local Government Transparency Code asks councils to publish (CSV)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to write: name.json or name.csv")
        parser.add_argument(
            "--transparency",
            action="store_true",
            help="write the Local Government Transparency Code's grant columns instead",
        )

    def handle(self, file, transparency=False, **options):
        path = Path(file)
        extension = path.suffix.lower()
        if extension not in (".json", ".csv"):
            raise CommandError(
                f"{path} should end in .json or .csv: the extension chooses the format."
            )
        if transparency and extension != ".csv":
            raise CommandError(f"The transparency list is CSV: name the file .csv, not {path}.")
        grants = list(Grant.objects.published().for_export())
        if transparency:
            data = transparency_csv(grants)
        elif extension == ".json":
            if not grants:
                raise CommandError(
                    "There are no published grants, and a 360Giving package needs at least one."
                )
            data = grants_json(grants)
        else:
            data = grants_csv(grants)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from None
        noun = "grant" if len(grants) == 1 else "grants"
        self.stdout.write(f"Wrote {len(grants)} {noun} to {path}.")
