"""The meeting journey: schedule, publish, attend, decide, act, update by link, approve."""

import pytest
from django.utils import timezone

from meetings.links import action_link
from meetings.models import Action, Meeting
from partnerships.models import Group, Membership
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(scope, day):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def test_the_whole_meeting_journey(browser, page, live_server, demo):
    """A clerk schedules a meeting (the standard items appear), reorders the agenda
    from the keyboard, records a declaration and, on the day, the attendance with a
    standing deputy; writes the minutes item by item; the chair approves them."""
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    members = list(
        Membership.objects.current()
        .filter(group=board)
        .exclude(role="chair")
        .select_related("person")
        .order_by("person__name")
    )
    absent_seat, owner = members[0], members[1].person
    absent_member = absent_seat.person
    deputy = (
        Membership.objects.current().exclude(group=board).select_related("person").first().person
    )
    today = timezone.localdate()
    base = live_server.url
    failures = {}

    def check(name):
        screenshot(page, f"meeting-{name}")
        violations = axe_violations(page)
        if violations:
            failures[name] = violations

    sign_in(page, base, "officer@demo.test", "partnership-demo")
    # A standing deputy for one seat, named on the group's page.
    page.goto(f"{base}{board.get_absolute_url()}")
    page.get_by_role("link", name=f"Deputies for {absent_member.name}").click()
    page.get_by_label("Find by name (deputy)").fill(deputy.name)
    page.get_by_label("Deputy", exact=True).select_option(value=str(deputy.pk))
    page.get_by_label("Can take decisions").check()
    check("deputies")
    page.get_by_role("button", name="Add the deputy").click()
    assert (
        f"{deputy.name} is now a deputy" in page.locator(".govuk-notification-banner").inner_text()
    )

    page.goto(f"{base}/groups/{board.pk}/meetings/")
    check("group-meetings")
    page.get_by_role("link", name="Schedule a meeting").click()
    _fill_date(page.get_by_role("group", name="Date"), today)
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Place").fill("Civic Offices, Committee Room 1")
    check("schedule-form")
    page.get_by_role("button", name="Save").click()
    assert "Meeting scheduled" in page.locator(".govuk-notification-banner").inner_text()
    meeting = Meeting.objects.filter(group=board, date=today).latest("pk")
    agenda = page.locator("#agenda + ol")
    for title in ("Apologies for absence", "Declarations of interest", "Any other business"):
        assert title in agenda.inner_text()

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title", exact=True).fill("Youth violence: partnership response")
    page.get_by_label("Presenter").fill("Head of Community Safety")
    page.get_by_role("button", name="Save").click()
    assert "5. Youth violence: partnership response" in agenda.inner_text()  # before AOB
    # Moved up one place, from the keyboard.
    page.get_by_role("button", name="Move up item 5, Youth violence: partnership response").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[3:] == [
        "Youth violence: partnership response",
        "Matters arising",
        "Any other business",
    ]
    check("agenda-reordered")

    page.get_by_role("link", name="Record a declaration of interest").click()
    page.get_by_label("Member").select_option(label=owner.name)
    page.get_by_label("Agenda item").select_option(label="4. Youth violence: partnership response")
    page.get_by_label("The interest").fill("Trustee of a youth charity the plan funds")
    page.get_by_label("Other registrable interest").check()
    page.get_by_label("Left the room for the item").check()
    check("declaration-form")
    page.get_by_role("button", name="Record the declaration").click()
    assert "Trustee of a youth charity" in page.locator("#declarations + table").inner_text()
    page.get_by_role("button", name="Publish the agenda").click()
    assert "Agenda published." in page.locator(".govuk-notification-banner").inner_text()

    # On the day: the seat's deputy is offered first, among the standing deputies.
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label(f"Attendance of {absent_member.name}").select_option("substituted")
    substitute = page.get_by_label(f"Substitute for {absent_member.name}", exact=True)
    deputies = substitute.locator('optgroup[label="Standing deputies for this seat"] option')
    assert deputies.all_inner_texts() == [f"{deputy.name} (can decide)"]
    substitute.select_option(label=f"{deputy.name} (can decide)")
    page.get_by_label(f"Substitute for {absent_member.name} could decide").check()
    check("attendance-form")
    page.get_by_role("button", name="Save attendance").click()
    assert f"Sent a substitute: {deputy.name}" in page.locator("main").inner_text()

    page.get_by_role("link", name="Record a decision on item 4").click()
    page.get_by_label("Decision", exact=True).fill("The board agreed a joint youth violence plan.")
    page.get_by_role("button", name="Record the decision").click()
    for description in ("Draft the youth violence plan", "Share the hotspot map with partners"):
        page.get_by_role("link", name="Add an action from item 4").click()
        page.get_by_label("Description").fill(description)
        page.get_by_label("Owner").select_option(label=owner.name)
        _fill_date(page.get_by_role("group", name="Due date"), today.replace(year=today.year + 1))
        page.get_by_role("button", name="Save").click()
    assert "Share the hotspot map" in page.locator("main").inner_text()

    # The minutes, item by item: what is recorded already is shown with its item.
    page.get_by_role("link", name="Draft the minutes").click()
    assert "Draft the youth violence plan" in page.locator("main").inner_text()
    page.get_by_label("Discussion of item 4").fill("The board heard the partnership's response.")
    page.get_by_label("Resolved under item 4").fill("That the joint plan be adopted.")
    check("minutes-form")
    page.get_by_role("button", name="Save the draft minutes").click()
    minutes = page.locator("#minutes ~ .app-minutes").inner_text()
    assert "4. Youth violence: partnership response" in minutes
    assert "Resolved: That the joint plan be adopted." in minutes
    assert f"{owner.name} declared an interest (other registrable interest)" in minutes
    check("meeting-page-officer")

    # The owner updates one action from the link in their reminder, with no password.
    action = Action.objects.get(item__meeting=meeting, description="Draft the youth violence plan")
    context = browser.new_context()
    owner_page = context.new_page()
    owner_page.goto(f"{base}{action_link(owner)}")
    card = owner_page.locator(".govuk-summary-card", has_text="Draft the youth violence plan")
    card.get_by_label("Status now").select_option("in_progress")
    card.get_by_label("What has happened").fill("First draft shared with the leads.")
    card.get_by_role("button", name="Save the update").click()
    assert "Update saved" in owner_page.locator(".govuk-notification-banner").inner_text()
    screenshot(owner_page, "meeting-owner-link")
    # From the same page, they stop their daily digests (escalations still go).
    owner_page.get_by_role("button", name="Stop daily reminder emails").click()
    banner = owner_page.locator(".govuk-notification-banner").inner_text()
    assert "You will get no more daily reminder emails." in banner
    assert owner_page.get_by_role("button", name="Send me daily reminder emails again").count()
    context.close()
    action.refresh_from_db()
    assert action.status == "in_progress"
    owner.refresh_from_db()
    assert owner.digest_opt_out

    # The chair approves the minutes, on the day of the meeting; they are then frozen.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "chair@demo.test", "partnership-demo")
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Approve the minutes").click()
    assert "Minutes approved." in page.locator(".govuk-notification-banner").inner_text()
    check("meeting-page-chair")
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved"
    assert meeting.attendance.get(person=absent_member).substitute == deputy
    assert meeting.items.get(position=4).minutes.resolution == "That the joint plan be adopted."

    page.goto(f"{base}/groups/{board.pk}/actions/")
    check("tracker")
    assert failures == {}
    assert page.csp_violations == []


def test_every_meeting_screen_has_no_axe_violations(browser, page, live_server, demo):
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    meeting = Meeting.objects.filter(group=board, status="held").first()
    action = Action.objects.filter(group=board, status="open").first()
    item = meeting.items.first()
    upcoming = Meeting.objects.filter(group=board, status="scheduled").first()
    approved = Meeting.objects.filter(group=board, status="held").last()
    Meeting.objects.filter(pk=approved.pk).update(
        minutes_status="approved", minutes_circulated_on=None
    )
    # An agenda not yet published: its items may be withdrawn.
    Meeting.objects.filter(pk=upcoming.pk).update(agenda_published_at=None)
    paths = {
        "minutes-form": f"/meetings/{upcoming.pk}/minutes/",
        "withdraw-form": f"/items/{upcoming.items.last().pk}/withdraw/",
        "correct-form": f"/meetings/{approved.pk}/minutes/correct/",
        "upcoming-unpublished": upcoming.get_absolute_url(),
        "deputies": f"/memberships/{board.memberships.first().pk}/deputies/",
        "declaration-form": f"/meetings/{meeting.pk}/declarations/new/",
        "circulate-form": f"/meetings/{approved.pk}/minutes/circulate/",
        "attendance-upcoming": f"/meetings/{upcoming.pk}/attendance/",
        "action": action.get_absolute_url(),
        "person-actions": f"/people/{action.owner_id}/actions/",
        "tracker-upload": f"/groups/{board.pk}/actions/upload/",
        "action-form": f"/groups/{board.pk}/actions/new/",
        "item-form": f"/meetings/{meeting.pk}/items/new/",
        "decision-form": f"/items/{item.pk}/decisions/new/",
        "guest-form": f"/meetings/{meeting.pk}/guests/new/",
        "cancel-form": f"/meetings/{meeting.pk}/cancel/",
        "edit-form": f"/meetings/{meeting.pk}/edit/",
        "cancelled-meeting": Meeting.objects.filter(group=board, status="cancelled")
        .first()
        .get_absolute_url(),
    }
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    failures = crawl(page, live_server.url, paths, "meetings")
    context = browser.new_context()
    context.add_init_script(path=str(__import__("tests.browser.conftest", fromlist=["AXE"]).AXE))
    owner_page = context.new_page()
    owner_page.goto(f"{live_server.url}{action_link(action.owner)}")
    if axe_violations(owner_page):
        failures["owner-link"] = axe_violations(owner_page)
    context.close()
    assert failures == {}
