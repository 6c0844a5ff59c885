from django.core.management.base import BaseCommand

from partnerships.register_export import export_register


class Command(BaseCommand):
    help = (
        "Export the register as CSV files into a folder, or as an .xlsx workbook when PATH ends so."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        for written in export_register(path):
            self.stdout.write(f"wrote {written}")
