"""Beat forgets, each night at 04:15 London time, register uploads held for a preview
nobody confirmed."""

from django.db import migrations

from config.schedules import nightly

install, uninstall = nightly(
    "Forget unconfirmed register uploads",
    "partnerships.release_abandoned_imports",
    hour=4,
    minute=15,
    description="Uploads held for an import preview nobody confirmed, older than a day: "
    "see config/files.py.",
)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0008_anonymise_archived_schedule")]

    operations = [migrations.RunPython(install, uninstall)]
