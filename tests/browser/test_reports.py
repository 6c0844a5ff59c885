"""Asking for PDF reports in the browser: the officer's board pack with its
confidential part, the scrutiny member's governance report and review report.
Axe on every report page."""

import pytest

from meetings.models import AgendaItem
from reports.models import Report
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "partnership-demo"


def _ask(page, button, failures, name):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text()
    assert "Ready" in page.locator("#report-status").inner_text()
    screenshot(page, f"reports-{name}")
    if violations := axe_violations(page):
        failures[name] = violations
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    return pdf


def test_each_role_asks_for_its_reports(page, live_server, demo):
    failures = {}
    secret = AgendaItem.objects.filter(exempt=True).select_related("meeting").first()
    sign_in(page, live_server.url, "officer@demo.test", PASSWORD)
    page.goto(f"{live_server.url}{secret.meeting.get_absolute_url()}")
    _ask(page, "Download the board pack (PDF)", failures, "officer-board-pack")
    assert "Included, in a part marked NOT FOR PUBLICATION" in page.locator("main").inner_text()
    assert Report.objects.get(kind="board-pack").include_exempt is True

    page.context.clear_cookies()
    sign_in(page, live_server.url, "scrutiny@demo.test", PASSWORD)
    page.goto(f"{live_server.url}{secret.meeting.get_absolute_url()}")
    _ask(page, "Download the board pack (PDF)", failures, "scrutiny-board-pack")
    assert "NOT FOR PUBLICATION" not in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/partnerships/{secret.meeting.group.partnership_id}/dashboard/")
    _ask(page, "Download the annual governance report (PDF)", failures, "scrutiny-governance")
    failures.update(crawl(page, live_server.url, {"list": "/reports/"}, "reports-scrutiny"))
    assert "Annual governance report" in page.locator("main").inner_text()
    assert failures == {}
    assert page.csp_violations == []
