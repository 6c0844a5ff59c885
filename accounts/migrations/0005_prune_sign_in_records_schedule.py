"""Beat deletes, each night at 03:45 London time, sign-in records past
SIGN_IN_RECORD_DAYS, and expired sessions."""

from django.db import migrations

from config.schedules import nightly

install, uninstall = nightly(
    "Prune sign-in records",
    "accounts.prune_sign_in_records",
    hour=3,
    minute=45,
    description="Failed attempts, lockouts and the sign-in log past SIGN_IN_RECORD_DAYS, "
    "and expired sessions: see accounts/retention.py.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_notices"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
