"""A meeting as a clerk runs it: the standard agenda, its order, declarations of
interest, minutes by item and who approves them, standing deputies."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from config import stale_edits
from meetings.models import AgendaItem, Declaration, ItemMinutes, Meeting, MinutesVersion
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.models import Deputy, Membership
from partnerships.tests.factories import MembershipFactory, PersonFactory, UserFactory

TODAY = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)


def _agenda(meeting):
    return list(meeting.items.order_by("position").values_list("position", "title"))


def _meeting_with(board, *titles, published=False):
    meeting = MeetingFactory(group=board, date=TODAY, status=Meeting.Status.SCHEDULED)
    for n, title in enumerate(titles, 1):
        AgendaItemFactory(meeting=meeting, position=n, title=title, closing=title == "AOB")
    if published:
        meeting.publish_agenda()
    return meeting


def test_a_meeting_scheduled_opens_with_the_groups_standard_items(client, officer, board):
    board.opening_items = "Apologies\n\nDeclarations of interest\n"
    board.closing_items = "Any other business"
    board.save()
    client.force_login(officer)
    data = {"date_0": "5", "date_1": "11", "date_2": "2026", "start_time": "10:00"}
    data |= {"place": "Civic Offices", "status": "scheduled"}
    assert client.post(reverse("meetings:meeting_create", args=[board.pk]), data).status_code == 302
    meeting = Meeting.objects.get(group=board)
    assert _agenda(meeting) == [
        (1, "Apologies"),
        (2, "Declarations of interest"),
        (3, "Any other business"),
    ]
    # An item added later goes before any other business.
    url = reverse("meetings:item_add", args=[meeting.pk])
    assert client.post(url, {"title": "Serious violence duty"}).status_code == 302
    assert _agenda(meeting)[2:] == [(3, "Serious violence duty"), (4, "Any other business")]


def test_a_new_group_has_the_usual_standard_items(board):
    titles = [title for title, _ in board.standard_items()]
    assert titles[0] == "Apologies for absence" and titles[-1] == "Any other business"
    assert board.standard_items()[-1] == ("Any other business", True)


def test_items_move_up_and_down_until_the_agenda_is_published(client, officer, board):
    meeting = _meeting_with(board, "Apologies", "Plan", "Budget", "AOB")
    budget = meeting.items.get(title="Budget")
    client.force_login(officer)
    client.post(reverse("meetings:item_move", args=[budget.pk, "up"]))
    assert [t for _, t in _agenda(meeting)] == ["Apologies", "Budget", "Plan", "AOB"]
    client.post(reverse("meetings:item_move", args=[budget.pk, "down"]))
    client.post(reverse("meetings:item_move", args=[budget.pk, "down"]))
    assert [t for _, t in _agenda(meeting)] == ["Apologies", "Plan", "AOB", "Budget"]
    # The last item moved down stays where it is.
    client.post(reverse("meetings:item_move", args=[budget.pk, "down"]))
    assert [p for p, _ in _agenda(meeting)] == [1, 2, 3, 4]
    assert (
        client.post(reverse("meetings:item_move", args=[budget.pk, "sideways"])).status_code == 404
    )

    meeting.publish_agenda()
    response = client.post(reverse("meetings:item_move", args=[budget.pk, "up"]), follow=True)
    assert "The agenda is published" in response.content.decode()
    assert _agenda(meeting)[3] == (4, "Budget")


def test_withdrawing_an_item_closes_the_gap(client, officer, board):
    meeting = _meeting_with(board, "Apologies", "Plan", "Budget", "AOB")
    plan = meeting.items.get(title="Plan")
    client.force_login(officer)
    url = reverse("meetings:item_withdraw", args=[plan.pk])
    assert "Withdraw item 2, Plan?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert _agenda(meeting) == [(1, "Apologies"), (2, "Budget"), (3, "AOB")]


def test_an_item_with_a_record_or_on_a_published_agenda_is_not_withdrawn(client, officer, board):
    meeting = _meeting_with(board, "Apologies", "Plan")
    plan = meeting.items.get(title="Plan")
    ActionFactory(group=board, item=plan)
    client.force_login(officer)
    response = client.post(reverse("meetings:item_withdraw", args=[plan.pk]), follow=True)
    assert "has decisions, actions, declarations or minutes recorded" in response.content.decode()
    published = _meeting_with(board, "Apologies", published=True)
    item = published.items.get()
    client.post(reverse("meetings:item_withdraw", args=[item.pk]))
    assert AgendaItem.objects.filter(pk__in=[plan.pk, item.pk]).count() == 2


def _declaration(item, person, **extra):
    data = {"person": person.pk, "item": item.pk, "interest": "Trustee of the applicant"}
    return data | {"kind": "registrable", "did": "left"} | extra


def test_a_member_declares_an_interest(client, officer, board):
    meeting = _meeting_with(board, "Apologies", "Grants")
    grants = meeting.items.get(title="Grants")
    member = MembershipFactory(group=board).person
    client.force_login(officer)
    url = reverse("meetings:declaration_add", args=[meeting.pk])
    assert client.post(url, _declaration(grants, member)).status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.person, declaration.item) == (member, grants)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Trustee of the applicant" in page and "Left the room for the item" in page

    # Once is enough; a stranger to the group declares nothing here.
    html = client.post(url, _declaration(grants, member)).content.decode()
    assert "has already declared an interest in item 2" in html
    stranger = PersonFactory()
    html = client.post(url, _declaration(grants, stranger)).content.decode()
    assert "Select a valid choice" in html
    assert Declaration.objects.count() == 1


def test_a_declaration_on_an_exempt_item_is_not_shown_to_scrutiny(
    client, officer, scrutiny_member, board
):
    meeting = _meeting_with(board, "Case review")
    meeting.items.update(exempt=True, exempt_paragraph=1)
    member = MembershipFactory(group=board).person
    Declaration.objects.create(
        item=meeting.items.get(), person=member, kind="pecuniary", did="left", interest="Landlord"
    )
    client.force_login(officer)
    assert "Landlord" in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(scrutiny_member)
    assert "Landlord" not in client.get(meeting.get_absolute_url()).content.decode()


def _minutes_post(meeting, **by_item):
    data = {"minutes": "", stale_edits.FIELD: stale_edits.version(meeting)}
    for item in meeting.items.all():
        discussion, resolution = by_item.get(item.title, ("", ""))
        data |= {f"item{item.pk}-discussion": discussion, f"item{item.pk}-resolution": resolution}
    return data


def test_the_minutes_are_written_item_by_item(client, officer, board):
    meeting = _meeting_with(board, "Apologies", "Plan")
    plan = meeting.items.get(title="Plan")
    ActionFactory(group=board, item=plan, description="Draft the plan's refresh")
    AttendanceFactory(meeting=meeting, person=PersonFactory(name="Ann Lee"), status="apologies")
    client.force_login(officer)
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    form = client.get(url).content.decode()
    assert "2. Plan" in form and "Draft the plan&#x27;s refresh" in form and "Ann Lee" in form
    data = _minutes_post(meeting, Plan=("The plan was discussed.", "The plan is endorsed."))
    assert client.post(url, data).status_code == 302
    minutes = ItemMinutes.objects.get()
    assert (minutes.item, minutes.resolution) == (plan, "The plan is endorsed.")
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2. Plan" in page and "The plan is endorsed." in page


@pytest.fixture
def drafted(board):
    meeting = _meeting_with(board, "Apologies", "Plan")
    meeting.minutes_status = Meeting.Minutes.DRAFT
    meeting.save()
    return meeting


def _seat(board, role):
    person = PersonFactory()
    MembershipFactory(person=person, group=board, role=role)
    return UserFactory(role="chair", person=person)


def test_minutes_are_approved_from_the_day_of_the_meeting(client, chair, drafted):
    drafted.date = TODAY + datetime.timedelta(days=1)
    drafted.save()
    client.force_login(chair)
    response = client.post(reverse("meetings:minutes_approve", args=[drafted.pk]), follow=True)
    assert "Minutes can be approved from the day of the meeting, 2 October 2026." in (
        response.content.decode()
    )
    drafted.refresh_from_db()
    assert drafted.minutes_status == "draft"


def test_the_vice_chair_approves_only_when_the_chair_was_absent(client, chair, board, drafted):
    vice = _seat(board, "vice_chair")
    url = reverse("meetings:minutes_approve", args=[drafted.pk])
    client.force_login(vice)
    response = client.post(url, follow=True)
    assert "The chair&#x27;s attendance is not recorded" in response.content.decode()
    AttendanceFactory(meeting=drafted, person=chair.person, status="present")
    response = client.post(url, follow=True)
    assert "The chair, Pat Chair, was at the meeting" in response.content.decode()
    drafted.refresh_from_db()
    assert drafted.minutes_status == "draft"

    drafted.attendance.filter(person=chair.person).update(status="apologies")
    client.post(url)
    drafted.refresh_from_db()
    assert (drafted.minutes_status, drafted.minutes_approved_by) == ("approved", vice)


def test_an_administrator_does_not_approve_minutes(client, admin_user, drafted):
    client.force_login(admin_user)
    assert client.post(reverse("meetings:minutes_approve", args=[drafted.pk])).status_code == 403
    assert "Approve the minutes" not in client.get(drafted.get_absolute_url()).content.decode()


def test_approved_minutes_are_frozen_and_corrected_as_a_new_version(
    client, officer, chair, drafted
):
    plan = drafted.items.get(title="Plan")
    ItemMinutes.objects.create(item=plan, resolution="The plan is endorsed.")
    client.force_login(chair)
    client.post(reverse("meetings:minutes_approve", args=[drafted.pk]))
    client.force_login(officer)
    edit = reverse("meetings:minutes_edit", args=[drafted.pk])
    response = client.post(edit, _minutes_post(drafted, Plan=("", "Rewritten")), follow=True)
    assert "Approved minutes cannot be edited" in response.content.decode()
    assert ItemMinutes.objects.get().resolution == "The plan is endorsed."

    correct = reverse("meetings:minutes_correct", args=[drafted.pk])
    assert "There is a problem" in client.post(correct, {"because": ""}).content.decode()
    assert client.post(correct, {"because": "Item 2 named the wrong plan."}).status_code == 302
    drafted.refresh_from_db()
    assert (drafted.minutes_status, drafted.minutes_approved_by) == ("draft", None)
    version = MinutesVersion.objects.get()
    assert version.number == 1 and version.approved_by == chair
    assert version.corrected_because == "Item 2 named the wrong plan."
    assert version.content["items"][1]["resolution"] == "The plan is endorsed."
    client.post(edit, _minutes_post(drafted, Plan=("", "The 2026 plan is endorsed.")))
    page = client.get(drafted.get_absolute_url()).content.decode()
    assert "(version 2)" in page and "Item 2 named the wrong plan." in page
    client.force_login(chair)
    client.post(reverse("meetings:minutes_approve", args=[drafted.pk]))
    drafted.refresh_from_db()
    assert drafted.minutes_status == "approved"
    assert ItemMinutes.objects.get().resolution == "The 2026 plan is endorsed."


def test_a_seat_names_standing_deputies_offered_first_for_a_substitute(client, officer, board):
    seat = MembershipFactory(group=board, person=PersonFactory(name="Ann Lee"))
    deputy = PersonFactory(name="Zed Deputy")
    PersonFactory(name="Abe Someone")
    client.force_login(officer)
    url = reverse("partnerships:seat_deputies", args=[seat.pk])
    assert client.post(url, {"person": deputy.pk, "can_decide": "on"}).status_code == 302
    assert Deputy.objects.get().can_decide
    html = client.post(url, {"person": deputy.pk}).content.decode()
    assert "Zed Deputy is already a deputy for this seat." in html

    meeting = _meeting_with(board, "Apologies")
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    deputies = page.index('label="Standing deputies for this seat"')
    assert deputies < page.index("Zed Deputy (can decide)") < page.index("Abe Someone")
    data = {f"m{seat.person_id}-status": "substituted", f"m{seat.person_id}-substitute": deputy.pk}
    assert client.post(reverse("meetings:attendance", args=[meeting.pk]), data).status_code == 302
    assert meeting.attendance.get().substitute == deputy


def test_seats_added_changed_and_ended_are_in_the_groups_history(client, officer, board):
    seat = MembershipFactory(group=board, person=PersonFactory(name="Ann Lee"))
    seat.role = Membership.Role.VICE_CHAIR
    seat.save()
    seat.end_on(datetime.date(2026, 9, 30))
    client.force_login(officer)
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Seat of Ann Lee added (Member)" in page
    assert "Seat of Ann Lee: role member → vice-chair" in page
    assert "Seat of Ann Lee ended on 30 September 2026" in page


def test_after_a_change_of_chair_either_chair_approves(client, chair, board, drafted):
    """The chair of the meeting's day, whose seat has ended since, and the chair of
    today (who chairs the next meeting, where minutes are signed) may both approve."""
    url = reverse("meetings:minutes_approve", args=[drafted.pk])
    seat = chair.person.memberships.get(group=board)
    seat.end_on(TODAY)
    Membership.objects.filter(pk=seat.pk).update(start=datetime.date(2025, 1, 1))
    newcomer = PersonFactory(name="Nia New")
    MembershipFactory(person=newcomer, group=board, role="chair", start=TODAY)
    new_chair = UserFactory(role="chair", person=newcomer)
    drafted.date = TODAY - datetime.timedelta(days=30)
    drafted.save()
    client.force_login(new_chair)
    assert client.post(url).status_code == 302
    drafted.refresh_from_db()
    assert (drafted.minutes_status, drafted.minutes_approved_by) == ("approved", new_chair)
    Meeting.objects.filter(pk=drafted.pk).update(minutes_status="draft")
    client.force_login(chair)  # no seat now, but the chair of the meeting's day
    assert client.post(url).status_code == 302
    drafted.refresh_from_db()
    assert (drafted.minutes_status, drafted.minutes_approved_by) == ("approved", chair)


def test_what_approved_minutes_record_is_not_changed_behind_them(client, officer, chair, drafted):
    client.force_login(chair)
    client.post(reverse("meetings:minutes_approve", args=[drafted.pk]))
    plan = drafted.items.get(title="Plan")
    member = MembershipFactory(group=drafted.group).person
    client.force_login(officer)
    for url, data in (
        (reverse("meetings:declaration_add", args=[drafted.pk]), _declaration(plan, member)),
        (reverse("meetings:decision_add", args=[plan.pk]), {"text": "Added later"}),
        (reverse("meetings:attendance", args=[drafted.pk]), {}),
        (reverse("meetings:item_edit", args=[plan.pk]), {"title": "Renamed"}),
    ):
        response = client.post(url, data, follow=True)
        assert "The minutes of this meeting are approved" in response.content.decode(), url
    assert not Declaration.objects.exists() and not plan.decisions.exists()
    plan.refresh_from_db()
    assert plan.title == "Plan"


def test_an_item_added_to_a_published_agenda_goes_last_and_renumbers_nothing(
    client, officer, board
):
    meeting = _meeting_with(board, "Apologies", "Plan", "AOB", published=True)
    client.force_login(officer)
    client.post(reverse("meetings:item_add", args=[meeting.pk]), {"title": "Urgent item"})
    assert _agenda(meeting) == [(1, "Apologies"), (2, "Plan"), (3, "AOB"), (4, "Urgent item")]
