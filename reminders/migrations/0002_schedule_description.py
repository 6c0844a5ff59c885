"""The daily schedule's description names where the reminders are sent from now.
Only a description that is still as meetings 0004 wrote it is changed: one an
admin rewrote stays. The task's name does not change (see reminders/tasks.py)."""

from django.db import migrations

TASK = "meetings.tasks.send_daily_reminders"
BEFORE = "One digest a person, and escalations to chairs: see meetings/reminders.py."
AFTER = "One digest a person, and escalations to chairs: see reminders/services.py."


def describe(apps, schema_editor, before=BEFORE, after=AFTER):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK, description=before).update(description=after)


def describe_back(apps, schema_editor):
    describe(apps, schema_editor, before=AFTER, after=BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("meetings", "0004_daily_reminders_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(describe, describe_back)]
