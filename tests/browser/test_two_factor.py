"""Two-factor authentication through the pages: set-up, backup codes, and the code step
when signing in again."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from partnerships.tests.factories import UserFactory
from tests.browser.conftest import axe_violations, current_code, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "officer@example.test"
PASSWORD = "correct-horse-battery"


def _code_from_key(typed_key):
    """What an authenticator app shows for a key typed in from the page."""
    key = b32decode(typed_key.replace(" ", "") + "=" * (-len(typed_key.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_it_sets_up_two_factor_then_asks_for_a_code_at_sign_in(page, live_server):
    UserFactory(email=EMAIL)
    base = live_server.url
    sign_in(page, base, EMAIL, PASSWORD)
    page.get_by_role("link", name="Your account").click()
    assert page.locator("h1").inner_text() == "Your account"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Set up two-factor authentication").click()

    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    screenshot(page, "two-factor-set-up")
    assert axe_violations(page) == []
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert "The code is not right." in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    time.sleep(1.1)  # one wrong code: django-otp waits a second before checking another
    page.get_by_label("Code from your authenticator app").fill(
        _code_from_key(page.locator("#secret-key").inner_text())
    )
    page.get_by_role("button", name="Continue").click()

    assert page.locator("h1").inner_text() == "Your backup codes"
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "two-factor-backup-codes")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Continue").click()
    assert "Two-factor authentication is on" in page.locator("main").inner_text()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/login/?next=/account/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "Enter a code"
    assert page.get_by_role("link", name="Your account").count() == 0
    screenshot(page, "two-factor-code")
    assert axe_violations(page) == []
    page.get_by_label("Code", exact=True).fill(current_code(EMAIL))
    page.get_by_role("button", name="Continue").click()
    assert page.url == f"{base}/account/"
    assert page.locator("h1").inner_text() == "Your account"
    assert page.csp_violations == []
