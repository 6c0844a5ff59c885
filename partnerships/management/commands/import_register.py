from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.imports import ImportFailed
from partnerships.register_files import import_register, read_folder


class Command(BaseCommand):
    help = (
        "Import the register from a folder of CSV files or an .xlsx workbook. "
        "Every row is checked first; on any error nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder of CSV files, or an .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, path, dry_run=False, **options):
        source = Path(path)
        if source.is_dir():
            sources = read_folder(source)
            if not sources:
                raise CommandError(f"{source} holds none of the register's CSV files.")
        elif source.suffix.lower() == ".xlsx" and source.is_file():
            sources = source.read_bytes()
        else:
            raise CommandError(f"{source} is neither a folder of CSV files nor an .xlsx workbook.")
        try:
            summary = import_register(sources, dry_run=dry_run)
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(failed)) from None
        self.stdout.write(f"{'file':<22} {'created':>8} {'updated':>8} {'unchanged':>10}")
        for sheet, created, updated, unchanged, _skipped in summary.rows():
            self.stdout.write(f"{sheet:<22} {created:>8} {updated:>8} {unchanged:>10}")
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(
            f"{verb} {summary.changes} rows." + (" Nothing was saved (dry run)." if dry_run else "")
        )
