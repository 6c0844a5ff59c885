"""A real Celery worker builds a report taken from Redis; a worker killed in the
middle of a build leaves the task to another, and the report is built once; a
report asked for while the broker is down is built once it is back.

Needs PostgreSQL (the worker, another process, must see the test's database) and
Redis: skipped locally without them, failed in CI."""

import datetime
import shutil
import signal
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config import jobs
from config.celery import requeue_waiting
from config.tests.brokers import RedisServer, broker_at, redis_reachable, stop_worker
from conftest import need
from meetings.tests.factories import ActionFactory
from partnerships.models import Partnership
from reports import services
from reports.models import Report
from reports.tasks import build_report

pytestmark = [pytest.mark.services, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(settings, start_worker):
    url = settings.CELERY_BROKER_URL
    need(
        redis_reachable(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})"
    )
    need(connection.vendor == "postgresql", "PostgreSQL, which a worker process can share")

    def start():
        return start_worker(
            # Short enough for a test: an unacknowledged task goes back to the queue
            # ten seconds after its worker died.
            CELERY_TASK_SOFT_TIME_LIMIT="8",
            CELERY_TASK_TIME_LIMIT="9",
            CELERY_VISIBILITY_TIMEOUT="10",
            CELERY_RESTORE_INTERVAL="1",
        )

    return start


def _wait(report, statuses, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.02)
    raise AssertionError(f"report still {report.status} after {seconds} s")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    settings.DEBUG = False
    return Partnership.objects.get(name="Swindon Community Safety Partnership")


def test_a_worker_builds_the_report_and_it_downloads(stack, demo, client, admin_user):
    stack()
    client.force_login(admin_user)
    response = client.post(reverse("reports:request"), {"kind": "governance", "subject": demo.pk})
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    report = _wait(report, {Report.Status.READY, Report.Status.FAILED}, 90)
    assert report.status == Report.Status.READY, report.error
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_worker_killed_mid_build_leaves_it_to_another_and_it_is_built_once(
    stack, demo, admin_user, settings
):
    first = stack()
    report, _ = services.request_report("governance", demo, include_exempt=True, user=admin_user)
    _wait(report, {Report.Status.RUNNING}, 60)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING  # killed before it could finish

    stack()
    report = _wait(report, {Report.Status.READY, Report.Status.FAILED}, 120)
    assert report.status == Report.Status.READY, report.error
    assert report.attempts == 2
    assert Report.objects.count() == 1
    stored = list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.pdf"))
    assert [p.name for p in stored] == [Path(report.file.name).name]


def test_a_report_asked_for_while_the_broker_is_down_is_built_once_when_it_is_back(
    client, officer, board, tmp_path, start_worker
):
    """The broker is a Redis of the test's own, stopped while a report is asked for:
    the request is answered at once and the report waits. Redis comes back, the
    sweep (beat's task, through Redis) sends the build again and a real worker
    builds it once, although its build is sent twice."""
    need(shutil.which("redis-server"), "redis-server, for a broker the test stops and starts")
    need(connection.vendor == "postgresql", "PostgreSQL, which a worker process can share")
    ActionFactory(group=board)
    client.force_login(officer)
    broker, worker = RedisServer().start(), None
    try:
        with broker_at(broker.url, queue=start_worker.queue):
            broker.stop()
            response = client.post(
                reverse("reports:request"), {"kind": "tracker", "subject": board.pk}
            )
            report = Report.objects.get()
            assert response.status_code == 302
            assert report.status == Report.Status.PENDING
            page = client.get(report.get_absolute_url()).content.decode()
            assert "The report will start shortly" in page

            broker.start()
            worker = start_worker(broker=broker.url)
            waited = timezone.now() - datetime.timedelta(minutes=6)
            Report.objects.filter(pk=report.pk).update(queued_at=waited)
            assert jobs.send(requeue_waiting)  # as beat does every minute
            assert jobs.send(build_report, report.pk)  # and a build sent twice
            report = _wait(report, {Report.Status.READY, Report.Status.FAILED}, 90)
            assert report.status == Report.Status.READY, report.error
            _wait_for_empty(broker.url, start_worker.queue, 60)
        report.refresh_from_db()
        assert report.attempts == 1  # claimed, so built, once
        assert len(list(tmp_path.rglob("*.pdf"))) == 1
    finally:
        if worker is not None:
            stop_worker(worker)  # before its broker
        broker.stop()


def _wait_for_empty(url, queue, seconds):
    """Until the queue holds no task and none is being worked on."""
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + seconds
    while client.llen(queue) or client.hlen("unacked"):
        if time.monotonic() > deadline:
            raise AssertionError(f"tasks still in {queue} after {seconds} s")
        time.sleep(0.05)
