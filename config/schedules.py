"""Beat's schedules, installed by the migration of the app whose task they run.

Idempotent: a second run finds the task by name and leaves it as it is (an admin
may have changed or disabled it since). Installing or removing one tells a running
beat to reload, as django-celery-beat's own signals would."""

from django.utils import timezone


def nightly(name, task, *, hour, minute=0, description=""):
    """The pair of functions for a migration's RunPython: the task `task` every
    night at hour:minute, London time, named `name`."""

    def install(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        when, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/London",
        )
        _, created = PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": when, "description": description}
        )
        if created:
            _reload(apps)

    def uninstall(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        if PeriodicTask.objects.filter(name=name).delete()[0]:
            _reload(apps)

    return install, uninstall


def _reload(apps):
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})
