"""Celery beat recomputes every partnership's governance health findings at 02:30,
London time, for the checks that the passing days change, and counts them each
Monday at 03:00 for their trend. Idempotent: a second run leaves the tasks as an
admin may have changed them."""

from django.db import migrations
from django.utils import timezone

# name: (task, minute, hour, day of the week, description)
TASKS = {
    "Nightly governance health findings": (
        "scrutiny.recompute_all_findings",
        "30",
        "2",
        "*",
        "Every partnership's findings recomputed: see scrutiny/findings.py.",
    ),
    "Weekly counts of the findings": (
        "scrutiny.snapshot_findings",
        "0",
        "3",
        "1",
        "Each partnership's findings counted for their trend: see scrutiny/findings.py.",
    ),
}


def install(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    added = False
    for name, (task, minute, hour, weekday, description) in TASKS.items():
        when, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=weekday,
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/London",
        )
        _, created = PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": when, "description": description}
        )
        added = added or created
    if added:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name__in=TASKS).delete()[0]:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0003_health_findings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
