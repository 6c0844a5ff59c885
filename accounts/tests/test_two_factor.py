"""Two-factor authentication: set-up, the code step of signing in, backup codes, turning
it off, throttling, and the rule that administrators must use it."""

from base64 import b32encode
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
CODE_STEP = "/login/code/"
SET_UP = "/account/two-factor/set-up/"


def _with_authenticator(user):
    """A confirmed authenticator and ten backup codes, as set-up leaves them."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    codes = two_factor.finish_setup(device)
    return TOTPDevice.objects.get(pk=device.pk), codes


def _code(device):
    device.refresh_from_db()
    return two_factor.code_now(device)


def _sign_in_with_password(client, user, **extra):
    return client.post("/login/", {"username": user.email, "password": PASSWORD, **extra})


def _verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


def _unthrottle(device):
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


def test_it_sets_up_an_authenticator_with_a_real_code_then_shows_backup_codes_once(client, officer):
    client.force_login(officer)
    html = client.get("/account/").content.decode()
    assert "Two-factor authentication is <strong>off</strong>" in html

    response = client.post("/account/two-factor/set-up/start/")
    assert response.status_code == 302 and response.url == SET_UP
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed is False

    html = client.get(SET_UP).content.decode()
    assert '<svg role="img"' in html and "<title>QR code" in html
    key = b32encode(device.bin_key).decode()
    assert key[:4] + " " + key[4:8] in html  # the key to type, in groups of four
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]

    response = client.post(SET_UP, {"code": _code(device)})
    assert response.status_code == 302 and response.url == "/account/two-factor/backup-codes/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert _verified(client)
    codes = list(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(codes) == 10

    html = client.get("/account/two-factor/backup-codes/").content.decode()
    assert all(code in html for code in codes)
    html = client.get("/account/two-factor/backup-codes/").content.decode()
    assert not any(code in html for code in codes)  # shown once
    assert "Backup codes are shown only once" in html
    assert (
        "Two-factor authentication is <strong>on</strong>"
        in client.get("/account/").content.decode()
    )


def test_it_refuses_a_wrong_code_at_set_up(client, officer):
    client.force_login(officer)
    client.post("/account/two-factor/set-up/start/")
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(SET_UP, {"code": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticDevice.objects.filter(user=officer).exists()
    html = response.content.decode()
    assert "There is a problem" in html and "The code is not right." in html
    response = client.post(SET_UP, {"code": "12ab"})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


def test_a_person_with_two_factor_gives_a_code_before_anything_else(client, officer):
    device, _ = _with_authenticator(officer)
    before = officer.last_login
    response = _sign_in_with_password(client, officer)
    assert response.status_code == 302 and response.url == CODE_STEP
    assert not _verified(client)
    officer.refresh_from_db()
    assert officer.last_login == before  # the password alone is not a sign-in
    for path in ["/", "/partnerships/", "/account/", "/api/v1/docs/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(CODE_STEP + "?next="), path
    html = client.get(CODE_STEP).content.decode()
    assert "Enter a code" in html and "Your account</a>" not in html
    assert "Signed in as" not in html and "Sign out</button>" in html  # not in until the code
    # Set-up cannot be used to add a second authenticator instead of giving the code.
    client.post("/account/two-factor/set-up/start/")
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    response = client.post(CODE_STEP, {"code": _code(device)})
    assert response.status_code == 302 and response.url == "/"
    assert _verified(client)
    home = client.get("/")
    assert home.status_code == 200 and f"Signed in as {officer.email}" in home.content.decode()
    officer.refresh_from_db()
    assert officer.last_login and officer.last_login != before


def test_a_person_without_two_factor_signs_in_with_the_password_alone(client, officer):
    response = _sign_in_with_password(client, officer)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_a_backup_code_works_once(client, officer):
    _, codes = _with_authenticator(officer)
    _sign_in_with_password(client, officer)
    response = client.post(CODE_STEP, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert _verified(client)
    assert "You used a backup code. You have 9 left" in response.content.decode()
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    client.post("/logout/")
    _sign_in_with_password(client, officer)
    response = client.post(CODE_STEP, {"code": codes[0]})
    assert response.status_code == 200
    assert "The code is not right." in response.content.decode()
    assert not _verified(client)


def test_new_backup_codes_replace_the_old_ones(client, officer):
    device, old = _with_authenticator(officer)
    _sign_in_with_password(client, officer)
    client.post(CODE_STEP, {"code": _code(device)})

    response = client.post("/account/two-factor/backup-codes/")
    assert response.status_code == 302
    new = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    html = client.get(response.url).content.decode()
    assert all(code in html for code in new)

    client.post("/logout/")
    _sign_in_with_password(client, officer)
    assert client.post(CODE_STEP, {"code": old[1]}).status_code == 200
    assert not _verified(client)
    _unthrottle(StaticDevice.objects.get(user=officer))
    assert client.post(CODE_STEP, {"code": sorted(new)[0]}).status_code == 302
    assert _verified(client)


def test_new_backup_codes_need_a_verified_session(client, officer):
    _, old = _with_authenticator(officer)
    client.force_login(officer)  # signed in, but with no code given
    client.post("/account/two-factor/backup-codes/")
    assert set(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    ) == set(old)


def test_the_next_address_survives_both_steps(client, officer):
    device, _ = _with_authenticator(officer)
    response = _sign_in_with_password(client, officer, next="/partnerships/?page=2")
    assert response.url == CODE_STEP + "?next=%2Fpartnerships%2F%3Fpage%3D2"
    html = client.get(response.url).content.decode()
    assert 'name="next" value="/partnerships/?page=2"' in html
    response = client.post(CODE_STEP, {"code": _code(device), "next": "/partnerships/?page=2"})
    assert response.status_code == 302 and response.url == "/partnerships/?page=2"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path"])
def test_it_refuses_an_off_site_next_address(client, officer, target):
    device, _ = _with_authenticator(officer)
    response = _sign_in_with_password(client, officer, next=target)
    assert response.url == CODE_STEP
    assert "evil" not in client.get(f"{CODE_STEP}?next={target}").content.decode()
    response = client.post(f"{CODE_STEP}?next={target}", {"code": _code(device), "next": target})
    assert response.status_code == 302 and response.url == "/"


def test_turning_two_factor_off_needs_a_current_code(client, officer):
    device, _ = _with_authenticator(officer)
    _sign_in_with_password(client, officer)
    client.post(CODE_STEP, {"code": _code(device)})

    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/account/two-factor/turn-off/", {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right." in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()

    _unthrottle(device)
    response = client.post("/account/two-factor/turn-off/", {"code": _code(device)})
    assert response.status_code == 302 and response.url == "/account/"
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    client.post("/logout/")
    assert _sign_in_with_password(client, officer).url == "/"


@pytest.mark.two_factor
def test_an_administrator_cannot_turn_two_factor_off(client, admin_user):
    device, codes = _with_authenticator(admin_user)
    _sign_in_with_password(client, admin_user)
    client.post(CODE_STEP, {"code": _code(device)})
    assert _verified(client)
    html = client.get("/account/").content.decode()
    assert "Administrators must keep two-factor authentication on." in html
    assert "/account/two-factor/turn-off/" not in html
    response = client.post("/account/two-factor/turn-off/", {"code": codes[0]})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    assert StaticToken.objects.filter(device__user=admin_user).count() == 10


def test_repeated_wrong_codes_lock_the_device_for_a_growing_delay(client, officer):
    device, _ = _with_authenticator(officer)
    _sign_in_with_password(client, officer)
    right = _code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert "The code is not right." in client.post(CODE_STEP, {"code": wrong}).content.decode()
    for _ in range(2):
        # The device now refuses every code, even a right one, until the delay passes.
        html = client.post(CODE_STEP, {"code": right}).content.decode()
        assert "You have entered a wrong code too many times. Wait 1 second" in html
        assert "Each further wrong code makes the wait longer." in html
    assert not _verified(client)
    # Each failure doubles the wait: 1, 2, 4, 8 ... seconds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )
    html = client.post(CODE_STEP, {"code": right}).content.decode()
    assert "Wait 8 seconds" in html
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=9)
    )
    assert client.post(CODE_STEP, {"code": right}).status_code == 302
    assert _verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


@pytest.mark.two_factor
@pytest.mark.parametrize("path", ["/", "/admin/", "/api/v1/", "/api/v1/docs/", "/account/"])
def test_an_administrator_without_an_authenticator_must_set_one_up(client, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(SET_UP + "?next=")


@pytest.mark.two_factor
def test_an_administrator_sets_up_and_is_let_in(client, admin_user):
    client.force_login(admin_user)
    html = client.get(f"{SET_UP}?next=/admin/").content.decode()
    assert "Administrators must use two-factor authentication" in html
    response = client.post("/account/two-factor/set-up/start/", {"next": "/admin/"})
    assert response.url == f"{SET_UP}?next=%2Fadmin%2F"
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(SET_UP, {"code": _code(device), "next": "/admin/"})
    assert response.url == "/account/two-factor/backup-codes/?next=%2Fadmin%2F"
    assert 'href="/admin/">Continue' in client.get(response.url).content.decode()
    assert client.get("/admin/").status_code == 200


@pytest.mark.two_factor
@pytest.mark.parametrize("path", ["/healthz", "/accessibility/", SET_UP])
def test_an_unverified_administrator_still_reaches_the_open_pages(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


@pytest.mark.two_factor
def test_static_files_are_not_sent_to_set_up(admin_user, rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from accounts.middleware import TwoFactorMiddleware

    def request_for(path):
        request = rf.get(path)
        request.user = admin_user
        admin_user.is_verified = lambda: False
        request.session = SessionStore()
        return request

    middleware = TwoFactorMiddleware(lambda request: HttpResponse("passed"))
    assert middleware(request_for("/static/build/app.css")).content == b"passed"
    assert middleware(request_for("/partnerships/")).url.startswith(SET_UP)


@pytest.mark.two_factor
@pytest.mark.parametrize("path", ["/", "/admin/", "/api/v1/docs/"])
def test_an_administrator_with_an_authenticator_must_give_a_code(client, admin_user, path):
    device, _ = _with_authenticator(admin_user)
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(CODE_STEP + "?next=")
    response = client.post(response.url, {"code": _code(device), "next": path})
    assert response.status_code == 302 and response.url == path
    assert client.get(path).status_code == 200


@pytest.mark.two_factor
def test_other_roles_are_not_made_to_use_two_factor(client, officer):
    client.force_login(officer)
    assert client.get("/").status_code == 200
    assert client.get("/account/").status_code == 200


def test_the_requirement_for_administrators_is_a_setting(client, admin_user, settings):
    assert settings.OTP_REQUIRED_FOR_ADMINS is False  # the suite's default: see conftest.py
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_an_ordinary_page_asks_nothing_of_the_two_factor_tables(client, officer):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q["sql"] for q in queries if "otp_" in q["sql"]]


def test_the_header_links_to_your_account(client, officer):
    client.force_login(officer)
    html = client.get("/").content.decode()
    assert 'href="/account/">Your account</a>' in html


def test_the_account_page_stops_and_restarts_the_digest_of_the_register_entry_too(client, db):
    from partnerships.tests.factories import PersonFactory, UserFactory

    person = PersonFactory()
    user = UserFactory(email="pat@example.test", role="officer", person=person)
    client.force_login(user)
    assert "Stop my daily reminder emails" in client.get("/account/").content.decode()
    assert client.get("/account/reminders/").status_code == 405
    client.post("/account/reminders/", {"send": "no"})
    person.refresh_from_db()
    user.refresh_from_db()
    assert person.digest_opt_out and user.digest_opt_out
    assert "Send me daily reminder emails" in client.get("/account/").content.decode()
    client.post("/account/reminders/", {"send": "yes"})
    person.refresh_from_db()
    assert not person.digest_opt_out
