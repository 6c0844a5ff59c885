"""The Celery application. With no broker configured, tasks run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.echo")
def echo(value):
    """Return what it was given: proves a worker round trip (healthz, tests)."""
    return value
