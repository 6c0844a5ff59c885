"""A report whose build never reached a worker is sent again by the sweep that
Celery beat runs every minute, and however often its build arrives it is built
once. Tasks run inline here, except where the broker is made to be away."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config import jobs
from config.celery import requeue_waiting
from config.tests.brokers import broker_at, free_port
from meetings.tests.factories import ActionFactory
from reports import services
from reports.models import Report


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_REQUEUE_AFTER_MINUTES = 5


def _broker_away():
    return broker_at(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there


@pytest.fixture
def stranded(officer, board, transactional_db):
    """A tracker asked for while the broker was away: pending, its build never sent."""
    ActionFactory(group=board)
    with _broker_away():
        report, _ = services.request_report("tracker", board, user=officer)
    return report


def _minutes_ago(n):
    return timezone.now() - datetime.timedelta(minutes=n)


def test_a_report_left_waiting_is_built_once_the_sweep_sends_it_again(stranded, settings):
    stranded.refresh_from_db()
    assert (stranded.status, stranded.attempts) == ("pending", 0)
    assert requeue_waiting.delay().get() == 0  # it has not waited long enough

    Report.objects.filter(pk=stranded.pk).update(queued_at=_minutes_ago(6))
    assert requeue_waiting.delay().get() == 1  # the broker is back: tasks run inline
    stranded.refresh_from_db()
    assert (stranded.status, stranded.attempts) == ("ready", 1)
    assert stranded.queued_at > _minutes_ago(1)

    Report.objects.filter(pk=stranded.pk).update(queued_at=_minutes_ago(60))
    assert requeue_waiting.delay().get() == 0  # ready: nothing waits
    assert services.build(stranded.pk) is None  # its build arriving late does nothing
    stranded.refresh_from_db()
    assert stranded.attempts == 1


def test_while_the_broker_is_still_away_the_report_keeps_waiting(stranded):
    Report.objects.filter(pk=stranded.pk).update(queued_at=_minutes_ago(6))
    with _broker_away():
        assert jobs.requeue_waiting() == 0
    stranded.refresh_from_db()
    assert stranded.status == "pending"
    assert stranded.queued_at < _minutes_ago(5)  # tried again at the next sweep


def test_a_later_request_of_a_waiting_report_joins_it_and_it_is_built_once(
    stranded, officer, board
):
    again, created = services.request_report("tracker", board, user=officer)
    assert (again.pk, created) == (stranded.pk, False)
    Report.objects.filter(pk=stranded.pk).update(queued_at=_minutes_ago(6))
    jobs.requeue_waiting()
    again.refresh_from_db()
    assert (again.status, again.attempts) == ("ready", 1)


@pytest.mark.parametrize(
    ("started_minutes_ago", "built"),
    [
        (1, False),  # another worker is building it now
        (16, True),  # started longer ago than a task may run: its worker died
    ],
)
def test_a_build_sent_while_another_builds_the_report_leaves_it_to_them(
    officer, board, settings, started_minutes_ago, built
):
    settings.CELERY_TASK_TIME_LIMIT = 900
    report = Report.objects.create(
        kind="tracker",
        group=board,
        title="Action tracker",
        requested_by=officer,
        status=Report.Status.RUNNING,
        started_at=_minutes_ago(started_minutes_ago),
        attempts=1,
        queued_at=_minutes_ago(30),
    )
    assert list(Report.objects.waiting(_minutes_ago(5))) == ([report] if built else [])
    services.build(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (("ready", 2) if built else ("running", 1))


def test_beat_sends_waiting_jobs_again_every_minute(db):
    migration = importlib.import_module("reports.migrations.0003_requeue_waiting_schedule")
    migration.install(apps, None)  # done by the migration, unless a test's flush undid it
    task = PeriodicTask.objects.get(task="config.requeue_waiting")
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    task.enabled = False  # an admin's choice survives the migration running again
    task.save()
    migration.install(apps, None)
    assert PeriodicTask.objects.filter(task="config.requeue_waiting").count() == 1
    assert not PeriodicTask.objects.get(pk=task.pk).enabled


def test_a_build_the_database_interrupts_is_left_waiting_for_its_retry(
    officer, board, monkeypatch
):
    from django.db import OperationalError

    report, _ = services.request_report("tracker", board, user=officer)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PENDING, attempts=0)

    def away(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(services.documents, "render", away)
    with pytest.raises(OperationalError):
        services.build(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("pending", 0)  # the retry claims it at once

    monkeypatch.undo()
    services.build(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("ready", 1)


def test_a_report_whose_build_keeps_stopping_its_worker_is_failed_not_retried_for_ever(
    officer, board, settings
):
    settings.CELERY_TASK_TIME_LIMIT = 900
    report = Report.objects.create(
        kind="tracker",
        group=board,
        title="Action tracker",
        requested_by=officer,
        status=Report.Status.RUNNING,
        started_at=_minutes_ago(20),
        attempts=services.MOST_ATTEMPTS,
        queued_at=_minutes_ago(30),
    )
    services.build(report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    assert "stopped the worker 3 times" in report.error
    assert not report.file
    assert list(Report.objects.waiting(_minutes_ago(5))) == []
