"""What to do next, from each person's home page, in the browser."""

import pytest

from meetings.models import Meeting
from partnerships.models import Group
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chair_approves_draft_minutes_from_home_in_two_clicks(page, live_server, demo):
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    meeting = board.meetings.filter(status=Meeting.Status.HELD).order_by("-date").first()
    # The officer has written them up as a draft since.
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes="Draft minutes.",
        minutes_status=Meeting.Minutes.DRAFT,
        minutes_approved_at=None,
        minutes_approved_by=None,
        minutes_circulated_on=None,
    )
    sign_in(page, live_server.url, "chair@demo.test", "partnership-demo")
    task = page.get_by_role("link", name=f"Approve the minutes of the {board.name} meeting")
    assert task.count() == 1
    screenshot(page, "home-chair-minutes")
    assert axe_violations(page) == []

    task.click()  # one
    page.get_by_role("button", name="Approve the minutes").click()  # two

    assert "Minutes approved." in page.locator(".govuk-notification-banner").inner_text()
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.Minutes.APPROVED
    assert meeting.minutes_approved_by.email == "chair@demo.test"
    page.goto(f"{live_server.url}/")
    assert "No draft minutes are waiting for you." in page.locator("main").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize("email", ["officer@demo.test", "scrutiny@demo.test"])
def test_every_task_on_the_demo_homes_opens_a_page(page, live_server, demo, email):
    sign_in(page, live_server.url, email, "partnership-demo")
    links = page.locator(".govuk-task-list__link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "the demo gives each of these roles something to do"
    for href in dict.fromkeys(h.split("#")[0] for h in hrefs):
        response = page.goto(f"{live_server.url}{href}")
        assert response.status == 200, href
