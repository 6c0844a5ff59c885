from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.imports import ImportFailed
from funding.giving360 import import_grants, read_grants_file
from partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Import grants from a 360Giving file: the flat CSV (.csv), the same columns in a "
        "workbook's first sheet (.xlsx) or a JSON data package (.json), with the columns "
        "export_grants writes (other 360Giving columns are ignored: the beneficiaries' "
        "location is the partnership's area). Every row is checked first; on any problem "
        "nothing is saved and each problem is listed. Organisations are found by "
        "identifier, else by name, else created (kind other). A new grant is completed "
        "when its planned end date has passed, else active, asks for no monitoring returns "
        "and keeps the file's Last Modified time. A grant already in the register with the "
        "same data is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv, .xlsx or .json file in the 360Giving standard")
        parser.add_argument(
            "--partnership",
            required=True,
            metavar="NAME",
            help="the partnership whose work the grants fund",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, file, partnership, dry_run=False, **options):
        path = Path(file)
        if path.suffix.lower() not in (".json", ".csv", ".xlsx"):
            raise CommandError(f"{path} should end in .csv, .xlsx or .json (a 360Giving file).")
        holder = Partnership.objects.filter(name__iexact=partnership.strip()).first()
        if holder is None:
            raise CommandError(f"No partnership is named {partnership!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror}.") from None
        try:
            rows = read_grants_file(path.name, data)
            summary = import_grants(path.name, rows, partnership=holder, dry_run=dry_run)
        except ImportFailed as failed:
            report = "\n".join(str(problem) for problem in failed.problems)
            raise CommandError(f"{failed}\n{report}") from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {summary.created} grant(s) for {holder} and create "
            f"{summary.organisations} organisation(s); {summary.unchanged} already there."
            + (" Nothing was saved (dry run)." if dry_run else "")
        )
