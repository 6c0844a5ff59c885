"""The Celery application. With no broker configured, tasks run inline.

Every task of the product uses `RecordedTask`: transient faults (the database or
the broker briefly away) are retried with a growing, jittered delay, and a task
that fails for good is handed to each recorder an app gives, once, from its
AppConfig.ready(): `record_failures_with(function)`. The ops app records each
as a `FailedJob` row that admins see (ops/apps.py)."""

import os

from celery import Celery, Task, signals
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from config import logs, metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config", task_cls="config.celery:RecordedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _log_as_the_web_does(**kwargs):
    """Workers and beat log through the project's LOGGING (LOG_FORMAT, LOG_LEVEL), not
    Celery's own set-up (whose --loglevel is then not used): JSON lines with their
    request's id, as the web servers'."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


# Workers and beat log as the web servers do. A task carries the id of the request
# that queued it; its log lines carry that id and its own; each run is counted for
# /metrics, with how it ended.
signals.setup_logging.connect(_log_as_the_web_does)
signals.before_task_publish.connect(logs.add_request_id)
signals.task_prerun.connect(logs.task_starts)
signals.task_postrun.connect(logs.task_ends)
signals.task_success.connect(metrics.task_succeeded)
signals.task_failure.connect(metrics.task_failed)
signals.task_retry.connect(metrics.task_retried)


_FAILURE_RECORDERS = []


def record_failures_with(recorder):
    """Have `recorder(task_name, task_id, args, kwargs, exc, details)` called for
    each task that fails for good."""
    if recorder not in _FAILURE_RECORDERS:
        _FAILURE_RECORDERS.append(recorder)


class RecordedTask(Task):
    max_retries = 5
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True

    autoretry_for = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        for recorder in _FAILURE_RECORDERS:
            recorder(self.name, task_id, args, kwargs, exc, str(einfo))


@app.task(name="config.echo")
def echo(value):
    """Return what it was given: proves a worker round trip (healthz, tests)."""
    return value


@app.task(name="config.requeue_waiting")
def requeue_waiting():
    """Send again the tasks of records that waited too long (config/jobs.py).
    Celery beat runs it every minute."""
    from config import jobs

    return jobs.requeue_waiting()
