"""Playwright driving Debian's chromium against the live test server."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import need

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists(), f"Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    need(AXE.exists(), "axe-core from npm (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    # Injected by the browser itself, so the page's Content-Security-Policy stays on.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def demo(settings, tmp_path):
    """The demo data, loaded as `make run` loads it; uploads go to a scratch folder."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # the demo loader refuses to run in production
    call_command("load_demo", quiet_accounts=True)
    settings.DEBUG = False


def axe_violations(page):
    """WCAG 2.2 A and AA violations on the current page, as readable lines."""
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
            resultTypes: ['violations']})"""
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if page.url.split("?")[0].endswith("/login/code/"):
        # Two-factor is on for this account: type the code its authenticator shows now.
        page.get_by_label("Code", exact=True).fill(current_code(email))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def current_code(email):
    """The code the account's authenticator app would show now, worked out from its key
    as the app does (or the next time step's, if this step's code is used already)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = totp.time + device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def crawl(page, base_url, paths, prefix):
    """Visit each path, screenshot it, and return the axe violations by name."""
    failures = {}
    for name, path in paths.items():
        page.goto(f"{base_url}{path}")
        screenshot(page, f"{prefix}-{name}")
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
    return failures
