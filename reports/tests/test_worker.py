"""A real Celery worker builds a report taken from Redis; a worker killed in the
middle of a build leaves the task to another, and the report is built once.

Needs PostgreSQL (the worker, another process, must see the test's database) and
Redis: skipped locally without them, failed in CI."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from conftest import need
from partnerships.models import Partnership
from reports import services
from reports.models import Report

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _redis(url):
    import redis

    try:
        return url and redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        return False


@pytest.fixture
def stack(settings, tmp_path):
    url = settings.CELERY_BROKER_URL
    need(_redis(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})")
    need(connection.vendor == "postgresql", "PostgreSQL, which a worker process can share")
    from config.celery import app

    queue = f"test-reports-{os.getpid()}-{time.time_ns()}"
    saved = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    settings.MEDIA_ROOT = tmp_path
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": url,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(tmp_path),
        # Short enough for a test: an unacknowledged task goes back to the queue
        # ten seconds after its worker died.
        "CELERY_TASK_SOFT_TIME_LIMIT": "8",
        "CELERY_TASK_TIME_LIMIT": "9",
        "CELERY_VISIBILITY_TIMEOUT": "10",
        "CELERY_RESTORE_INTERVAL": "1",
    }
    workers = []

    def start():
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "--pool",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
    app.conf.task_always_eager, app.conf.task_default_queue = saved


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
    stored = list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert [p.name for p in stored] == [Path(report.file.name).name]
