"""The daily reminders service: what each digest says, who gets an escalation,
and that nothing is sent twice. Emails go to Django's locmem outbox."""

import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import stale_edits
from funding.tests.factories import GrantFactory, MonitoringReturnFactory
from meetings.models import Action
from meetings.tests.factories import ActionFactory, AgendaItemFactory
from partnerships.models import Person
from partnerships.tests.factories import PersonFactory
from reminders.models import Reminder
from reminders.services import send_reminders
from scrutiny.tests.factories import RecommendationFactory, ReviewFactory
from strategy.models import Plan, Priority, PriorityUpdate

ON = datetime.date(2026, 11, 23)  # a Monday


def days(n):
    return ON + datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.SITE_URL = "https://governance.example.test"
    settings.REMINDER_DUE_WITHIN_DAYS = 7
    settings.ESCALATE_AFTER_DAYS = 14


@pytest.fixture
def owner(db):
    return PersonFactory(name="Olu Owner", email="olu@example.test")


def _only_email_to(address):
    sent = [m for m in mail.outbox if m.to == [address]]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    return sent[0], sent[0].body, sent[0].alternatives[0][0]


def test_it_sends_one_digest_of_everything_the_person_has_due(owner, board, partnership):
    ActionFactory(group=board, owner=owner, description="Map the hotspots", due=days(-3))
    ActionFactory(group=board, owner=owner, description="Brief the board", due=days(5))
    ActionFactory(group=board, owner=owner, description="Later on", due=days(8))
    ActionFactory(
        group=board,
        owner=owner,
        description="Already done",
        due=days(-3),
        status="done",
        completed_on=ON,
    )
    plan = Plan.objects.create(
        partnership=partnership, title="Safer Northshire", starts=days(-365), ends=days(365)
    )
    Priority.objects.create(plan=plan, title="Reduce violence", lead_person=owner)
    updated = Priority.objects.create(plan=plan, title="Recently updated", lead_person=owner)
    PriorityUpdate.objects.create(priority=updated, period_end=days(-30), rag="green")
    grant = GrantFactory(
        title="Street pastors",
        partnership=partnership,
        commissioning_lead=owner,
        planned_start=datetime.date(2026, 4, 1),
        planned_end=datetime.date(2027, 3, 31),
    )
    MonitoringReturnFactory(grant=grant, period_end=datetime.date(2026, 6, 30))

    outcome = send_reminders(ON)

    assert (outcome.digests, outcome.escalations, outcome.already) == (1, 0, 0)
    message, text, html = _only_email_to("olu@example.test")
    assert message.subject == "Reminder (1 overdue action): what you have due by 30 November"
    assert message.alternatives[0][1] == "text/html"
    for part in (text, html):
        assert "Map the hotspots" in part and "3 days overdue" in part
        assert "Brief the board" in part and "in 5 days" in part
        assert "Later on" not in part and "Already done" not in part
        assert "Reduce violence" in part and "no update recorded yet" in part
        assert "Recently updated" not in part
        # The quarter to September was due 30 October; the one to June came in.
        assert (
            "Street pastors" in part and "30 September 2026" in part and "30 June 2026" not in part
        )
        assert "https://governance.example.test/actions/update/" in part
    assert Reminder.objects.get().status == Reminder.Status.SENT


def test_the_link_in_the_digest_lets_the_owner_update_their_actions(client, owner, board):
    action = ActionFactory(group=board, owner=owner, description="Map the hotspots", due=days(1))
    send_reminders(ON)
    _, text, _ = _only_email_to("olu@example.test")
    link = next(w for w in text.split() if "/actions/update/" in w)
    path = link.removeprefix("https://governance.example.test")
    assert "Map the hotspots" in client.get(path).content.decode()
    prefix = f"a{action.pk}"
    response = client.post(
        path,
        {
            "action": action.pk,
            f"{prefix}-status": "in_progress",
            f"{prefix}-text": "Begun",
            f"{prefix}-{stale_edits.FIELD}": stale_edits.version(action),
        },
    )
    assert response.status_code == 302
    assert action.updates.get().by_person == owner


def test_an_officer_is_reminded_of_responses_due_from_the_partnerships_they_support(
    officer, other_officer, scrutiny_member, partnership
):
    review = ReviewFactory(title="Night-time economy", partnerships=[partnership])
    RecommendationFactory(
        review=review, reference="3", text="Publish the tracker", response_due=days(2)
    )
    RecommendationFactory(review=review, reference="4", text="Not yet", response_due=days(30))
    RecommendationFactory(
        review=review,
        reference="5",
        text="Answered",
        response_due=days(-9),
        response="accepted",
        response_date=days(-10),
    )

    assert send_reminders(ON).digests == 1

    _, text, html = _only_email_to(officer.email)
    for part in (text, html):
        assert "Night-time economy, recommendation 3" in part and "Publish the tracker" in part
        assert "Not yet" not in part and "Answered" not in part
        assert "/actions/update/" not in part  # an account, not a register entry: no link
    assert f"/scrutiny/reviews/{review.pk}/#rec-" in text
    assert len(mail.outbox) == 1  # not the other officer, not the scrutiny member


def test_an_officer_with_no_register_entry_may_stop_their_digest(client, officer, partnership):
    review = ReviewFactory(title="Night-time economy", partnerships=[partnership])
    RecommendationFactory(review=review, reference="3", response_due=days(2))
    client.force_login(officer)
    response = client.post("/account/reminders/", {"send": "no"}, follow=True)
    assert "You will get no daily reminder emails" in response.content.decode()
    assert send_reminders(ON).digests == 0
    assert mail.outbox == []
    client.post("/account/reminders/", {"send": "yes"})
    officer.refresh_from_db()
    assert not officer.digest_opt_out


def test_an_officer_in_the_register_gets_one_digest_with_everything(
    officer, partnership, owner, board
):
    officer.person = owner
    officer.save()
    ActionFactory(group=board, owner=owner, description="Map the hotspots", due=days(1))
    review = ReviewFactory(partnerships=[partnership])
    RecommendationFactory(review=review, text="Publish the tracker", response_due=days(-1))
    assert send_reminders(ON).digests == 1
    _, text, _ = _only_email_to("olu@example.test")
    assert "Map the hotspots" in text and "Publish the tracker" in text


def test_nobody_gets_an_empty_digest(owner, board):
    ActionFactory(group=board, owner=owner, due=days(30))
    ActionFactory(group=board, owner=None, due=days(-1))
    assert send_reminders(ON).digests == 0
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_it_sends_each_digest_once_a_day(owner, board):
    ActionFactory(group=board, owner=owner, due=days(1))
    assert str(send_reminders(ON)) == "digests sent: 1, escalations sent: 0, already sent: 0"
    assert str(send_reminders(ON)) == "digests sent: 0, escalations sent: 0, already sent: 1"
    assert len(mail.outbox) == 1
    assert send_reminders(days(1)).digests == 1  # tomorrow is another day
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("status", "claimed_minutes_ago", "sent", "busy"),
    [
        ("sending", 1, 0, 1),  # another worker is sending it now
        ("sent", 1, 0, 0),  # another worker sent it
        ("sending", 60, 1, 0),  # its run was killed after the claim: taken after the timeout
        ("pending", None, 1, 0),  # inserted, not yet claimed
    ],
)
def test_a_digest_claimed_by_another_run_is_not_sent_again(
    owner, board, status, claimed_minutes_ago, sent, busy
):
    ActionFactory(group=board, owner=owner, due=days(1))
    claimed_at = (
        timezone.now() - datetime.timedelta(minutes=claimed_minutes_ago)
        if claimed_minutes_ago
        else None
    )
    Reminder.objects.create(
        kind="digest",
        date=ON,
        person=owner,
        status=status,
        claimed_at=claimed_at,
        sent_at=claimed_at,
    )
    outcome = send_reminders(ON, claim_timeout=30)
    assert (outcome.digests, outcome.already, outcome.busy) == (sent, 1 - sent - busy, busy)
    assert len(mail.outbox) == sent
    assert Reminder.objects.get().status == (Reminder.Status.SENT if sent else status)


class RefusingBackend(EmailBackend):
    """The outbox, but the mail server refuses one address."""

    def send_messages(self, messages):
        if any("refused" in address for m in messages for address in m.to):
            raise smtplib.SMTPRecipientsRefused({"refused@example.test": (550, b"No such user")})
        return super().send_messages(messages)


def test_a_failed_send_stays_pending_and_the_next_run_sends_it(owner, board, settings):
    refused = PersonFactory(email="refused@example.test")
    ActionFactory(group=board, owner=owner, due=days(1))
    ActionFactory(group=board, owner=refused, due=days(1))
    settings.EMAIL_BACKEND = "reminders.tests.test_services.RefusingBackend"
    outcome = send_reminders(ON)
    assert (outcome.digests, outcome.failed) == (1, 1)
    row = Reminder.objects.get(person=refused)
    assert row.status == Reminder.Status.PENDING and "SMTPRecipientsRefused" in row.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = send_reminders(ON)
    assert (outcome.digests, outcome.already, outcome.failed) == (1, 1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["olu@example.test", "refused@example.test"]


class RelayError(Exception):
    """A mail backend's own error (an email API's client, say), not an OSError."""


class ThirdMessageFails(EmailBackend):
    """The outbox, but the third message of the run makes the backend raise."""

    tried = []

    def send_messages(self, messages):
        ThirdMessageFails.tried.extend(m.to[0] for m in messages)
        if len(ThirdMessageFails.tried) == 3:
            raise RelayError("the relay fell over")
        return super().send_messages(messages)


def test_one_email_that_fails_is_recorded_and_the_others_still_go(board, settings, monkeypatch):
    people = PersonFactory.create_batch(5)
    for person in people:
        ActionFactory(group=board, owner=person, due=days(1))
    monkeypatch.setattr(ThirdMessageFails, "tried", [])
    settings.EMAIL_BACKEND = "reminders.tests.test_services.ThirdMessageFails"

    outcome = send_reminders(ON)

    assert (outcome.digests, outcome.failed) == (4, 1)
    third = ThirdMessageFails.tried[2]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in people if p.email != third
    )
    failed = Reminder.objects.get(person__email=third)
    assert (failed.status, failed.error) == ("pending", "RelayError: the relay fell over")
    assert Reminder.objects.filter(status="sent").count() == 4

    outcome = send_reminders(ON)  # the next run sends only the one that failed, once
    assert (outcome.digests, outcome.already, outcome.failed) == (1, 4, 0)
    assert [m.to[0] for m in mail.outbox].count(third) == 1
    assert len(mail.outbox) == 5
    assert Reminder.objects.filter(status="sent").count() == 5


def test_a_run_that_fails_after_claiming_gives_its_claims_back(board, chair, settings):
    """The file backend with no folder fails as the run opens its connection,
    after the claim, as EMAIL_URL=filemail://... once did."""
    people = PersonFactory.create_batch(13)
    for person in people:
        ActionFactory(group=board, owner=person, due=days(-20))
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = None
    with pytest.raises(TypeError):
        send_reminders(ON)
    assert {(r.status, r.claim) for r in Reminder.objects.all()} == {("pending", None)}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = send_reminders(ON)
    assert (outcome.digests, outcome.escalations, outcome.already) == (13, 1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [p.email for p in people] + [chair.person.email]
    )
    assert str(send_reminders(ON)) == "digests sent: 0, escalations sent: 0, already sent: 14"
    assert len(mail.outbox) == 14


class UnreachableBackend(EmailBackend):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


def test_when_the_mail_server_is_down_everything_stays_pending(owner, board, chair, settings):
    ActionFactory(group=board, owner=owner, due=days(-20))
    settings.EMAIL_BACKEND = "reminders.tests.test_services.UnreachableBackend"
    outcome = send_reminders(ON)
    assert (outcome.digests, outcome.escalations, outcome.already, outcome.failed) == (0, 0, 0, 2)
    assert {(r.status, r.error) for r in Reminder.objects.all()} == {
        ("pending", "ConnectionRefusedError: [Errno 111] Connection refused")
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert str(send_reminders(ON)) == "digests sent: 1, escalations sent: 1, already sent: 0"


def test_a_dry_run_sends_and_records_nothing(owner, board, chair):
    ActionFactory(group=board, owner=owner, due=days(-20))
    outcome = send_reminders(ON, dry_run=True)
    assert (outcome.digests, outcome.escalations, outcome.already) == (1, 1, 0)
    assert mail.outbox == [] and not Reminder.objects.exists()
    send_reminders(ON)
    outcome = send_reminders(ON, dry_run=True)
    assert (outcome.digests, outcome.escalations, outcome.already) == (0, 0, 2)


def test_a_person_may_stop_digests_but_not_escalations(owner, board, chair):
    owner.digest_opt_out = True
    owner.save()
    ActionFactory(group=board, owner=owner, description="Map the hotspots", due=days(-20))
    chair.person.digest_opt_out = True
    chair.person.save()
    ActionFactory(group=board, owner=chair.person, description="Chair's own", due=days(-20))
    outcome = send_reminders(ON)
    assert (outcome.digests, outcome.escalations) == (0, 1)
    message, text, html = _only_email_to(chair.person.email)
    assert "Map the hotspots" in text and "Chair's own" in text and "Map the hotspots" in html


def test_the_chair_is_told_once_of_each_action_long_overdue(owner, board, chair):
    ActionFactory(group=board, owner=owner, description="Fifteen days late", due=days(-15))
    ActionFactory(group=board, owner=owner, description="Fourteen days late", due=days(-14))
    ActionFactory(group=board, owner=None, description="Nobody's", due=days(-40))
    send_reminders(ON)
    message, text, html = _only_email_to(chair.person.email)
    assert message.subject == "2 actions more than 14 days overdue on the groups you chair"
    for part in (text, html):
        assert "Fifteen days late" in part and "Nobody&#x27;s" in html and "Nobody's" in text
        assert "Fourteen days late" not in part
        assert "Owner: Olu Owner" in part and "Owner: no one" in part
        assert f"https://governance.example.test/groups/{board.pk}/actions/" in part

    mail.outbox.clear()
    assert send_reminders(days(1)).escalations == 1  # only the one that crossed since
    message, text, _ = _only_email_to(chair.person.email)
    assert message.subject.startswith("1 action more than")
    assert "Fourteen days late" in text and "Fifteen days late" not in text
    mail.outbox.clear()
    assert send_reminders(days(2)).escalations == 0


def test_a_group_with_no_current_chair_escalates_to_no_one(owner, board, chair):
    board.memberships.filter(role="chair").update(end=days(-1))
    ActionFactory(group=board, owner=owner, due=days(-30))
    assert send_reminders(ON).escalations == 0


def test_exempt_item_titles_never_leave_the_tracker(owner, board, chair):
    item = AgendaItemFactory(
        meeting__group=board, title="Case review: family X", exempt=True, exempt_paragraph=1
    )
    ActionFactory(group=board, owner=owner, item=item, description="Refer to MARAC", due=days(-20))
    send_reminders(ON)
    assert len(mail.outbox) == 2  # the owner's digest, the chair's escalation
    for message in mail.outbox:
        text, html = message.body, message.alternatives[0][0]
        assert "family X" not in text and "family X" not in html
        assert "Refer to MARAC" in text and "confidential: do not forward" in text.lower()


def test_a_domestic_homicide_reviews_action_is_marked_confidential(owner, board, chair):
    action = ActionFactory(
        group=board, owner=owner, description="Commission training", due=days(-20)
    )
    Action.objects.filter(pk=action.pk).update(confidential=True)  # a review's recommendation's
    send_reminders(ON)
    assert len(mail.outbox) == 2  # the owner's digest, the chair's escalation
    for message in mail.outbox:
        text = message.body
        assert "Commission training" in text and "confidential: do not forward" in text.lower()


def test_the_database_holds_one_digest_a_person_a_day(owner):
    Reminder.objects.create(kind="digest", date=ON, person=owner)
    with pytest.raises(IntegrityError):
        Reminder.objects.create(kind="digest", date=ON, person=owner)


def test_the_database_wants_exactly_one_recipient(owner, officer):
    with pytest.raises(IntegrityError):
        Reminder.objects.create(kind="digest", date=ON, person=owner, user=officer)


def test_the_database_wants_a_time_on_a_sent_reminder(owner):
    with pytest.raises(IntegrityError):
        Reminder.objects.create(
            kind="digest", date=ON, person=owner, status="sent", claimed_at=timezone.now()
        )


def _owners_with_actions(board, count, first=0):
    people = Person.objects.bulk_create(
        Person(name=f"Owner {n}", email=f"owner{n}@example.test")
        for n in range(first, first + count)
    )
    Action.objects.bulk_create(
        Action(
            group=board,
            owner=person,
            description=f"Action {n} of {person.name}",
            due=days(n - 5),
            created_on=days(-60),
        )
        for person in people
        for n in range(10)
    )


def test_it_reads_and_claims_a_chunk_in_a_fixed_number_of_queries(board):
    """10,000 open actions of 1,000 owners, then 20,000 of 2,000: one chunk, then two.

    Once a run: owners, priority leads and grant leads with something due;
    officers with responses due; chairs with long-overdue actions (none here).
    Each chunk of people: which of them were already sent theirs; the people; their actions, priorities and grants due
    (no officer, so no query for users or recommendations, and no grant, so no
    query for returns); the claims inserted (one statement on PostgreSQL; SQLite
    takes at most 999 parameters a statement, 111 reminders of 9 columns); the
    claim; the claimed rows; the sent marked sent."""
    inserts = 1 if connection.vendor == "postgresql" else 10
    per_chunk = 5 + inserts + 3
    _owners_with_actions(board, 1000)
    with CaptureQueriesContext(connection) as one_chunk:
        assert send_reminders(ON, chunk=1000).digests == 1000
    assert len(one_chunk.captured_queries) == 5 + per_chunk
    _owners_with_actions(board, 1000, first=1000)
    with CaptureQueriesContext(connection) as two_chunks:
        assert send_reminders(days(1), chunk=1000).digests == 2000
    assert len(two_chunks.captured_queries) == 5 + 2 * per_chunk
    assert len(mail.outbox[-1].body.split("\n- ")) > 5  # each lists its actions


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_digest_once(board):
    _owners_with_actions(board, 300)
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(send_reminders(ON, chunk=50))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(o.digests for o in outcomes) == 300
    assert sum(o.already + o.busy for o in outcomes) == 300  # sent, or being sent, by the other
    assert len(mail.outbox) == 300 and len({m.to[0] for m in mail.outbox}) == 300
