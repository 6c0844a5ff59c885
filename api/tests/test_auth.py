"""Tokens issued to service accounts, sessions of people signed in, and a read-only
API: every other method is refused."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

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


def test_a_deleted_token_no_longer_reads(client, service_account, records):
    key = token_for(service_account)
    Token.objects.filter(key=key).delete()
    response = client.get(list_url("meetings"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_an_administrator_issues_a_token_in_the_admin(client, admin_user, service_account):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:authtoken_tokenproxy_add"), {"user": service_account.pk}, follow=True
    )
    assert response.status_code == 200
    assert Token.objects.filter(user=service_account).exists()


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
