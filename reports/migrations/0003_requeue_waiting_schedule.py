"""Celery beat sends again, every minute, the jobs that waited too long for a
worker (config/jobs.py): a report asked for while the broker was away, say.

Idempotent: a second run finds the schedule and the task by name and leaves them
as they are (an admin may have changed or disabled the task since)."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Send waiting jobs again"


def install(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    _, created = PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "config.requeue_waiting",
            "interval": every_minute,
            "description": "Reports (and any later job) still waiting for a worker after "
            "JOBS_REQUEUE_AFTER_MINUTES are sent to the queue again: see config/jobs.py.",
        },
    )
    if created:  # tell a running beat to reload, as the model's signals would
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=TASK_NAME).delete()[0]:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_queued_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
