"""Single sign-on against a real OpenID Connect provider started on loopback
(accounts/tests/directory.mjs, the npm package oidc-provider, standing for Entra ID):
the browser's side is played with HTTP requests, the application's with the test
client, and the application really fetches the token and the directory's keys."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from config.tests.brokers import free_port
from partnerships.tests.factories import UserFactory

HERE = Path(__file__).resolve().parent
CLIENT_ID, SECRET = "csp-governance", "a-client-secret-the-directory-gave"
CALLBACK = "http://testserver/login/directory/back/"

# The directory's people: its own id for each (Entra ID's `oid`), and the email
# address it gives.
PEOPLE = {
    "ann": {"oid": "9f1c-ann", "email": "ann.officer@example.test", "name": "Ann Officer"},
    "bob": {"oid": "9f1c-bob", "email": "bob.chair@example.test", "name": "Bob Chair"},
    "ada": {"oid": "9f1c-ada", "email": "ada.admin@example.test", "name": "Ada Admin"},
    "eve": {"oid": "9f1c-eve", "email": "ann.officer@example.test", "name": "Eve Other"},
}


@pytest.fixture(scope="module")
def directory():
    node = shutil.which("node")
    assert node, "node is needed to run the test directory (make deps installs it)"
    port = free_port()
    process = subprocess.Popen(
        [node, str(HERE / "directory.mjs"), str(port), CLIENT_ID, SECRET, CALLBACK],
        env={**os.environ, "DIRECTORY_PEOPLE": json.dumps(PEOPLE), "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said = [process.stdout.readline().strip()]
        while said[-1] and said[-1] != "listening":
            said.append(process.stdout.readline().strip())
        assert said[-1] == "listening", f"the directory did not start: {said}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def single_sign_on(settings, directory):
    settings.SINGLE_SIGN_ON = True
    settings.OIDC_ISSUER = directory
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{directory}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{directory}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{directory}/jwks"
    settings.OIDC_SUBJECT_CLAIM = "oid"
    settings.OIDC_PROVIDER_NAME = "your council account"


def sign_in(client, directory, login, *, amr="pwd", next_page=None):
    """Press the button, sign in at the directory as `login`, come back: the
    application's answer to the directory's redirect."""
    start = reverse("accounts:directory_login") + (f"?next={next_page}" if next_page else "")
    response = client.get(start)
    assert response.status_code == 302 and response.url.startswith(f"{directory}/auth?")
    browser = requests.Session()
    location = response.url
    for _ in range(10):
        if location.startswith("http://testserver/"):
            return client.get(location.removeprefix("http://testserver"))
        if "/interaction/" in location:
            response = browser.post(location, data={"login": login, "amr": amr}, **_no_follow)
        else:
            response = browser.get(location, **_no_follow)
        assert response.status_code in (302, 303), response.text
        location = urljoin(directory, response.headers["Location"])
    raise AssertionError("the directory never sent the browser back")


_no_follow = {"allow_redirects": False, "timeout": 10}


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def _message(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.mark.django_db
def test_a_linked_account_signs_in_and_goes_where_it_was_going(client, directory):
    ann = UserFactory(email="ann.officer@example.test", role="officer")
    User.objects.filter(pk=ann.pk).update(directory_subject="9f1c-ann")
    response = sign_in(client, directory, "ann", next_page="/account/")
    assert response.status_code == 302 and response.url == "/account/"
    assert _signed_in_as(client) == str(ann.pk)
    assert client.get("/account/").status_code == 200


@pytest.mark.django_db
def test_the_first_sign_in_links_only_an_account_an_administrator_allowed(client, directory):
    bob = UserFactory(email="Bob.Chair@example.test", role="chair")
    refused = sign_in(client, directory, "bob")
    assert refused.url == reverse("login") and not _signed_in_as(client)
    assert "is not linked to an account here" in _message(refused)[0]
    bob.refresh_from_db()
    assert bob.directory_subject is None
    assert not AccessAttempt.objects.exists(), "no password was guessed: nothing to lock"

    bob.directory_link_allowed = True
    bob.save()
    response = sign_in(client, directory, "bob")
    assert _signed_in_as(client) == str(bob.pk), _message(response)
    bob.refresh_from_db()
    assert (bob.directory_subject, bob.directory_link_allowed) == ("9f1c-bob", False)
    assert bob.role == "chair", "the role stays as it was given here"
    last = bob.history.first()
    assert last.directory_subject == "9f1c-bob", "the link is in the account's history"


@pytest.mark.django_db
def test_an_email_address_alone_never_signs_anyone_in(client, directory):
    """Eve's directory account gives Ann's email address; Ann's account is linked to
    Ann's directory id, so Eve is refused, and Ann's link stays."""
    ann = UserFactory(email="ann.officer@example.test", role="officer")
    User.objects.filter(pk=ann.pk).update(directory_subject="9f1c-ann")
    refused = sign_in(client, directory, "eve")
    assert not _signed_in_as(client)
    assert "is not linked" in _message(refused)[0]
    ann.refresh_from_db()
    assert ann.directory_subject == "9f1c-ann"


@pytest.mark.django_db
def test_a_closed_account_is_refused_and_not_linked(client, directory):
    UserFactory(email="ann.officer@example.test", is_active=False, directory_link_allowed=True)
    refused = sign_in(client, directory, "ann")
    assert not _signed_in_as(client)
    assert "This account is closed" in _message(refused)[0]
    assert not User.objects.filter(directory_subject="9f1c-ann").exists()


@pytest.mark.django_db
def test_the_directorys_second_factor_counts_and_a_password_alone_does_not(client, directory):
    ada = UserFactory(email="ada.admin@example.test", role="admin")
    User.objects.filter(pk=ada.pk).update(directory_subject="9f1c-ada")
    TOTPDevice.objects.create(user=ada, name="Authenticator app", confirmed=True)

    response = sign_in(client, directory, "ada", amr="pwd")
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    assert client.get("/account/").url.startswith(reverse("accounts:two_factor_verify"))

    client.post(reverse("logout"))
    response = sign_in(client, directory, "ada", amr="pwd,mfa")
    assert response.url == "/"
    assert client.get("/account/").status_code == 200, "no code is owed here as well"


@pytest.mark.django_db
def test_a_token_from_another_issuer_is_refused(client, directory, settings):
    UserFactory(email="ann.officer@example.test", directory_link_allowed=True)
    settings.OIDC_ISSUER = "https://login.example.org/another-tenant/v2.0"
    refused = sign_in(client, directory, "ann")
    assert not _signed_in_as(client)
    assert "did not work" in _message(refused)[0]


@pytest.mark.django_db
def test_a_replayed_answer_signs_nobody_in(client, directory):
    UserFactory(email="ann.officer@example.test", directory_link_allowed=True)
    sign_in(client, directory, "ann")
    answer = client.get("/account/")
    assert answer.status_code == 200
    first = client.session.get("_auth_user_id")
    client.post(reverse("logout"))
    replay = client.get("/login/directory/back/?code=used&state=unknown")
    assert replay.status_code == 302 and replay.url == reverse("login")
    assert first and not _signed_in_as(client)


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_directory_only_when_it_is_set_up(client, settings):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    settings.SINGLE_SIGN_ON = False
    assert "Sign in with your" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("accounts:directory_login")).status_code == 404


@pytest.mark.django_db
def test_a_password_sign_in_never_reaches_the_directory_and_still_counts(client, directory):
    """A wrong password with a made-up code and state in the address is refused as any
    wrong password is, and counted for the lockout; it is not sent to the directory."""
    UserFactory(email="ann.officer@example.test", password="the-right-passphrase")
    response = client.post(
        reverse("login") + "?code=made-up&state=made-up",
        {"username": "ann.officer@example.test", "password": "a-wrong-guess"},
    )
    assert response.status_code == 200 and not _signed_in_as(client)
    assert AccessAttempt.objects.get().failures_since_start == 1


@pytest.mark.django_db
def test_closing_an_account_ends_its_directory_sessions(client, directory):
    ann = UserFactory(email="ann.officer@example.test", directory_link_allowed=True)
    sign_in(client, directory, "ann")
    assert client.get("/account/").status_code == 200
    User.objects.filter(pk=ann.pk).update(is_active=False)
    assert client.get("/account/").url.startswith(reverse("login"))


@pytest.mark.django_db
def test_an_email_the_directory_has_not_verified_links_nobody(client, directory, monkeypatch):
    UserFactory(email="bob.chair@example.test", directory_link_allowed=True)
    from accounts import directory as module

    original = module.DirectoryBackend.get_userinfo

    def unverified(self, access_token, id_token, payload):
        return original(self, access_token, id_token, {**payload, "email_verified": False})

    monkeypatch.setattr(module.DirectoryBackend, "get_userinfo", unverified)
    refused = sign_in(client, directory, "bob")
    assert not _signed_in_as(client)
    assert "is not linked" in _message(refused)[0]
