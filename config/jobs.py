"""Handing work to the Celery workers, without a request ever failing or
waiting long because the job queue (the broker) is away.

The record a task works on is saved first, waiting (a report PENDING), with
`queued_at`, the time its task was last handed to the queue or asked to be.
`enqueue_on_commit(task, pk)` sends the task once the transaction commits. The
broker gets a couple of seconds and one retry (CELERY_BROKER_CONNECTION_TIMEOUT,
CELERY_TASK_PUBLISH_RETRY_POLICY); if it cannot take the task, a warning is
logged and the record stays waiting.

Every minute Celery beat runs `requeue_waiting` (task `config.requeue_waiting`),
which sends the task again for each record that has waited longer than
JOBS_REQUEUE_AFTER_MINUTES: one whose task never reached the queue, was lost
with it, or whose worker died. A task may therefore arrive twice or more: it
claims its record first (a conditional UPDATE from waiting to running that only
one run can win) and does nothing when another run has it or it is done.

An app whose records wait for a task says so once, in its AppConfig.ready():
`requeue_when_waiting("app.tasks.the_task", "app.Model")`. The model has a
`queued_at` field and a manager method `waiting(before)`: the records queued
before then that still wait for the task.
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

_WAITING = {}  # the task's dotted path -> the label of the model whose records wait for it
BATCH = 500  # records sent again per model in one sweep, at most


def enqueue_on_commit(task, *pks):
    """Send `task` (the task, or its dotted path) with these primary keys once the
    current transaction commits. A module the task itself imports names it by its
    path: "reports.tasks.build_report"."""
    transaction.on_commit(lambda: send(task, *pks))


def send(task, *pks):
    """Hand `task` (the task, or its dotted path) to the broker now. False, with a
    warning logged, when the broker cannot take it: the sweep sends it later.

    The caller keeps the task's state on its record, so no result is stored or
    awaited (the result store, Redis too, is not touched here). Without a broker
    (development, TASKS_INLINE) the task runs here, and its errors are its own."""
    if isinstance(task, str):
        task = import_string(task)
    if task.app.conf.task_always_eager:
        task.apply_async(args=pks)
        return True
    try:
        task.apply_async(args=pks, ignore_result=True)
    except Exception:  # whatever the broker's client raises, the request goes on
        log.warning(
            "%s%r was not sent: the job queue cannot be reached; it is sent again "
            "within %s minutes",
            task.name,
            pks,
            settings.JOBS_REQUEUE_AFTER_MINUTES,
            exc_info=True,
        )
        return False
    return True


def requeue_when_waiting(task_path, model_label):
    """Have the sweep send `task_path` again for the records of `model_label`
    that wait too long for it."""
    _WAITING[task_path] = model_label


def requeue_waiting():
    """Send again the task of each record that has waited longer than
    JOBS_REQUEUE_AFTER_MINUTES; stamp each sent record's queued_at. Returns how
    many were sent. Stops at the first the broker refuses: the next sweep tries."""
    before = timezone.now() - datetime.timedelta(minutes=settings.JOBS_REQUEUE_AFTER_MINUTES)
    sent = 0
    for task_path, model_label in _WAITING.items():
        task = import_string(task_path)
        model = apps.get_model(model_label)
        waiting = model.objects.waiting(before).order_by("queued_at", "pk")
        for pk in waiting.values_list("pk", flat=True)[:BATCH]:
            if not send(task, pk):
                return sent
            model.objects.filter(pk=pk).update(queued_at=timezone.now())
            sent += 1
    if sent:
        log.info("%s waiting jobs sent again", sent)
    return sent
