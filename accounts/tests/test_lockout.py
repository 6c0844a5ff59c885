"""django-axes: five wrong passwords lock the account at that address for 15 minutes,
twenty from anywhere lock it everywhere; the email address counts in any letter case."""

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


def _try(client, password, *, username=EMAIL, address="203.0.113.1", **meta):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **meta
    )


def test_case_and_spaces_in_the_email_address_share_one_lock(client):
    UserFactory(email=EMAIL)
    variants = [
        "officer@example.test",
        "OFFICER@example.test",
        " Officer@Example.Test ",
        "officer@EXAMPLE.TEST",
        "  OFFICER@EXAMPLE.TEST",
    ]
    for variant in variants[:4]:
        assert _try(client, "wrong password", username=variant).status_code == 200
    assert _try(client, "wrong password", username=variants[4]).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {EMAIL}

    response = _try(client, "correct-horse-battery", username="Officer@Example.test")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_five_failures_from_one_address_do_not_lock_the_account_at_another(client):
    UserFactory(email=EMAIL)
    for _ in range(4):
        assert _try(client, "wrong password", address="203.0.113.1").status_code == 200
    assert _try(client, "wrong password", address="203.0.113.1").status_code == 429
    assert _try(client, "correct-horse-battery", address="203.0.113.1").status_code == 429

    response = _try(client, "correct-horse-battery", address="198.51.100.2")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_one_address_cannot_lock_the_account_everywhere(client):
    """However often it tries, and under however many browser names."""
    UserFactory(email=EMAIL)
    for n in range(30):
        _try(client, "wrong password", address="203.0.113.1", HTTP_USER_AGENT=f"Browser {n}")
    assert _try(client, "correct-horse-battery", address="198.51.100.2").status_code == 302


def test_twenty_failures_spread_over_addresses_lock_the_account_everywhere(client, settings):
    assert settings.LOCKOUT_FAILURES_PER_ACCOUNT == 20
    UserFactory(email=EMAIL)
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        for _ in range(5):
            _try(client, "wrong password", address=address)
    for _ in range(4):
        assert _try(client, "wrong password", address="203.0.113.4").status_code == 200
    # 19: the account still signs in from elsewhere.
    assert _try(client, "correct-horse-battery", address="198.51.100.2").status_code == 302
    client.post("/logout/")

    assert _try(client, "wrong password", address="203.0.113.4").status_code == 429  # the 20th
    response = _try(client, "correct-horse-battery", address="198.51.100.3")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account is not touched.
    UserFactory(email="chair@example.test")
    response = _try(client, "correct-horse-battery", username="chair@example.test")
    assert response.status_code == 302


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    UserFactory(email=EMAIL)
    for n in range(4):
        response = _try(client, "wrong password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert response.status_code == 200
    assert _try(client, "wrong password", HTTP_X_FORWARDED_FOR="192.0.2.9").status_code == 429
    response = _try(client, "correct-horse-battery", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email=EMAIL)
    balancer = "10.0.0.1"
    for _ in range(5):
        _try(client, "wrong password", address=balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    # The client may write its own X-Forwarded-For; the proxy adds the address it saw last.
    response = _try(
        client,
        "correct-horse-battery",
        address=balancer,
        HTTP_X_FORWARDED_FOR="198.51.100.8, 198.51.100.7",
    )
    assert response.status_code == 429

    response = _try(
        client, "correct-horse-battery", address=balancer, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert response.status_code == 302
