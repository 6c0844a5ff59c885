"""The search box in the header, in the browser."""

import pytest

from meetings.models import AgendaItem, Decision, Meeting
from partnerships.models import Group
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_finds_a_decision_by_a_word_and_never_an_exempt_item_for_scrutiny(
    page, live_server, demo
):
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    meeting = board.meetings.filter(status=Meeting.Status.HELD).order_by("-date").first()
    public = AgendaItem.objects.create(meeting=meeting, position=90, title="Street lighting")
    Decision.objects.create(item=public, text="Agreed to brighten the underpass by the station.")
    secret = AgendaItem.objects.create(
        meeting=meeting, position=91, title="Underpass informant", exempt=True, exempt_paragraph=3
    )
    Decision.objects.create(item=secret, text="The underpass informant is to be protected.")

    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    page.get_by_label("Search", exact=True).first.fill("underpass")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Decision on “Street lighting”" in main
    assert "informant" not in main.lower()
    assert page.locator("mark", has_text="underpass").count() >= 1
    screenshot(page, "search-scrutiny")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Decision on “Street lighting”").click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/#item-{public.pk}")

    page.goto(f"{live_server.url}/search/?q=x")
    assert "Search for a word of two letters or more." in page.locator("main").inner_text()
    assert axe_violations(page) == []
