"""The API's documentation page in the browser: an officer reads it, opens the
fields of an endpoint and follows a link to the JSON; axe finds nothing and the
Content-Security-Policy is kept."""

import json

import pytest

from api.tests.factories import records_of
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_the_api_docs(page, live_server, officer, partnership, board):
    records_of(partnership, board)
    sign_in(page, live_server.url, officer.email, "correct-horse-battery")
    page.goto(f"{live_server.url}/api/v1/docs/")
    assert page.get_by_role("heading", level=1).inner_text() == "The read API"
    assert page.get_by_role("heading", name="Meetings", exact=True).is_visible()
    assert axe_violations(page) == []

    page.get_by_text("Fields of each of the meetings").click()
    fields = page.get_by_role("table", name="Fields of meetings")
    assert fields.is_visible()
    assert "minutes_due_by" in fields.inner_text()
    screenshot(page, "api-docs")
    assert axe_violations(page) == []
    assert page.csp_violations == []

    page.get_by_role("link", name="/api/v1/meetings/", exact=True).click()
    meetings = json.loads(page.locator("body").inner_text())
    titles = [item["title"] for item in meetings["results"][0]["items"]]
    assert titles == ["Performance report", "Case review of a named family"]
