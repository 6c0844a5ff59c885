"""django-axes: five wrong passwords lock the account (from that address) for 15 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "officer@example.test"


def _sign_in(client, password):
    return client.post("/login/", {"username": EMAIL, "password": password})


def _age_attempts(minutes):
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


def test_it_locks_out_after_five_failures_and_lets_in_after_fifteen_minutes(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) == timedelta(minutes=15)
    UserFactory(email=EMAIL)
    for _ in range(4):
        response = _sign_in(client, "wrong password")
        assert response.status_code == 200
        assert "Enter a correct email address and password." in response.content.decode()
    response = _sign_in(client, "wrong password")  # the fifth
    assert response.status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 5

    # Locked: even the right password is refused, and nobody is signed in.
    response = _sign_in(client, "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    _age_attempts(14)
    # Still locked after 14 minutes; a try during the lock starts the 15 minutes again.
    assert _sign_in(client, "correct-horse-battery").status_code == 429

    _age_attempts(15)
    response = _sign_in(client, "correct-horse-battery")
    assert response.status_code == 302 and response.url == "/"
    assert "_auth_user_id" in client.session


def test_four_failures_do_not_lock_and_a_success_clears_them(client):
    UserFactory(email=EMAIL)
    for _ in range(4):
        _sign_in(client, "wrong password")
    assert _sign_in(client, "correct-horse-battery").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _sign_in(client, "wrong password").status_code == 200
    assert _sign_in(client, "correct-horse-battery").status_code == 302
