import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config import stale_edits
from meetings.calendar import feed_token
from meetings.models import Meeting, Paper
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(group=board, date=datetime.date(2026, 10, 1))
    AgendaItemFactory(meeting=meeting, title="Community safety plan")
    secret = AgendaItemFactory(
        meeting=meeting, title="Named offender case review", exempt=True, exempt_paragraph=1
    )
    Paper.objects.create(
        item=secret, title="Case file", file=SimpleUploadedFile("case.pdf", b"%PDF-1")
    )
    ActionFactory(group=board, item=secret, description="Confidential follow-up")
    return meeting


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_officers_see_exempt_items_marked(client, officer, meeting):
    client.force_login(officer)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Named offender case review" in html
    assert "Not for publication" in html
    assert "Schedule 12A, paragraph 1 (information about a particular person)" in html


@pytest.mark.parametrize("persona", ["scrutiny_member", "other_officer"])
def test_readers_not_entitled_see_neither_title_nor_paper(client, request, persona, meeting):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Community safety plan" in html
    assert "Named offender case review" not in html and "Case file" not in html
    assert "Confidential follow-up" not in html
    paper = Paper.objects.get()
    assert client.get(reverse("meetings:paper_download", args=[paper.pk])).status_code == 404
    tracker = client.get(reverse("meetings:tracker", args=[meeting.group.pk])).content.decode()
    assert "Confidential follow-up" not in tracker


def test_a_member_of_the_group_sees_exempt_items(client, chair, meeting):
    client.force_login(chair)
    assert "Named offender case review" in client.get(meeting.get_absolute_url()).content.decode()
    paper = Paper.objects.get()
    assert client.get(reverse("meetings:paper_download", args=[paper.pk])).status_code == 200


def test_feeds_carry_no_agenda_titles_and_mark_cancellations(client, meeting, board):
    cancelled = MeetingFactory(
        group=board,
        date=datetime.date(2026, 12, 1),
        status=Meeting.Status.CANCELLED,
        cancellation_reason="Snow",
        sequence=2,
    )
    body = client.get(
        reverse("meetings:feed", args=[feed_token("group", board.pk)])
    ).content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert f"UID:{meeting.uid}@partnership-governance" in body
    assert "Named offender" not in body and "Community safety plan" not in body
    assert "STATUS:CANCELLED" in body and "SEQUENCE:2" in body
    assert f"/meetings/{cancelled.pk}/" in body
    assert client.get("/calendar/forged.ics").status_code == 404


def test_the_person_feed_lists_the_meetings_of_their_groups(client, meeting, board):
    person = PersonFactory()
    MembershipFactory(person=person, group=board)
    body = client.get(
        reverse("meetings:feed", args=[feed_token("person", person.pk)])
    ).content.decode()
    assert body.count("BEGIN:VEVENT") == 1


def test_editing_a_meeting_raises_its_sequence(client, officer, meeting):
    client.force_login(officer)
    data = {
        "date_0": "2",
        "date_1": "10",
        "date_2": "2026",
        "start_time": "14:00",
        "place": "Town Hall",
        "status": "scheduled",
        stale_edits.FIELD: stale_edits.version(meeting),
    }
    assert client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.date == datetime.date(2026, 10, 2)


def test_a_meeting_needs_a_place_and_an_end_after_its_start(client, officer, board):
    client.force_login(officer)
    data = {
        "date_0": "2",
        "date_1": "10",
        "date_2": "2026",
        "start_time": "14:00",
        "end_time": "13:00",
        "status": "scheduled",
    }
    html = client.post(reverse("meetings:meeting_create", args=[board.pk]), data).content.decode()
    assert "The meeting must end after it starts." in html
    assert "Enter where the meeting is, or an online link." in html
    assert not Meeting.objects.exists()


def test_cancelling_needs_a_reason(client, officer, meeting):
    client.force_login(officer)
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])
    assert "There is a problem" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Not quorate"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.sequence == 1


def test_only_the_chair_approves_minutes(client, officer, chair, meeting):
    meeting.minutes, meeting.minutes_status = "Notes", Meeting.Minutes.DRAFT
    meeting.save()
    url = reverse("meetings:minutes_approve", args=[meeting.pk])
    client.force_login(officer)
    assert client.post(url).status_code == 403
    client.force_login(chair)
    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and meeting.minutes_approved_by == chair


def test_minutes_lateness_counts_working_days(meeting):
    meeting.minutes_status = Meeting.Minutes.CIRCULATED
    meeting.minutes_approved_at = datetime.datetime(2026, 10, 5, tzinfo=datetime.UTC)
    meeting.minutes_circulated_on = datetime.date(2026, 10, 20)
    # 1 Oct 2026 is a Thursday: 10 working days later is Thursday 15 October.
    assert meeting.minutes_due_by(10) == datetime.date(2026, 10, 15)
    assert meeting.minutes_late(working_days=10) == 5


def test_attendance_with_a_substitute(client, officer, board, meeting):
    member = MembershipFactory(group=board, person__name="Pat Police")
    sub = PersonFactory(name="Sam Deputy", seniority="manager")
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    prefix = f"m{member.person_id}"
    html = client.post(url, {f"{prefix}-status": "substituted"}).content.decode()
    assert "Pat Police: Choose who came instead." in html
    response = client.post(
        url,
        {
            f"{prefix}-status": "substituted",
            f"{prefix}-substitute": sub.pk,
            f"{prefix}-substitute_can_decide": "on",
        },
    )
    assert response.status_code == 302
    row = meeting.attendance.get(person=member.person)
    assert row.substitute == sub and row.substitute_can_decide


def test_attendance_is_not_recorded_until_set_and_before_the_day_only_apologies(
    client, officer, board
):
    coming = MeetingFactory(
        group=board, date=timezone.localdate() + datetime.timedelta(days=7), status="scheduled"
    )
    pat = MembershipFactory(group=board, person__name="Pat Police")
    jo = MembershipFactory(group=board, person__name="Jo Fire")
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[coming.pk])
    page = client.get(url).content.decode()
    assert '<option value="" selected>Not recorded</option>' in page
    early = {f"m{pat.person_id}-status": "present", f"m{jo.person_id}-status": ""}
    refused = client.post(url, early).content.decode()
    assert "until then only apologies can be recorded" in refused
    assert not coming.attendance.exists()
    sent = {f"m{pat.person_id}-status": "apologies", f"m{jo.person_id}-status": ""}
    assert client.post(url, sent).status_code == 302
    assert [(a.person_id, a.status) for a in coming.attendance.all()] == [
        (pat.person_id, "apologies")
    ]
    coming.refresh_from_db()
    assert coming.status == "scheduled"  # apologies alone do not hold a meeting
    # On the day, who came; a member set back to "Not recorded" has no row.
    coming.date = timezone.localdate()
    coming.save()
    day = {f"m{pat.person_id}-status": "", f"m{jo.person_id}-status": "present"}
    assert client.post(url, day).status_code == 302
    assert [(a.person_id, a.status) for a in coming.attendance.all()] == [(jo.person_id, "present")]
    coming.refresh_from_db()
    assert coming.status == "held"


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, meeting, items, papers, decisions, declarations, attendance,
        # guests, actions, earlier versions of the minutes, who chairs (to approve),
        # exempt permission (officer's partnership ids)
        ("meeting", 13),
        # session, user, group, exempt permission, count for the pager, actions; the
        # filters' owners and organisations; the versions of the actions shown and
        # the people they may be given to, for changing several at once
        ("tracker", 10),
        # session, user, group, upcoming meetings, past meetings counted and paged,
        # attendance of the last year, change permission
        ("group_meetings", 8),
        # session, user, person, actions (an exempt action would add one cached
        # permission query, whatever the number of rows)
        ("person_actions", 4),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, officer, board, meeting, django_assert_num_queries, url, queries
):
    owner = ActionFactory(group=board).owner
    target = {
        "meeting": meeting.get_absolute_url(),
        "tracker": reverse("meetings:tracker", args=[board.pk]),
        "group_meetings": reverse("meetings:group_meetings", args=[board.pk]),
        "person_actions": reverse("meetings:person_actions", args=[owner.pk]),
    }[url]
    client.force_login(officer)
    client.get(target)
    with django_assert_num_queries(queries):
        assert client.get(target).status_code == 200
    for _ in range(8):
        item = AgendaItemFactory(meeting=meeting)
        ActionFactory(group=board, item=item, owner=owner)
        AttendanceFactory(meeting=meeting)
        MeetingFactory(group=board)
    with django_assert_num_queries(queries):
        assert client.get(target).status_code == 200


def test_it_checks_the_quorum(client, officer, board, meeting):
    board.quorum = 2
    board.save()
    present = AttendanceFactory(meeting=meeting, status="present")
    AttendanceFactory(
        meeting=meeting,
        status="substituted",
        substitute=PersonFactory(),
        substitute_can_decide=False,
    )
    client.force_login(officer)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Inquorate: 1 voting member able to decide, quorum 2." in html
    AttendanceFactory(
        meeting=meeting,
        status="substituted",
        substitute=PersonFactory(),
        substitute_can_decide=True,
    )
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quorate" in html and "Inquorate" not in html
    assert present.represented


def test_an_item_becomes_exempt_only_with_its_paragraph(client, officer, meeting):
    item = meeting.items.filter(exempt=False).first()
    client.force_login(officer)
    url = reverse("meetings:item_edit", args=[item.pk])
    data = {"title": item.title, "exempt": "on", stale_edits.FIELD: stale_edits.version(item)}
    html = client.post(url, data).content.decode()
    assert "Choose the Schedule 12A paragraph" in html
    assert client.post(url, {**data, "exempt_paragraph": "3"}).status_code == 302
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.exempt and item.exempt_paragraph == 3 and meeting.sequence == 1


def test_the_quorum_of_the_day_is_kept_when_the_group_changes_its_rules(
    client, officer, board, meeting
):
    board.quorum = 1
    board.save()
    member = MembershipFactory(group=board)
    client.force_login(officer)
    client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {f"m{member.person_id}-status": "present"},
    )
    board.quorum = 5
    board.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quorate" in html and "quorum 1." in html


@pytest.mark.parametrize("persona", ["scrutiny_member", "other_officer"])
def test_an_action_from_an_exempt_item_does_not_exist_for_readers_not_entitled(
    client, request, persona, meeting
):
    from meetings.models import Action

    action = Action.objects.get(description="Confidential follow-up")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(action.get_absolute_url())
    assert response.status_code == 404
    assert "Confidential follow-up" not in response.content.decode()
    person_page = client.get(
        reverse("meetings:person_actions", args=[action.owner_id])
    ).content.decode()
    assert "Confidential follow-up" not in person_page


def test_a_paper_is_filed_with_a_new_item_and_with_an_edited_one(client, officer, meeting):
    client.force_login(officer)
    pdf = b"%PDF-1.4\n%%EOF\n"
    url = reverse("meetings:item_add", args=[meeting.pk])
    data = {"title": "Youth violence", "paper_file": SimpleUploadedFile("youth-plan.pdf", pdf)}
    assert client.post(url, data).status_code == 302
    item = meeting.items.get(title="Youth violence")
    assert [p.title for p in item.papers.all()] == ["youth-plan"]
    url = reverse("meetings:item_edit", args=[item.pk])
    data = {
        "title": "Youth violence",
        "paper_title": "Hotspot map",
        "paper_file": SimpleUploadedFile("map.pdf", pdf),
        stale_edits.FIELD: stale_edits.version(item),
    }
    assert client.post(url, data).status_code == 302
    assert sorted(p.title for p in item.papers.all()) == ["Hotspot map", "youth-plan"]
