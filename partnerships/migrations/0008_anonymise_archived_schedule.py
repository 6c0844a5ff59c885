"""Beat anonymises, each night at 04:00 London time, people archived
PEOPLE_ANONYMISED_AFTER_YEARS ago or more."""

from django.db import migrations

from config.schedules import nightly

install, uninstall = nightly(
    "Anonymise people archived long ago",
    "partnerships.anonymise_archived",
    hour=4,
    description="People archived PEOPLE_ANONYMISED_AFTER_YEARS ago: name and details "
    "replaced, in their history too; see partnerships/personal_data.py.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0007_standard_items_and_deputies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
