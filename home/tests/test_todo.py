"""Each role's home is a list of what to do next, each task linked to where it is done."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding.tests.factories import GrantFactory
from meetings.models import Action, Meeting
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.models import Partnership
from partnerships.tests.factories import GroupFactory, PartnershipFactory, PersonFactory
from scrutiny.models import HealthFinding, Recommendation, Review
from scrutiny.tests.factories import RecommendationFactory, ReviewFactory, ReviewMemberFactory
from strategy.tests.factories import PriorityFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def section(html, key):
    """The text of one section of the home page, from its heading to the next."""
    found = re.search(rf'<h2 class="govuk-heading-m" id="{key}">(.*?)(?=<h2|</main>)', html, re.S)
    assert found, f"no section {key}"
    return found.group(1)


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def finding(partnership, group=None, severity="high", found=None, **fields):
    return HealthFinding.objects.create(
        check_name="quorum_missed",
        partnership=partnership,
        key=f"k{HealthFinding.objects.count()}",
        severity=severity,
        subject_type="group",
        subject=group.name if group else partnership.name,
        detail=fields.pop("detail", "Inquorate at 2 of its last 3 meetings"),
        url="/",
        group=group,
        first_found=found or timezone.now(),
        **fields,
    )


# The officer ----------------------------------------------------------------------


def test_an_officer_sees_what_each_coming_meeting_still_lacks(client, officer, board):
    bare = MeetingFactory(group=board, date=days(10), status=Meeting.Status.SCHEDULED)
    ready = MeetingFactory(
        group=board,
        date=days(20),
        status=Meeting.Status.SCHEDULED,
        agenda_published_at=timezone.now(),
    )
    AgendaItemFactory(meeting=ready).papers.create(title="Report", file="papers/report.pdf")
    MeetingFactory(group=board, date=days(60), status=Meeting.Status.SCHEDULED)  # too far
    html = section(home(client, officer), "ahead")
    assert f'href="{bare.get_absolute_url()}"' in html
    assert f"agenda not published (due {bare.agenda_due_by():%-d %B %Y})" in html
    assert "no agenda items yet" in html
    assert f'href="{ready.get_absolute_url()}"' in html
    assert "agenda published, every item has its papers" in html
    assert ">Ready</div>" in html
    assert html.startswith("Meetings in the next six weeks (2)</h2>")


def test_an_officer_sees_the_meetings_still_to_write_up(client, officer, board, partnership):
    unrecorded = MeetingFactory(group=board, date=days(-3), status=Meeting.Status.SCHEDULED)
    draft = MeetingFactory(group=board, date=days(-30), minutes_status=Meeting.Minutes.DRAFT)
    AttendanceFactory(meeting=draft)
    done = MeetingFactory(
        group=board,
        date=days(-40),
        minutes_status=Meeting.Minutes.CIRCULATED,
        minutes_approved_at=timezone.now(),
        minutes_circulated_on=days(-35),
    )
    AttendanceFactory(meeting=done)
    html = section(home(client, officer), "behind")
    assert f'href="{unrecorded.get_absolute_url()}"' in html
    assert "not yet recorded as held, postponed or cancelled" in html
    assert "attendance not recorded; minutes not written" in html
    assert f'href="{draft.get_absolute_url()}"' in html
    assert "draft minutes await the chair&#x27;s approval" in html
    assert f"Late: due {draft.minutes_due_by():%-d %B %Y}" in html
    assert f'href="{done.get_absolute_url()}"' not in html


def test_an_officer_sees_overdue_and_due_soon_actions_by_group(client, officer, board):
    ActionFactory(group=board, due=days(-5))
    ActionFactory(group=board, due=days(-1))
    ActionFactory(group=board, due=days(3))
    ActionFactory(group=board, due=days(30))  # not yet
    ActionFactory(group=board, due=days(-9), status=Action.Status.DONE, completed_on=days(-8))
    html = section(home(client, officer), "actions")
    assert f"{board.name}: 2 overdue and 1 due by {days(14):%-d %B %Y}" in html
    assert f'href="/groups/{board.pk}/actions/"' in html
    assert f"Late: due {days(-5):%-d %B %Y}" in html


def test_an_officer_sees_updates_returns_and_responses_due(client, officer, partnership):
    priority = PriorityFactory(plan__partnership=partnership, title="Domestic abuse")
    grant = GrantFactory(
        partnership=partnership,
        title="Youth mentoring",
        planned_start=days(-120),
        planned_end=days(240),
        award_date=days(-120),
    )
    review = ReviewFactory(partnerships=[partnership], title="Night-time economy")
    RecommendationFactory(review=review, reference="b", response_due=days(7))
    html = home(client, officer)
    updates = section(html, "updates")
    assert "Record the quarterly update on “Domestic abuse”" in updates
    assert f'href="{priority.get_absolute_url()}#update"' in updates
    assert "Record the monitoring return from Youth mentoring for the period ending" in updates
    assert f'href="/funding/grants/{grant.pk}/returns/new/?period_end=' in updates
    responses = section(html, "responses")
    assert "Get the response to recommendation b of “Night-time economy”" in responses
    assert f"Due {days(7):%-d %B %Y}" in responses


def test_an_officer_sees_new_high_findings_that_still_count(client, officer, partnership, board):
    finding(partnership, board, detail="New and high")
    finding(partnership, board, severity="medium", detail="New but medium")
    finding(partnership, board, found=timezone.now() - datetime.timedelta(days=40), detail="Old")
    finding(
        partnership,
        board,
        detail="Answered",
        answer=HealthFinding.Answer.ACCEPTED,
        reason="Known",
        review_on=days(30),
    )
    html = section(home(client, officer), "findings")
    assert "New and high" in html
    for hidden in ("New but medium", "Old", "Answered"):
        assert hidden not in html


def test_an_officer_sees_nothing_of_another_partnership(client, other_officer, board):
    MeetingFactory(group=board, date=days(5), status=Meeting.Status.SCHEDULED)
    ActionFactory(group=board, due=days(-5))
    finding(board.partnership, board, detail="Not yours")
    html = home(client, other_officer)
    assert board.name not in html
    assert "Not yours" not in html
    assert "No meeting of your groups is arranged for the next six weeks." in html
    assert "No open action on your groups is overdue" in html


def test_an_officer_is_told_when_a_section_is_cut(client, officer, partnership):
    for n in range(12):
        ActionFactory(group=GroupFactory(partnership=partnership), due=days(-n - 1))
    html = section(home(client, officer), "actions")
    assert html.count("govuk-task-list__item ") == 10
    assert "And 2 more." in html


# The chair ------------------------------------------------------------------------


def test_a_chair_approves_minutes_from_home_in_two_clicks(client, chair, board):
    meeting = MeetingFactory(group=board, date=days(-7), minutes_status=Meeting.Minutes.DRAFT)
    MeetingFactory(
        group=GroupFactory(partnership=board.partnership),
        date=days(-7),
        minutes_status=Meeting.Minutes.DRAFT,
    )  # not a group they chair
    html = section(home(client, chair), "minutes")
    assert html.count("govuk-task-list__item ") == 1
    link = re.search(r'href="([^"]+)"', html).group(1)
    assert link == meeting.get_absolute_url() + "#minutes"
    page = client.get(link).content.decode()  # first click
    approve = f'action="/meetings/{meeting.pk}/minutes/approve/"'
    assert approve in page
    client.post(f"/meetings/{meeting.pk}/minutes/approve/")  # second click
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.Minutes.APPROVED
    assert "No draft minutes are waiting for you." in home(client, chair)


def test_a_chair_sees_agendas_to_agree_and_escalated_actions(client, chair, board, settings):
    settings.ESCALATE_AFTER_DAYS = 14
    meeting = MeetingFactory(group=board, date=days(12), status=Meeting.Status.SCHEDULED)
    ActionFactory(group=board, due=days(-20), description="Long overdue")
    ActionFactory(group=board, due=days(-3), description="Just overdue")
    html = home(client, chair)
    agendas = section(html, "agendas")
    assert f'href="{meeting.get_absolute_url()}#agenda"' in agendas
    assert f"Due {meeting.agenda_due_by():%-d %B %Y}" in agendas
    escalated = section(html, "escalated")
    assert "Long overdue" in escalated
    assert "Just overdue" not in escalated


def test_a_chair_never_sees_an_escalated_action_on_an_item_they_may_not_see(
    client, chair, board, settings
):
    """A chair sees their own group's exempt items: an exempt action shows; another
    group's never does."""
    settings.ESCALATE_AFTER_DAYS = 14
    other = GroupFactory(partnership=board.partnership)
    item = AgendaItemFactory(meeting__group=other, exempt=True, exempt_paragraph=3)
    ActionFactory(group=other, item=item, due=days(-30), description="Exempt elsewhere")
    assert "Exempt elsewhere" not in home(client, chair)


def test_a_chair_sees_findings_new_since_their_groups_last_meeting(client, chair, board):
    MeetingFactory(group=board, date=days(-10), status=Meeting.Status.HELD)
    finding(board.partnership, board, detail="Since the meeting")
    finding(
        board.partnership,
        board,
        detail="Before the meeting",
        found=timezone.now() - datetime.timedelta(days=20),
    )
    finding(board.partnership, GroupFactory(partnership=board.partnership), detail="Elsewhere")
    html = section(home(client, chair), "findings")
    assert "Since the meeting" in html
    assert "Before the meeting" not in html
    assert "Elsewhere" not in html


def test_a_chair_with_nothing_to_do_is_told_so(client, chair, board):
    html = home(client, chair)
    assert "Nothing is waiting for you on the boards and groups you chair." in html
    assert "No draft minutes are waiting for you." in html
    assert "Every meeting in the next six weeks has its agenda published." in html


# The scrutiny member --------------------------------------------------------------


def test_a_scrutiny_member_sees_follow_ups_responses_and_their_reviews(
    client, scrutiny_member, partnership
):
    review = ReviewFactory(
        partnerships=[partnership], title="Hate crime", status=Review.Status.MONITORING
    )
    ReviewMemberFactory(review=review, user=scrutiny_member)
    RecommendationFactory(
        review=review,
        reference="1",
        response=Recommendation.Response.ACCEPTED,
        response_date=days(-2),
        follow_up_due=days(5),
    )
    earlier = RecommendationFactory(
        review=review,
        reference="2",
        response=Recommendation.Response.ACCEPTED,
        response_date=days(-60),
    )
    earlier.history.update(history_date=timezone.now() - datetime.timedelta(days=60))
    RecommendationFactory(review=review, reference="3", response_due=days(20))
    elsewhere = ReviewFactory(title="Out of scope")
    RecommendationFactory(review=elsewhere, follow_up_due=days(1), reference="9")
    html = home(client, scrutiny_member)
    follow_ups = section(html, "follow-ups")
    assert "Follow up recommendation 1 of “Hate crime”" in follow_ups
    assert "Out of scope" not in follow_ups
    received = section(html, "received")  # no sign-in before: the last 30 days
    assert "recommendation 1 of" in received
    assert "recommendation 2 of" not in received
    reviews = section(html, "reviews")
    assert "Hate crime: monitor the responses and follow them up" in reviews
    assert "1 recommendation awaits a response" in reviews


def test_responses_since_the_last_visit_count_from_the_sign_in_before(
    client, scrutiny_member, partnership
):
    """Counted from when the response was recorded, not the day it bears: one recorded
    since the last sign-in shows though dated before it."""
    review = ReviewFactory(partnerships=[partnership])
    before = RecommendationFactory(
        review=review,
        reference="7",
        response=Recommendation.Response.ACCEPTED,
        response_date=days(-5),
    )
    before.history.update(history_date=timezone.now() - datetime.timedelta(days=5))
    RecommendationFactory(
        review=review,
        reference="8",
        response=Recommendation.Response.ACCEPTED,
        response_date=days(-9),
    )
    scrutiny_member.last_login = timezone.now() - datetime.timedelta(days=2)
    scrutiny_member.save(update_fields=["last_login"])
    scrutiny_member.set_password("correct-horse-battery")
    scrutiny_member.save()
    client.post("/login/", {"username": scrutiny_member.email, "password": "correct-horse-battery"})
    html = section(client.get("/").content.decode(), "received")
    assert "recommendation 8 of" in html
    assert "recommendation 7 of" not in html


# Anyone with actions --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "chair", "scrutiny_member", "outsider"])
def test_anyone_who_owns_actions_sees_them(client, request, persona, board):
    user = request.getfixturevalue(persona)
    if not user.person_id:
        user.person = PersonFactory()
        user.save()
    ActionFactory(group=board, owner=user.person, description="Mine to do", due=days(-1))
    ActionFactory(group=board, description="Someone else's")
    html = home(client, user)
    assert "Mine to do" in html
    assert "Someone else" not in html
    assert f"Late: due {days(-1):%-d %B %Y}" in html


def test_an_owner_with_nothing_open_is_told_so(client, outsider):
    assert "You have no open actions to update" in home(client, outsider)


@pytest.mark.parametrize("persona", ["officer", "chair", "scrutiny_member"])
def test_each_home_runs_a_fixed_number_of_queries(
    client, request, persona, partnership, board, django_assert_num_queries
):
    """However many meetings, actions, grants and findings there are."""
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def grow():
        group = GroupFactory(partnership=partnership)
        MeetingFactory(group=board, date=days(5), status=Meeting.Status.SCHEDULED)
        MeetingFactory(group=board, date=days(-5), minutes_status=Meeting.Minutes.DRAFT)
        ActionFactory(group=group, due=days(-30))
        ActionFactory(group=board, due=days(-30))
        PriorityFactory(plan__partnership=partnership)
        GrantFactory(partnership=partnership, planned_start=days(-200), planned_end=days(100))
        review = ReviewFactory(partnerships=[partnership], status=Review.Status.MONITORING)
        RecommendationFactory(review=review, follow_up_due=days(-1), response_due=days(1))
        finding(partnership, board)
        PartnershipFactory()

    grow()
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for _ in range(3):
        grow()
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get("/").status_code == 200


def test_a_partnership_no_longer_active_gives_no_tasks(client, officer, partnership, board):
    MeetingFactory(group=board, date=days(5), status=Meeting.Status.SCHEDULED)
    ActionFactory(group=board, due=days(-5))
    partnership.status = Partnership.Status.DISSOLVED
    partnership.save()
    html = home(client, officer)
    assert "No meeting of your groups is arranged for the next six weeks." in html
    assert "No open action on your groups is overdue" in html


def test_a_return_task_opens_the_form_on_its_own_period(client, officer, partnership):
    grant = GrantFactory(
        partnership=partnership,
        planned_start=days(-200),
        planned_end=days(160),
        award_date=days(-200),
    )
    html = section(home(client, officer), "updates")
    links = re.findall(rf'href="(/funding/grants/{grant.pk}/returns/new/\?period_end=[^"]+)"', html)
    assert len(links) >= 2  # two quarters missing: each task names its own
    asked = datetime.date.fromisoformat(links[-1].rsplit("=", 1)[1])
    form = client.get(links[-1]).content.decode()
    assert re.search(rf'value="{asked.isoformat()}"[^>]*checked', form)


def test_a_return_form_asked_for_a_day_that_does_not_exist_opens_as_usual(
    client, officer, partnership
):
    grant = GrantFactory(partnership=partnership)
    client.force_login(officer)
    response = client.get(f"/funding/grants/{grant.pk}/returns/new/?period_end=2026-02-30")
    assert response.status_code == 200


def test_a_chair_no_longer_sees_an_answered_finding(client, chair, board):
    finding(
        board.partnership,
        board,
        detail="Known and accepted",
        answer=HealthFinding.Answer.ACCEPTED,
        reason="Agreed at the board",
        review_on=days(60),
    )
    assert "Known and accepted" not in home(client, chair)


def test_a_recommendation_of_a_review_out_of_scope_is_not_the_officers_to_answer(
    client, officer, partnership
):
    """Only officers of a partnership in the review's scope may record the response."""
    review = ReviewFactory(partnerships=[PartnershipFactory()], title="Elsewhere")
    RecommendationFactory(review=review, addressed_to_partnership=partnership, response_due=days(3))
    assert "Elsewhere" not in section(home(client, officer), "responses")
