"""The API's limits: each user has a count of their own, whether they come with a
token or a session; a caller not signed in is counted by address. Past the rate the
answer is 429, with Retry-After. The counts are kept in the default cache (Redis in
CI). Tests leave the limits off (conftest.py) unless they set a rate."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from api.tests.conftest import list_url
from api.tests.factories import token_for
from api.throttling import PerAddress


@pytest.fixture(autouse=True)
def _counts_of_this_test_only(settings):
    """The configured cache, under a key prefix of this test's own: counts left in
    Redis by another test or run cannot leak in."""
    cache = settings.CACHES["default"]
    settings.CACHES = {"default": {**cache, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


def _get(client, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    return client.get(list_url("meetings"), **headers)


def test_the_request_past_the_rate_gets_429_with_retry_after(client, officer, records, settings):
    settings.API_RATE_PER_USER = "3/minute"
    key = token_for(officer)
    for _ in range(3):
        assert _get(client, key).status_code == 200
    response = _get(client, key)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_a_user_s_token_and_session_share_one_count(client, officer, records, settings):
    settings.API_RATE_PER_USER = "3/minute"
    key = token_for(officer)
    for _ in range(3):
        assert _get(client, key).status_code == 200
    client.force_login(officer)
    assert _get(client).status_code == 429


def test_two_users_have_separate_counts(client, officer, scrutiny_member, records, settings):
    settings.API_RATE_PER_USER = "3/minute"
    officer_key, member_key = token_for(officer), token_for(scrutiny_member)
    for _ in range(3):
        assert _get(client, officer_key).status_code == 200
    assert _get(client, officer_key).status_code == 429
    for _ in range(3):
        assert _get(client, member_key).status_code == 200
    assert _get(client, member_key).status_code == 429


def test_a_caller_not_signed_in_is_counted_by_the_address_past_trusted_proxies(rf, settings):
    # The API refuses such a caller (401) before counting; the count stands ready
    # for anything the API opens to them.
    settings.API_RATE_PER_ADDRESS = "2/minute"

    def allowed(address, forwarded):
        request = rf.get("/api/v1/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded)
        request.user = AnonymousUser()
        return PerAddress().allow_request(request, view=None)

    # No trusted proxy: X-Forwarded-For is the caller's own writing, and ignored.
    assert allowed("203.0.113.1", "192.0.2.1")
    assert allowed("203.0.113.1", "192.0.2.2")
    assert not allowed("203.0.113.1", "192.0.2.3")
    assert allowed("203.0.113.2", "192.0.2.3")

    # One load balancer: the address it saw is the last in X-Forwarded-For.
    settings.TRUSTED_PROXY_COUNT = 1
    assert allowed("10.0.0.1", "198.51.100.1")
    assert allowed("10.0.0.1", "192.0.2.9, 198.51.100.1")
    assert not allowed("10.0.0.1", "192.0.2.8, 198.51.100.1")
    assert allowed("10.0.0.1", "198.51.100.2")
