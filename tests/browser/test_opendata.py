"""The open-data page as a member of the public sees it: no sign-in, every file
listed there downloads, and no accessibility violations."""

import json

import pytest

from demo.funding import load_funding
from demo.meetings import load_meetings
from demo.register import load_register
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    # The live server answers from a thread of this process, so it reads the
    # settings as this fixture leaves them.
    settings.OPEN_DATA_ENABLED = True
    settings.COUNCIL_NAME = "Swindon Borough Council"
    load_register()
    load_meetings()
    load_funding()


def test_a_member_of_the_public_reads_the_page_and_fetches_every_file(page, live_server, demo):
    response = page.goto(f"{live_server.url}/open-data/")

    assert response.status == 200
    assert page.url == f"{live_server.url}/open-data/"
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    assert page.locator(".govuk-header").inner_text().strip() == "Swindon Borough Council"
    assert page.locator(".govuk-service-navigation__list").count() == 0
    assert page.get_by_role("button", name="Sign out").count() == 0
    for title in ("Partnerships and groups", "Public meetings", "Grants"):
        assert page.get_by_role("heading", level=2, name=title).is_visible()
    screenshot(page, "opendata-page")
    assert axe_violations(page) == []
    assert page.csp_violations == []

    links = page.locator("main table a[type]")
    files = {
        links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())
    }
    assert sorted(files) == [
        "grants-transparency.csv",
        "grants.csv",
        "grants.json",
        "groups.csv",
        "groups.json",
        "meetings.csv",
        "meetings.ics",
        "meetings.json",
        "partnerships.csv",
        "partnerships.json",
    ]
    for name, href in files.items():
        fetched = page.request.get(href)
        assert fetched.status == 200, name
        assert fetched.headers["access-control-allow-origin"] == "*"

    page.get_by_role("link", name="index.json").click()
    catalogue = json.loads(page.locator("body").inner_text())
    listed = {d["downloadURL"] for ds in catalogue["dataset"] for d in ds["distribution"]}
    assert listed == set(files.values())


def test_the_page_is_not_there_while_the_setting_is_off(page, live_server, demo, settings):
    settings.OPEN_DATA_ENABLED = False

    response = page.goto(f"{live_server.url}/open-data/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
