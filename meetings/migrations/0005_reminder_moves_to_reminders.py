"""Reminder now belongs to the reminders app (reminders 0001), in the same table:
it leaves meetings' state only, and no SQL runs."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_daily_reminders_schedule"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Reminder")],
        ),
    ]
