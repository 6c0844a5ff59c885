"""Tokens issued to service accounts, sessions of people signed in, and a read-only
API: every other method is refused. A token is kept only as a hash, expires after
API_TOKEN_DAYS and is revoked by deleting it."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from api.tests.conftest import detail_url, list_url
from api.tests.factories import token_for
from partnerships.tests.factories import UserFactory


@pytest.fixture
def service_account(partnership):
    """What an administrator sets up for another system: a user with a role, and a token."""
    return UserFactory(email="reports-system@example.test", role="scrutiny")


def test_it_reads_with_the_token_of_a_service_account(client, service_account, records):
    response = client.get(
        list_url("meetings"), HTTP_AUTHORIZATION=f"Token {token_for(service_account)}"
    )
    assert response.status_code == 200
    meeting = response.json()["results"][0]
    # The account's role decides, as for a person: scrutiny never sees exempt items.
    assert [i["title"] for i in meeting["items"]] == ["Performance report"]


def test_the_role_of_the_token_s_account_decides_what_it_reads(client, records):
    response = client.get(
        list_url("people"), HTTP_AUTHORIZATION=f"Token {token_for(records.owner_user)}"
    )
    assert response.status_code == 403
    response = client.get(
        list_url("actions"), HTTP_AUTHORIZATION=f"Token {token_for(records.owner_user)}"
    )
    assert [a["id"] for a in response.json()["results"]] == [records.exempt_action.pk]


def test_it_refuses_a_token_that_is_not_valid_with_401(client, records):
    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_it_refuses_the_token_of_an_inactive_account(client, inactive_user, records):
    key = token_for(inactive_user)
    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_without_credentials_it_answers_401_and_says_how_to_authenticate(client, records):
    response = client.get(list_url("meetings"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Authentication credentials were not provided."


def _issue_in_the_admin(client, admin_user, user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:knox_authtoken_add"), {"user": user.pk})
    assert response.status_code == 302
    (shown,) = [m.message for m in get_messages(response.wsgi_request) if "once" in m.message]
    client.logout()
    return shown.rsplit(" ", 1)[1]


def test_an_administrator_issues_a_token_in_the_admin_and_sees_it_once(
    client, admin_user, service_account, records
):
    key = _issue_in_the_admin(client, admin_user, service_account)
    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200

    stored = AuthToken.objects.get(user=service_account)
    assert stored.expiry - stored.created == pytest.approx(
        timedelta(days=90), abs=timedelta(seconds=5)
    )
    client.force_login(admin_user)
    page = client.get(reverse("admin:knox_authtoken_changelist")).content.decode()
    assert service_account.email in page
    assert key not in page


def test_the_stored_form_of_a_token_is_not_the_token(service_account):
    key = token_for(service_account)
    stored = AuthToken.objects.get(user=service_account)
    assert key not in (stored.digest, stored.token_key)
    assert stored.digest == hashlib.sha512(key.encode()).hexdigest()
    # What is kept in the clear is a short prefix, for looking the token up.
    assert len(stored.token_key) == 15 and len(key) == 64
    assert AuthToken.objects.filter(digest=key).count() == 0


def test_a_token_expires_after_api_token_days(client, service_account, records, settings):
    assert settings.API_TOKEN_DAYS == 90
    key = token_for(service_account)
    stored = AuthToken.objects.get(user=service_account)
    assert stored.expiry - stored.created == pytest.approx(
        timedelta(days=90), abs=timedelta(seconds=5)
    )
    AuthToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))

    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert not AuthToken.objects.filter(user=service_account).exists()  # and it is gone


def test_a_token_revoked_in_the_admin_no_longer_reads(client, admin_user, service_account, records):
    key = token_for(service_account)
    other = token_for(service_account)
    assert client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    stored = next(t for t in AuthToken.objects.all() if t.token_key == key[:15])
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    # The account's other token still reads.
    assert client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {other}").status_code == 200


UNSAFE = ["post", "put", "patch", "delete", "options"]


@pytest.mark.parametrize("method", UNSAFE)
def test_every_other_method_is_refused_with_405(client, officer, records, method):
    """With a token, a session (no CSRF token needed to be refused) or nothing at all."""
    key = token_for(officer)
    urls = [list_url("meetings"), detail_url("meetings", records.meeting.pk)]
    urls += [list_url("health-findings"), reverse("api:schema")]
    for url in urls:
        send = getattr(client, method)
        assert send(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 405, url
        assert send(url).status_code == 405, url
    client.force_login(officer)
    for url in urls:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, url
    response = getattr(client, method)(list_url("meetings"))
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert records.meeting.__class__.objects.filter(pk=records.meeting.pk).exists()


def test_head_is_answered_like_get(client, officer, records):
    client.force_login(officer)
    assert client.head(list_url("meetings")).status_code == 200
