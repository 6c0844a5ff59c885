"""The open-data page as a member of the public sees it: no sign-in, every file
listed there downloads, and no accessibility violations."""

import json

import pytest

from demo.funding import load_funding
from demo.meetings import load_meetings
from demo.register import load_register
from meetings.models import AgendaItem, Paper
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
    assert listed == {*files.values(), f"{live_server.url}/open-data/meetings/papers.atom"}


def test_a_member_of_the_public_follows_a_meeting_in_the_public_record(page, live_server, demo):
    """From the open-data page to a board's meeting: its public items and papers, the
    decisions and approved minutes; never the exempt item or its paper."""
    exempt = AgendaItem.objects.filter(exempt=True, papers__isnull=False).first()
    meeting = exempt.meeting
    failures = {}

    def check(name):
        screenshot(page, f"opendata-{name}")
        if violations := axe_violations(page):
            failures[name] = violations

    page.goto(f"{live_server.url}/open-data/")
    page.get_by_role("link", name="public record of meetings").click()
    check("record")
    page.get_by_role("link", name=meeting.group.name).click()
    check("record-group")
    assert page.get_by_role("link", name="Add its meetings to your calendar").count() == 1
    page.locator(f'a[href="/open-data/meetings/{meeting.uid}/"]').first.click()
    check("record-meeting")
    main = page.locator("main").inner_text()
    assert exempt.title not in main and "1 item is exempt under Schedule 12A" in main
    for paper in exempt.papers.all():
        assert paper.title not in main
    public = Paper.objects.filter(item__meeting=meeting, item__exempt=False).first()
    with page.expect_download() as download:
        page.get_by_role("link", name=public.title).click()
    assert download.value.path().read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    feed = page.request.get(f"{live_server.url}/open-data/meetings/papers.atom")
    assert public.title in feed.text() and exempt.title not in feed.text()
    assert failures == {}
    assert page.csp_violations == []


def test_the_page_is_not_there_while_the_setting_is_off(page, live_server, demo, settings):
    settings.OPEN_DATA_ENABLED = False

    response = page.goto(f"{live_server.url}/open-data/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
