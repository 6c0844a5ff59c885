"""Each demo account signs in and sees its own home page, with no axe violations."""

import pytest

from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = {
    "officer@demo.test": "What to do next",
    "scrutiny@demo.test": "What to do next",
    "chair@demo.test": "What to do next",
    "admin@demo.test": "The register",
}


@pytest.mark.parametrize("email", list(HOMES))
def test_it_signs_each_demo_account_in_to_its_home_page(page, live_server, demo, email):
    sign_in(page, live_server.url, email, "partnership-demo")
    assert page.locator("h1").inner_text() == HOMES[email]
    assert email in page.locator("body").inner_text()
    screenshot(page, f"home-{email.split('@')[0]}")
    assert axe_violations(page) == []
    assert page.csp_violations == []


@pytest.mark.parametrize("path", ["/login/", "/accessibility/", "/password-reset/"])
def test_it_has_no_axe_violations_on_public_pages(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    screenshot(page, "public" + path.strip("/").replace("/", "-"))
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_it_shows_errors_accessibly_after_a_failed_sign_in(page, live_server, demo):
    sign_in(page, live_server.url, "officer@demo.test", "wrong password")
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []


def test_it_has_no_axe_violations_on_register_pages(page, live_server, demo):
    from partnerships.models import Group, Partnership

    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    partnership = Partnership.objects.get(name="Swindon Community Safety Partnership")
    group = Group.objects.filter(partnership=partnership).order_by("pk").first()
    for name, path in [
        ("partnerships", "/partnerships/"),
        ("partnership", partnership.get_absolute_url()),
        ("group", group.get_absolute_url()),
    ]:
        page.goto(f"{live_server.url}{path}")
        screenshot(page, f"register-{name}")
        assert axe_violations(page) == [], path
