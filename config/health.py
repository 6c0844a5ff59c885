"""Checks behind /healthz (can the web server reach the database and the broker?)
and /readyz (is the whole service ready: those, the file storage, a worker that
answers and a beat that keeps the schedules)."""

import datetime
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

# Beat runs the nightly jobs: a schedule that has not run for longer than this is
# taken for a beat that stopped.
BEAT_SILENT_AFTER = datetime.timedelta(hours=26)


def database_status(connection):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status():
    if not settings.CELERY_BROKER_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def storage_status():
    """Write, read back and delete a small file where uploads and reports go."""
    name = f"readyz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ready"))
        try:
            with default_storage.open(saved) as handle:
                if handle.read() != b"ready":
                    return "error: the file read back differs"
        finally:
            default_storage.delete(saved)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _inline():
    """Tasks run inline in this process (no broker; or tests): no worker, no beat."""
    from config.celery import app

    return app.conf.task_always_eager


def worker_status():
    """At least one Celery worker answers a ping within a second."""
    if _inline():
        return "not configured"
    from config.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return f"ok: {len(replies)} answered" if replies else "error: no worker answered"


def beat_status(now=None):
    """Beat ran one of its schedules within BEAT_SILENT_AFTER."""
    if _inline():
        return "not configured"
    from django.db.models import Max
    from django_celery_beat.models import PeriodicTask

    try:
        last = PeriodicTask.objects.filter(enabled=True).aggregate(at=Max("last_run_at"))["at"]
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    if last is None:
        return "error: beat has not run a schedule yet"
    now = now or timezone.now()
    if now - last > BEAT_SILENT_AFTER:
        return f"error: beat last ran a schedule at {timezone.localtime(last):%Y-%m-%d %H:%M}"
    return "ok"


def is_ready(status):
    return status in ("ok", "not configured") or status.startswith("ok:")
