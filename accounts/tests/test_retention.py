"""Sign-in records are kept for SIGN_IN_RECORD_DAYS; expired sessions not at all."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import prune_sign_ins

pytestmark = pytest.mark.django_db


def _records(days_ago):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    common = {
        "user_agent": f"browser {days_ago}",
        "ip_address": "192.0.2.1",
        "username": "a@x.test",
    }
    for model, extra in (
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
        (AccessFailureLog, {}),
        (AccessLog, {}),
    ):
        record = model.objects.create(http_accept="*/*", path_info="/login/", **common, **extra)
        model.objects.filter(pk=record.pk).update(attempt_time=at)


def test_sign_in_records_past_their_keeping_and_expired_sessions_go(settings, client, officer):
    settings.SIGN_IN_RECORD_DAYS = 90
    client.force_login(officer)  # a live session (axes clears its lapsed attempts then)
    _records(days_ago=91)
    _records(days_ago=10)
    Session.objects.create(
        session_key="x" * 32,
        session_data="",
        expire_date=timezone.now() - datetime.timedelta(minutes=1),
    )

    gone = prune_sign_ins.delay().get()

    assert gone == {"access attempts": 1, "access failures": 1, "access logs": 1}, gone
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(user_agent="browser 91").exists(), model
        assert model.objects.filter(user_agent="browser 10").exists(), model
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
