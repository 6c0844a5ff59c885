"""GOV.UK Notify's delivery reports: each reminder and notice email carries a reference
to its rows, and a failure Notify reports later is written into them, where an
administrator sees it; only Notify, with its token, may report."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import PersonFactory
from reminders import delivery
from reminders.models import Notice, Reminder

TOKEN = "notify-callback-token-of-the-council"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _notify(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    settings.SITE_URL = "https://governance.example.test"


def _report(client, body, token=TOKEN):
    return client.post(
        reverse("reminders:notify_delivery"),
        json.dumps(body) if isinstance(body, dict) else body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_reminder_email_names_its_row_and_a_failure_reported_is_kept_there(client, board, chair):
    ActionFactory(group=board, due=datetime.date(2026, 10, 1))
    call_command("send_reminders", "--date", "2026-11-23", stdout=io.StringIO())
    reminder = Reminder.objects.get(kind=Reminder.Kind.ESCALATION)
    references = {m.extra_headers["X-Reference"]: m for m in mail.outbox}
    assert set(references) == {f"reminder:{r.pk}" for r in Reminder.objects.all()}
    email = references[f"reminder:{reminder.pk}"]

    report = {
        "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
        "reference": email.extra_headers["X-Reference"],
        "to": email.to[0],
        "status": "permanent-failure",
        "completed_at": "2026-11-23T09:31:02.000000Z",
        "notification_type": "email",
    }
    assert _report(client, report).status_code == 204
    reminder.refresh_from_db()
    assert reminder.error.startswith("Not delivered (permanent-failure, 2026-11-23 09:31:02)")
    assert "correct it in the register" in reminder.error


def test_a_notice_email_names_its_row_and_a_delivered_one_changes_nothing(
    client, board, django_capture_on_commit_callbacks
):
    owner = PersonFactory(email="sam@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        ActionFactory(group=board, owner=owner)
    notice = Notice.objects.get()
    [email] = mail.outbox
    assert email.extra_headers["X-Reference"] == f"notice:{notice.pk}"
    _report(client, {"reference": f"notice:{notice.pk}", "status": "delivered"})
    notice.refresh_from_db()
    assert notice.error == ""
    _report(client, {"reference": f"notice:{notice.pk}", "status": "temporary-failure"})
    notice.refresh_from_db()
    assert "inbox was full" in notice.error


def test_only_notify_with_its_token_may_report(client, board, settings):
    reminder = Reminder.objects.create(
        kind=Reminder.Kind.DIGEST, date=datetime.date(2026, 11, 23), person=PersonFactory()
    )
    body = {"reference": f"reminder:{reminder.pk}", "status": "permanent-failure"}
    assert _report(client, body, token="a-guess-at-the-token").status_code == 401
    assert client.post(reverse("reminders:notify_delivery"), body).status_code == 401
    assert client.get(reverse("reminders:notify_delivery")).status_code == 405
    assert _report(client, "{not json").status_code == 400
    assert _report(client, "[1, 2]").status_code == 400
    reminder.refresh_from_db()
    assert reminder.error == ""
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert _report(client, body).status_code == 404


def test_a_reference_that_is_not_ours_is_taken_and_forgotten(client):
    for reference in ("", "password-reset", "reminder:", "reminder:12;drop", "meeting:3"):
        assert (
            _report(client, {"reference": reference, "status": "permanent-failure"}).status_code
            == 204
        )


def test_a_digest_of_many_notices_names_as_many_as_fit():
    text = delivery.reference(Notice, range(100000, 100040))
    assert len(text) <= delivery.LONGEST and text.startswith("notice:100000,100001")
    assert not text.endswith(",")
