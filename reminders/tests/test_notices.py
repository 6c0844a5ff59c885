"""Notifications: who is told of what, once, in their list and by email as they choose."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import ActionUpdate, Meeting
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.tests.factories import MembershipFactory, PersonFactory, UserFactory
from reminders import notices
from reminders.models import Notice, NoticeChoice
from scrutiny.models import HealthFinding

TODAY = timezone.localdate()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the emails), as a real commit does."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def test_an_owner_without_an_account_is_emailed_their_action_and_link(commit, board):
    owner = PersonFactory(name="Sam Owner", email="sam@example.test")
    action = commit(lambda: ActionFactory(group=board, owner=owner, description="Map the hotspots"))
    notice = Notice.objects.get(kind=Notice.Kind.ACTION_ASSIGNED)
    assert notice.person == owner and notice.user is None
    assert notice.status == Notice.Status.SENT
    [email] = mail.outbox
    assert email.to == ["sam@example.test"]
    assert "Map the hotspots" in email.body
    assert "/actions/update/" in email.body  # their own link, no password
    assert action.get_absolute_url() in email.body


def test_an_action_saved_again_tells_nobody_and_a_new_owner_is_told(commit, board):
    action = commit(lambda: ActionFactory(group=board))
    action.description = "Reworded"
    commit(action.save)
    assert Notice.objects.count() == 1
    other = PersonFactory(email="new@example.test")
    action.owner = other
    commit(action.save)
    assert Notice.objects.filter(person=other).count() == 1
    assert [m.to for m in mail.outbox][-1] == ["new@example.test"]


def test_an_owner_with_an_account_is_told_in_their_list_too(commit, client, board):
    person = PersonFactory(email="owner@example.test")
    user = UserFactory(email="owner@example.test", role="owner", person=person)
    commit(lambda: ActionFactory(group=board, owner=person))
    notice = Notice.objects.get()
    assert notice.user == user and notice.person is None
    user.refresh_from_db()
    assert user.unread_notices == 1
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Notifications" in page and '>1<span class="govuk-visually-hidden"> unread' in page
    listed = client.get("/notifications/").content.decode()
    assert notice.subject in listed and "New" in listed
    user.refresh_from_db()
    assert user.unread_notices == 0
    assert "New</strong>" not in client.get("/notifications/").content.decode()


def test_an_owners_update_tells_the_groups_officers_not_the_officer_who_wrote_it(
    commit, board, officer, other_officer
):
    action = ActionFactory(group=board)
    commit(
        lambda: ActionUpdate.objects.create(
            action=action, text="Half done", status="in_progress", by_person=action.owner
        )
    )
    [notice] = Notice.objects.filter(kind=Notice.Kind.OWNER_UPDATE)
    assert notice.user == officer  # not the officer of another partnership
    assert "Half done" in notice.body
    commit(
        lambda: ActionUpdate.objects.create(
            action=action, text="Chased", status="in_progress", by_user=officer
        )
    )
    assert Notice.objects.filter(kind=Notice.Kind.OWNER_UPDATE).count() == 1


def test_an_agenda_published_reaches_each_member_and_expected_guest_once_with_the_meeting(
    commit, board
):
    members = [
        MembershipFactory(group=board, person__email=f"m{n}@example.test").person for n in range(3)
    ]
    meeting = MeetingFactory(
        group=board, date=TODAY + datetime.timedelta(days=10), status="scheduled"
    )
    AttendanceFactory(meeting=meeting, person=members[0])  # a member and expected: told once
    guest = AttendanceFactory(meeting=meeting, person__email="guest@example.test").person
    AgendaItemFactory(meeting=meeting)
    commit(meeting.publish_agenda)
    commit(meeting.publish_agenda)  # published already: nothing new
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([p.email for p in members] + [guest.email])
    invitation = mail.outbox[0].attachments[0]
    assert invitation[0] == "meeting.ics"
    assert "BEGIN:VEVENT" in invitation[1] and str(meeting.uid) in invitation[1]
    assert board.name in mail.outbox[0].subject


def test_minutes_circulated_reach_the_members_and_keep_confidential_minutes_out(commit, board):
    MembershipFactory(group=board, person__email="member@example.test")
    plain = MeetingFactory(
        group=board,
        minutes="The board agreed the plan.",
        minutes_status=Meeting.Minutes.APPROVED,
        minutes_approved_at=timezone.now(),
    )
    commit(lambda: plain.circulate_minutes(TODAY))
    assert "The board agreed the plan." in mail.outbox[-1].body
    secret = MeetingFactory(
        group=board,
        date=TODAY - datetime.timedelta(days=3),
        minutes="Named a suspect.",
        minutes_status=Meeting.Minutes.APPROVED,
        minutes_approved_at=timezone.now(),
    )
    AgendaItemFactory(meeting=secret, exempt=True, exempt_paragraph=3)
    commit(lambda: secret.circulate_minutes(TODAY))
    assert "Named a suspect." not in mail.outbox[-1].body
    assert "read them signed in" in mail.outbox[-1].body
    # Who was sent what is kept.
    assert Notice.objects.filter(kind=Notice.Kind.MINUTES_CIRCULATED, status="sent").count() == 2


def _finding(partnership, **fields):
    """A high finding on the board of `partnership`."""
    return HealthFinding.objects.create(
        check_name="quorum_missed",
        partnership=partnership,
        key="k",
        severity="high",
        subject_type="group",
        subject="The board",
        url="/",
        **fields,
    )


def test_a_finding_answered_tells_the_other_officers(commit, client, partnership, officer):
    colleague = UserFactory(
        email="colleague@example.test", role="officer", partnerships=[partnership]
    )
    finding = _finding(partnership, detail="Inquorate twice")
    client.force_login(officer)
    review = TODAY + datetime.timedelta(days=90)
    url = f"/health/findings/{finding.pk}/answer/"
    seen = client.get(url).context["form"]["seen_version"].value()
    response = commit(
        lambda: client.post(
            url,
            {
                "seen_version": seen,
                "answer": "accepted",
                "reason": "Being fixed",
                "review_on_0": review.day,
                "review_on_1": review.month,
                "review_on_2": review.year,
            },
        )
    )
    assert response.status_code == 302
    told = Notice.objects.filter(kind=Notice.Kind.FINDING_ANSWERED)
    assert [n.user for n in told] == [colleague]
    assert "Being fixed" in told[0].body


def test_an_accepted_finding_back_at_its_review_date_tells_the_officers_once(
    commit, partnership, officer
):
    finding = _finding(
        partnership,
        detail="Inquorate twice",
        answer="accepted",
        reason="Being fixed",
        review_on=TODAY,
    )
    assert commit(lambda: notices.tell_findings_back(TODAY - datetime.timedelta(days=1))) == 0
    assert commit(lambda: notices.tell_findings_back(TODAY)) == 1
    assert commit(lambda: notices.tell_findings_back(TODAY + datetime.timedelta(days=1))) == 0
    [told] = Notice.objects.filter(kind=Notice.Kind.FINDING_ANSWERED)
    assert told.user == officer and told.subject == "Finding back: The board"
    assert f"looked at again on {TODAY:%-d %B %Y}" in told.body
    finding.review_on = TODAY + datetime.timedelta(days=90)  # looked at, put off again
    finding.save()
    later = TODAY + datetime.timedelta(days=90)
    assert commit(lambda: notices.tell_findings_back(later)) == 1


def test_a_finding_whose_answer_lapsed_tells_the_officers(commit, partnership, officer):
    from scrutiny import events

    finding = _finding(partnership, detail="Inquorate three times", facts="Inquorate three times")
    commit(lambda: events.finding_reopened.send(HealthFinding, findings=[finding]))
    commit(lambda: events.finding_reopened.send(HealthFinding, findings=[finding]))  # again
    [told] = Notice.objects.filter(kind=Notice.Kind.FINDING_ANSWERED)
    assert told.user == officer and "no longer stands" in told.body
    assert "Inquorate three times" in told.body


def test_each_person_chooses_how_they_hear_of_each_kind(commit, board):
    people = [PersonFactory(email=f"p{n}@example.test") for n in range(3)]
    users = [UserFactory(email=p.email, role="owner", person=p) for p in people]
    NoticeChoice.objects.create(user=users[1], kind="action_assigned", how="digest")
    NoticeChoice.objects.create(user=users[2], kind="action_assigned", how="off")
    for person in people:
        commit(lambda person=person: ActionFactory(group=board, owner=person))
        commit(lambda person=person: ActionFactory(group=board, owner=person))
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.test"] * 2
    assert Notice.objects.filter(user=users[2]).count() == 2  # in the list all the same
    mail.outbox.clear()
    assert notices.send_digests() == (2, 0)
    [digest] = mail.outbox
    assert digest.to == ["p1@example.test"] and "2 since yesterday" in digest.subject
    assert notices.send_digests() == (0, 0)  # once


def test_a_notice_told_twice_or_sent_twice_goes_once(board):
    person = PersonFactory(email="once@example.test")
    for _ in range(2):  # a retry of the same event
        notices.tell(
            Notice.Kind.ACTION_ASSIGNED,
            "action:1:owner:1",
            people=[person],
            subject="Once",
            body="Once only",
            url="/",
        )
    assert Notice.objects.count() == 1
    assert notices.send_pending() == (1, 0)
    assert notices.send_pending() == (0, 0)  # a second worker finds it sent
    assert len(mail.outbox) == 1


def test_a_notice_the_mail_server_refused_waits_for_the_next_run(board, settings):
    settings.EMAIL_BACKEND = "reminders.tests.test_services.RefusingBackend"
    person = PersonFactory(email="refused@example.test")
    notices.tell(Notice.Kind.ACTION_ASSIGNED, "k", people=[person], subject="S", body="B", url="/")
    assert notices.send_pending() == (0, 1)
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PENDING and "Refused" in notice.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notices.send_pending() == (1, 0)


def test_nobody_reads_anothers_notifications(client, board):
    mine, theirs = UserFactory(role="owner"), UserFactory(role="owner")
    notices.tell(
        Notice.Kind.ACTION_ASSIGNED, "x", users=[theirs], subject="Theirs", body="b", url="/"
    )
    client.force_login(mine)
    page = client.get("/notifications/").content.decode()
    assert "Theirs" not in page
    assert "You have no notifications yet." in page


def test_the_choices_are_saved_and_a_bad_one_is_refused(client, officer):
    client.force_login(officer)
    assert client.get("/notifications/choices/").status_code == 200
    data = {kind: "at_once" for kind in Notice.Kind.values}
    data["owner_update"] = "digest"
    response = client.post("/notifications/choices/", data)
    assert response.status_code == 302
    assert NoticeChoice.objects.get(user=officer, kind="owner_update").how == "digest"
    data["owner_update"] = "carrier-pigeon"
    response = client.post("/notifications/choices/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert NoticeChoice.objects.get(user=officer, kind="owner_update").how == "digest"


def test_the_officers_of_a_review_are_told_of_a_response_due_once(partnership, officer):
    from scrutiny.tests.factories import RecommendationFactory, ReviewFactory

    review = ReviewFactory(partnerships=[partnership], title="Hate crime")
    RecommendationFactory(
        review=review, reference="4", response_due=TODAY + datetime.timedelta(days=5)
    )
    RecommendationFactory(
        review=review, reference="9", response_due=TODAY + datetime.timedelta(days=60)
    )
    assert notices.tell_responses_due(TODAY) == 1
    assert notices.tell_responses_due(TODAY) == 0  # the next day's run: told already
    notice = Notice.objects.get(kind=Notice.Kind.RESPONSE_DUE)
    assert notice.user == officer
    assert notice.subject == "Response due: recommendation 4 of Hate crime"


def test_one_refused_address_does_not_hold_the_others_back(board, settings):
    settings.EMAIL_BACKEND = "reminders.tests.test_services.RefusingBackend"
    people = [PersonFactory(email=f"{name}@example.test") for name in ("a", "refused", "c")]
    notices.tell(Notice.Kind.ACTION_ASSIGNED, "k", people=people, subject="S", body="B", url="/")
    assert notices.send_pending() == (2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.test", "c@example.test"]
    assert Notice.objects.get(person=people[1]).status == Notice.Status.PENDING


def test_a_subject_is_one_line_and_fits(board):
    person = PersonFactory(email="s@example.test")
    notices.tell(
        Notice.Kind.ACTION_ASSIGNED,
        "k",
        people=[person],
        subject="First line\nsecond line " + "x" * 400,
        body="B",
        url="/",
    )
    assert notices.send_pending() == (1, 0)
    subject = Notice.objects.get().subject
    assert "\n" not in subject and len(subject) <= 300 and subject.startswith("First line second")


def test_nobody_archived_is_told(commit, board):
    gone = PersonFactory(email="gone@example.test", archived_at=timezone.now())
    MembershipFactory(group=board, person=gone)
    meeting = MeetingFactory(group=board, status="scheduled", date=TODAY)
    AgendaItemFactory(meeting=meeting)
    commit(meeting.publish_agenda)
    assert not Notice.objects.filter(email="gone@example.test").exists()


def test_opening_the_list_reads_only_what_it_shows(client, board):
    user = UserFactory(role="owner")
    for n in range(55):
        notices.tell(
            Notice.Kind.ACTION_ASSIGNED, f"k{n}", users=[user], subject=f"S{n}", body="B", url="/"
        )
    client.force_login(user)
    client.get("/notifications/")
    user.refresh_from_db()
    assert user.unread_notices == 5
