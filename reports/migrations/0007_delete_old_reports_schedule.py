"""Beat deletes, each night at 03:30 London time, the reports past their keeping
(REPORT_KEEP_DAYS; CONFIDENTIAL_REPORT_KEEP_DAYS for copies with confidential items)."""

from django.db import migrations

from config.schedules import nightly

install, uninstall = nightly(
    "Delete old reports",
    "reports.delete_old",
    hour=3,
    minute=30,
    description="Reports past REPORT_KEEP_DAYS (confidential copies: "
    "CONFIDENTIAL_REPORT_KEEP_DAYS) are deleted with their files: see reports/services.py.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_minutes_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
