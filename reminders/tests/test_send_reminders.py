"""The ways the reminders run: the management command, the Celery task, and the
daily schedule that Celery beat reads."""

import datetime
import importlib
import io
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config.email_url import email_settings
from meetings.tests.factories import ActionFactory
from reminders.models import Notice, Reminder
from reminders.tasks import send_daily_reminders


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://governance.example.test"


@pytest.fixture
def due(board, chair):
    """An action due soon for one owner, and one long overdue for the chair to hear of."""
    ActionFactory(group=board, due=datetime.date(2026, 11, 25))
    ActionFactory(group=board, due=datetime.date(2026, 10, 1))


def _run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_it_sends_each_digest_once_however_often_it_runs(due):
    assert (
        _run("--date", "2026-11-23")[-1] == "digests sent: 2, escalations sent: 1, already sent: 0"
    )
    assert (
        _run("--date", "2026-11-23")[-1] == "digests sent: 0, escalations sent: 0, already sent: 3"
    )
    assert len(mail.outbox) == 3
    assert Reminder.objects.filter(status="sent").count() == 3


def test_a_dry_run_says_what_it_would_send_and_sends_nothing(due):
    lines = _run("--date", "2026-11-23", "--dry-run")
    assert lines == [
        "Dry run for 23 November 2026: nothing is sent or recorded.",
        "digests sent: 2, escalations sent: 1, already sent: 0",
    ]
    assert mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.parametrize("bad", ["23/11/2026", "2026-02-30", "tomorrow"])
def test_a_bad_date_is_refused_plainly(db, bad):
    with pytest.raises(CommandError, match=f"--date '{bad}' is not a date: write it as YYYY-MM-DD"):
        _run("--date", bad)


def test_it_fails_loudly_when_a_reminder_could_not_be_sent(due, settings):
    settings.EMAIL_BACKEND = "reminders.tests.test_services.RefusingBackend"
    ActionFactory(owner__email="refused@example.test", due=datetime.date(2026, 11, 24))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Some reminders were not sent"):
        call_command("send_reminders", "--date", "2026-11-23", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == (
        "digests sent: 2, escalations sent: 1, already sent: 0"
    )
    assert "1 could not be sent and are left pending" in err.getvalue()


def test_with_a_filemail_url_it_writes_each_email_to_a_file(due, settings, tmp_path):
    folder = tmp_path / "mail"
    for name, value in email_settings(f"filemail://{folder}").items():
        setattr(settings, name, value)
    assert _run("--date", "2026-11-23")[-1] == (
        "digests sent: 2, escalations sent: 1, already sent: 0"
    )
    written = "".join(path.read_text() for path in folder.iterdir())
    assert written.count("Subject: ") == 3
    assert Reminder.objects.filter(status="sent").count() == 3


def test_it_says_when_another_run_holds_some_emails(due):
    _run("--date", "2026-11-23")
    Reminder.objects.filter(kind="escalation").update(status="sending", sent_at=None)
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", "--date", "2026-11-23", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == (
        "digests sent: 0, escalations sent: 0, already sent: 2, being sent by another run: 1"
    )
    assert "1 are being sent by another run. Should that run have stopped, run again" in (
        err.getvalue()
    )


def test_the_task_sends_the_days_reminders(due):
    assert (
        send_daily_reminders.delay("2026-11-23").get()
        == "digests sent: 2, escalations sent: 1, already sent: 0"
    )
    # And the notices of the actions given to their owners, which waited for it.
    told = Notice.objects.filter(status=Notice.Status.SENT).count()
    assert told and len(mail.outbox) == 3 + told


def test_the_task_asks_for_a_retry_which_sends_only_what_failed(due, settings):
    settings.EMAIL_BACKEND = "reminders.tests.test_services.RefusingBackend"
    ActionFactory(owner__email="refused@example.test", due=datetime.date(2026, 11, 24))
    with pytest.raises(Retry, match="RemindersNotSent.*1 reminders of 2026-11-23 not sent"):
        send_daily_reminders.delay("2026-11-23")
    assert len(_reminders(mail.outbox)) == 3
    assert Reminder.objects.get(person__email="refused@example.test").status == "pending"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_reminders.delay("2026-11-23").get() == (
        "digests sent: 1, escalations sent: 0, already sent: 3"
    )
    assert _reminders(mail.outbox)[-1].to == ["refused@example.test"]


def _reminders(outbox):
    """The reminders sent, not the notifications (of actions given) sent with them."""
    told = set(Notice.objects.values_list("subject", flat=True))
    return [m for m in outbox if m.subject not in told]


def test_the_task_comes_back_for_emails_claimed_by_a_run_that_was_killed(due, chair, settings):
    """A worker killed mid-run leaves its claims; Celery gives the task to another
    worker, which must not count them as sent and stop there."""
    settings.REMINDER_CLAIM_TIMEOUT_MINUTES = 30
    send_daily_reminders.delay("2026-11-23").get()
    Reminder.objects.filter(kind="escalation").update(status="sending", sent_at=None)
    mail.outbox.clear()
    with pytest.raises(Retry, match="1 reminders of 2026-11-23 claimed by another run") as retry:
        send_daily_reminders.delay("2026-11-23")
    assert retry.value.when == 31 * 60  # after the claim has timed out

    later = timezone.now() + datetime.timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert send_daily_reminders.delay("2026-11-23").get() == (
            "digests sent: 0, escalations sent: 1, already sent: 2"
        )
    assert [m.to for m in mail.outbox] == [[chair.person.email]]


def test_beat_sends_the_reminders_at_seven_in_london(db):
    migration = importlib.import_module("meetings.migrations.0004_daily_reminders_schedule")
    migration.install(apps, None)  # done by the migration, unless a test's flush undid it
    task = PeriodicTask.objects.get(task="meetings.tasks.send_daily_reminders")
    assert task.task == send_daily_reminders.name  # the name it kept when it moved
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "7",
        "0",
        "Europe/London",
    )
    task.enabled = False  # an admin's choice survives the migration running again
    task.save()
    migration.install(apps, None)
    migration.install(apps, None)
    assert PeriodicTask.objects.filter(task="meetings.tasks.send_daily_reminders").count() == 1
    assert not PeriodicTask.objects.get(pk=task.pk).enabled
