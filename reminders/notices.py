"""Notifications: each event told once to each person it concerns, in their list and
by email as they choose (reminders.models.Notice, NoticeChoice).

The apps below say what happened (meetings.events, scrutiny.events, an action
update saved); the receivers here work out who is told what and write the notices
in the same transaction. Once it commits, the emails due at once are sent by a
task (send_notices); those for the daily digest wait for the day's run
(send_notice_digests). Each email is claimed before it is sent, so a retry or a
second worker never sends it twice.
"""

import datetime
import logging
import smtplib
import uuid

from celery import shared_task
from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from meetings import events as meeting_events
from meetings.calendar import meeting_calendar
from meetings.links import action_link
from meetings.models import ActionUpdate
from partnerships.models import Membership, Partnership
from reminders import delivery
from reminders.models import Notice, NoticeChoice
from scrutiny import events as scrutiny_events
from scrutiny.models import HealthFinding, Recommendation

log = logging.getLogger(__name__)
Kind = Notice.Kind
SUBJECT_LENGTH = Notice._meta.get_field("subject").max_length
# What an officer sends a person on purpose goes at once, whatever they chose.
ALWAYS_AT_ONCE = {Kind.UPDATE_LINK, Kind.UPDATE_REQUEST}
# A mail server's refusal of one message: the others still go.
REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    BadHeaderError,
    ValueError,
)


# Telling ---------------------------------------------------------------------------


def tell(kind, key, *, users=(), people=(), subject, body, url, calendar="", exclude=()):
    """Write a notice of `kind` for the event `key` to each of `users` and of `people`
    (a person with an account is told as that account; one without, by email only),
    except the users in `exclude`; the emails go once the transaction commits.
    Telling the same event again makes no second notice."""
    targets = {u.pk: u for u in users if u.is_active}
    loose = {}
    for person in people:
        if person.archived_at is not None:
            continue
        account = _account(person)
        if account is not None and account.is_active:
            targets[account.pk] = account
        elif person.email:  # no account, or one closed: the register's address
            loose[person.pk] = person
    for user in exclude:
        targets.pop(getattr(user, "pk", user), None)
    if not targets and not loose:
        return 0
    choices = (
        {}
        if kind in ALWAYS_AT_ONCE
        else dict(
            NoticeChoice.objects.filter(user_id__in=targets, kind=kind).values_list(
                "user_id", "how"
            )
        )
    )
    status = {
        NoticeChoice.How.AT_ONCE: Notice.Status.PENDING,
        NoticeChoice.How.DIGEST: Notice.Status.DIGEST,
        NoticeChoice.How.OFF: Notice.Status.OFF,
    }
    subject = Truncator(" ".join(subject.split())).chars(SUBJECT_LENGTH)
    common = {"kind": kind, "key": key, "subject": subject, "body": body, "url": url}
    already = Notice.objects.filter(kind=kind, key=key).count()
    Notice.objects.bulk_create(
        [
            Notice(
                user=user,
                email=user.email,
                status=status[choices.get(pk, NoticeChoice.How.AT_ONCE)],
                calendar=calendar,
                **common,
            )
            for pk, user in targets.items()
        ]
        + [
            Notice(person=person, email=person.email, calendar=calendar, **common)
            for person in loose.values()
        ],
        ignore_conflicts=True,
    )
    count_unread(targets)
    transaction.on_commit(lambda: _send_soon(kind, key))
    return Notice.objects.filter(kind=kind, key=key).count() - already


def _account(person):
    """The person's account, or None (a missing reverse one-to-one is an AttributeError)."""
    return getattr(person, "user", None)


def count_unread(user_ids):
    """Each of these users' count of unread notices, as the header shows it."""
    unread = (
        Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=list(user_ids)).update(unread_notices=Coalesce(Subquery(unread), 0))


def mark_read(user, ids):
    """These of the user's notices are read (those a page showed them)."""
    Notice.objects.filter(user=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    count_unread([user.pk])
    user.refresh_from_db(fields=["unread_notices"])


@shared_task(bind=True, name="reminders.send_notices", max_retries=5, default_retry_delay=300)
def send_notices(self, kind=None, key=None):
    """Email the notifications of one event due at once (all waiting ones without
    `kind`). Each is claimed before it goes: a retry or a second worker sends none
    twice. What could not be sent is retried, and the daily run takes what is left."""
    sent, failed = send_pending(kind, key)
    if failed:
        raise self.retry(exc=NoticesNotSent(f"{failed} notifications of {key} not sent"))
    return f"{sent} sent"


class NoticesNotSent(Exception):
    pass


def _send_soon(kind, key):
    try:
        send_notices.delay(kind, key)
    except Exception as error:  # the broker: the next daily run sends what waits
        log.warning("Notices of %s %s wait for the daily run: %s", kind, key, error)


# Sending ---------------------------------------------------------------------------


def send_pending(kind=None, key=None, stale_after=None):
    """Email the notices due at once (of one event, or all), each claimed first.
    Returns (sent, failed)."""
    stale = timezone.now() - (stale_after or _claim_timeout())
    waiting = Notice.objects.filter(
        Q(status=Notice.Status.PENDING) | Q(status=Notice.Status.SENDING, claimed_at__lt=stale)
    )
    if kind is not None:
        waiting = waiting.filter(kind=kind, key=key)
    claim = uuid.uuid4()
    waiting.update(status=Notice.Status.SENDING, claim=claim, claimed_at=timezone.now())
    mine = list(Notice.objects.filter(claim=claim, status=Notice.Status.SENDING))
    return _send(mine, claim, lambda notice: [_email(notice)])


def send_digests(stale_after=None):
    """One email to each person of the notices they asked to have in the daily digest.
    Returns (sent, failed)."""
    claim = uuid.uuid4()
    stale = timezone.now() - (stale_after or _claim_timeout())
    Notice.objects.filter(
        Q(status=Notice.Status.DIGEST)
        | Q(status=Notice.Status.DIGEST_SENDING, claimed_at__lt=stale),
        user__isnull=False,
    ).update(status=Notice.Status.DIGEST_SENDING, claim=claim, claimed_at=timezone.now())
    mine = list(Notice.objects.filter(claim=claim).order_by("user_id", "created_at", "pk"))
    by_user = {}
    for notice in mine:
        by_user.setdefault(notice.user_id, []).append(notice)
    sent = failed = 0
    for notices in by_user.values():
        s, f = _send(
            notices,
            claim,
            lambda first, group=notices: [_digest(group)],
            together=True,
            back=Notice.Status.DIGEST,
        )
        sent, failed = sent + s, failed + f
    return sent, failed


def _send(notices, claim, build, together=False, back=Notice.Status.PENDING):
    """Send `notices` (held by `claim`), each alone or `together` in one email; mark
    them SENT, or give them back (as `back`) with the error for the next run."""
    if not notices:
        return 0, 0
    batches = [notices] if together else [[n] for n in notices]
    done, left = 0, list(batches)
    connection = get_connection()
    try:
        connection.open()  # one connection for them all
        while left:
            batch = left.pop(0)
            try:
                messages = build(batch[0])
                # Notify's report of the delivery names them again (reminders/delivery.py).
                for message in messages:
                    message.extra_headers[delivery.REFERENCE] = delivery.reference(
                        Notice, [n.pk for n in batch]
                    )
                connection.send_messages(messages)
            except REFUSED as error:  # this message refused: the rest still go
                _give_back(batch, claim, error, back)
                continue
            except BaseException:
                left.insert(0, batch)
                raise
            done += len(batch)
            Notice.objects.filter(pk__in=[n.pk for n in batch], claim=claim).update(
                status=Notice.Status.SENT, sent_at=timezone.now(), error=""
            )
    except OSError as error:  # the server went away, or was never there: the rest wait
        _give_back([n for batch in left for n in batch], claim, error, back)
    except BaseException as error:  # a time limit, a crash: give back what is left, stop
        _give_back([n for batch in left for n in batch], claim, error, back)
        raise
    finally:
        connection.close()
    return done, len(notices) - done


def _give_back(notices, claim, error, to):
    Notice.objects.filter(pk__in=[n.pk for n in notices], claim=claim).update(
        status=to, claim=None, claimed_at=None, error=f"{type(error).__name__}: {error}"[:1000]
    )


def _claim_timeout():
    return timezone.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES)


def _email(notice):
    context = {"notice": notice, "site": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=render_to_string("emails/notice-body.txt", context),
        to=[notice.email],
    )
    message.attach_alternative(render_to_string("emails/notice-body.html", context), "text/html")
    if notice.calendar:
        message.attach("meeting.ics", notice.calendar, "text/calendar; method=PUBLISH")
    return message


def _digest(notices):
    context = {"notices": notices, "site": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=f"Your notifications: {len(notices)} since yesterday",
        body=render_to_string("emails/notice-digest.txt", context),
        to=[notices[0].email],
    )
    message.attach_alternative(render_to_string("emails/notice-digest.html", context), "text/html")
    return message


# Who is told what ------------------------------------------------------------------


def _officers(partnership_id):
    return User.objects.filter(
        role=User.Role.OFFICER, is_active=True, partnerships=partnership_id
    ).order_by("pk")


def _members(group, on):
    return [
        m.person
        for m in Membership.objects.current(on)
        .filter(group=group)
        .select_related("person__user")
        .order_by("person_id")
    ]


def _on_action_assigned(sender, action, **kwargs):
    owner = action.owner
    url = settings.SITE_URL + action.get_absolute_url()
    tell(
        Kind.ACTION_ASSIGNED,
        f"action:{action.pk}:owner:{owner.pk}",
        people=[owner],
        subject=f"An action for you: {action.description[:80]}",
        body=(
            f"{action.group.name} has given you an action:\n\n{action.description}\n\n"
            + (f"Due {action.due:%-d %B %Y}.\n\n" if action.due else "")
            + "Record your progress, without signing in, at "
            + action_link(owner, base=settings.SITE_URL)
            + f" (the link lasts {settings.ACTION_LINK_DAYS} days)."
        ),
        url=url,
    )


def _on_update(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    action = instance.action
    author = instance.by_user or (_account(instance.by_person) if instance.by_person else None)
    if author is not None and author.is_officer:
        return  # an officer's own update: nobody to tell
    who = instance.by_person or (author.person if author else None) or action.owner
    tell(
        Kind.OWNER_UPDATE,
        f"update:{instance.pk}",
        users=_officers(action.group.partnership_id),
        subject=f"{who or 'The owner'} updated an action of {action.group.name}",
        body=(
            f"{who or 'The owner'} recorded an update on {instance.on:%-d %B %Y}:\n\n"
            f"{action.description}\n\nStatus now: {instance.get_status_display()}\n\n"
            f"{instance.text}"
        ),
        url=settings.SITE_URL + action.get_absolute_url(),
    )


def _on_agenda_published(sender, meeting, **kwargs):
    group = meeting.group
    people = _members(group, meeting.date) + [
        a.person for a in meeting.attendance.select_related("person__user") if a.person_id
    ]
    tell(
        Kind.AGENDA_PUBLISHED,
        f"meeting:{meeting.pk}:agenda:{meeting.sequence}",
        people=list({p.pk: p for p in people}.values()),
        subject=f"Agenda published: {group.name}, {meeting.date:%-d %B %Y}",
        body=(
            f"The agenda of the {group.name} meeting on {meeting.date:%A %-d %B %Y} at "
            f"{meeting.start_time:%H:%M}"
            + (f", {meeting.place}" if meeting.place else "")
            + " is published. The meeting is attached for your calendar; the agenda and "
            "its papers are at the link below."
        ),
        url=settings.SITE_URL + meeting.get_absolute_url(),
        calendar=meeting_calendar(meeting, settings.SITE_URL),
    )


def _on_minutes_circulated(sender, meeting, **kwargs):
    group = meeting.group
    confidential = meeting.items.filter(exempt=True).exists()
    tell(
        Kind.MINUTES_CIRCULATED,
        f"meeting:{meeting.pk}:minutes",
        people=_members(group, meeting.date),
        subject=f"Minutes: {group.name}, {meeting.date:%-d %B %Y}",
        body=(
            f"The approved minutes of the {group.name} meeting on "
            f"{meeting.date:%-d %B %Y}.\n\n"
            + (
                "They include items not for publication: read them signed in, at the link below."
                if confidential
                else meeting.minutes
            )
        ),
        url=settings.SITE_URL + meeting.get_absolute_url() + "#minutes",
    )


def _on_finding_answered(sender, finding, by, **kwargs):
    what = finding.get_answer_display().lower() if finding.answer else "no longer answered"
    tell(
        Kind.FINDING_ANSWERED,
        f"finding:{finding.pk}:{finding.answered_at or timezone.now():%Y%m%d%H%M%S%f}",
        users=_officers(finding.partnership_id),
        exclude=[by],
        subject=f"Finding {what}: {finding.subject}",
        body=(
            f"{by.get_full_name() or by.email} marked this finding {what}:\n\n"
            f"{finding.subject}: {finding.detail}\n\n"
            + (f"Reason: {finding.reason}" if finding.reason else "")
        ),
        url=settings.SITE_URL + reverse("scrutiny:health_finding", args=[finding.pk]),
    )


def _on_finding_reopened(sender, findings, **kwargs):
    for finding in findings:
        _tell_back(
            finding,
            f"finding:{finding.pk}:facts:{finding.facts[:120]}",
            "Its facts changed, so the answer given to it no longer stands",
        )


def tell_findings_back(on, within=datetime.timedelta(days=7)):
    """The officers of each open finding whose accepted answer reached its date to
    look again (in the last week, so a day missed catches up), once for each date.
    The daily run."""
    back = (
        HealthFinding.objects.open()
        .filter(answer__gt="", review_on__gt=on - within, review_on__lte=on)
        .order_by("pk")
    )
    return sum(
        _tell_back(
            finding,
            f"finding:{finding.pk}:review:{finding.review_on:%Y-%m-%d}",
            f"It was to be looked at again on {finding.review_on:%-d %B %Y}",
        )
        for finding in back
    )


def _tell_back(finding, key, why):
    return tell(
        Kind.FINDING_ANSWERED,
        key,
        users=_officers(finding.partnership_id),
        subject=f"Finding back: {finding.subject}",
        body=(
            f"{why}: it counts again until it is answered.\n\n{finding.subject}: {finding.detail}"
        ),
        url=settings.SITE_URL + reverse("scrutiny:health_finding", args=[finding.pk]),
    )


def _link_body(person, opening):
    return (
        f"{opening}\n\nRecord your progress on your actions, without signing in, at "
        + action_link(person, base=settings.SITE_URL)
        + f"\n\nThe link works for {settings.ACTION_LINK_DAYS} days. Please do not pass it on."
    )


def _revoked(person):
    """A new link after a revocation is a new event, even the same day."""
    return f"{person.links_revoked_at:%Y%m%d%H%M%S%f}" if person.links_revoked_at else "0"


def _on_link_sent(sender, person, by, **kwargs):
    return tell(
        Kind.UPDATE_LINK,
        f"link:{person.pk}:{timezone.localdate():%Y-%m-%d}:{_revoked(person)}",
        people=[person],
        subject="Your link to update your actions",
        body=_link_body(person, f"{by.get_full_name() or by.email} sent you this link."),
        url=settings.SITE_URL + reverse("meetings:person_actions", args=[person.pk]),
    )


# Kinds whose email carries the owner's link.
WITH_LINK = (Kind.ACTION_ASSIGNED, Kind.UPDATE_LINK, Kind.UPDATE_REQUEST)


def _on_links_revoked(sender, person, **kwargs):
    """The notices still waiting to go to the person carry links that no longer work:
    they are not sent (the next link is a new notice)."""
    account = _account(person)
    to = Q(person=person) | Q(user=account) if account else Q(person=person)
    return (
        Notice.objects.filter(to, kind__in=WITH_LINK)
        .filter(status__in=[Notice.Status.PENDING, Notice.Status.DIGEST])
        .update(status=Notice.Status.OFF, error="Not sent: the links were stopped first.")
    )


def _on_updates_requested(sender, group, owners, by, **kwargs):
    told = 0
    for person in owners:
        told += tell(
            Kind.UPDATE_REQUEST,
            f"request:{group.pk}:{timezone.localdate():%Y-%m-%d}:{_revoked(person)}",
            people=[person],
            subject=f"{group.name}: an update on your actions, please",
            body=_link_body(
                person,
                f"{by.get_full_name() or by.email} asks for an update on your open actions "
                f"for {group.name} before its next meeting.",
            ),
            url=settings.SITE_URL + reverse("meetings:person_actions", args=[person.pk]),
        )
    return told


def tell_responses_due(on, within=datetime.timedelta(days=14)):
    """The officers of the partnerships a review covers, of each response to its
    recommendations due within `within` (once for each due date). The daily run."""
    due = (
        Recommendation.objects.response_due(by=on + within)
        .filter(response_due__gte=on - within)  # long overdue: the findings say so
        .select_related("review")
        .prefetch_related("review__partnerships")
        .order_by("response_due", "pk")
    )
    officers = {}
    for user in User.objects.filter(
        role=User.Role.OFFICER, is_active=True, partnerships__status=Partnership.Status.ACTIVE
    ).prefetch_related("partnerships"):
        for partnership in user.partnerships.all():
            officers.setdefault(partnership.pk, {})[user.pk] = user
    told = 0
    for rec in due:
        users = {}
        for partnership in rec.review.partnerships.all():
            users.update(officers.get(partnership.pk, {}))
        late = rec.response_due < on
        told += tell(
            Kind.RESPONSE_DUE,
            f"recommendation:{rec.pk}:due:{rec.response_due:%Y-%m-%d}",
            users=users.values(),
            subject=f"Response {'overdue' if late else 'due'}: recommendation {rec.reference} "
            f"of {rec.review.title}",
            body=(
                f"The response to recommendation {rec.reference} of “{rec.review.title}” "
                f"{'was' if late else 'is'} due on {rec.response_due:%-d %B %Y}:\n\n{rec.text}"
            ),
            url=settings.SITE_URL
            + reverse("scrutiny:recommendation_respond", args=[rec.review_id, rec.pk]),
        )
    return told


def connect():
    meeting_events.action_assigned.connect(_on_action_assigned, dispatch_uid="notice:assigned")
    meeting_events.agenda_published.connect(_on_agenda_published, dispatch_uid="notice:agenda")
    meeting_events.minutes_circulated.connect(_on_minutes_circulated, dispatch_uid="notice:minutes")
    scrutiny_events.finding_answered.connect(_on_finding_answered, dispatch_uid="notice:finding")
    scrutiny_events.finding_reopened.connect(_on_finding_reopened, dispatch_uid="notice:back")
    post_save.connect(_on_update, sender=ActionUpdate, dispatch_uid="notice:update")
    meeting_events.link_sent.connect(_on_link_sent, dispatch_uid="notice:link")
    meeting_events.links_revoked.connect(_on_links_revoked, dispatch_uid="notice:revoked")
    meeting_events.updates_requested.connect(_on_updates_requested, dispatch_uid="notice:request")
