"""The daily reminders: one digest a person a day, and escalations to chairs.

A digest lists what is the person's to do: their open actions due within N days
or overdue, updates due on the priorities they lead, monitoring returns due on
the grants they commission and, for an officer, responses due to scrutiny
recommendations of the partnerships they support. An escalation tells the chair
of a group about its actions overdue by more than M days, once each. People may
stop their digests (Person.digest_opt_out); escalations go all the same.

People stop and restart their digests on their account page (accounts) or from
the link in a digest (the action owner's page, meetings). The choice is a field
of the person and of the account, which this app only reads, so those switches
stay on the pages they are part of.

Work goes in chunks of recipients, each read in a fixed number of queries
whatever its size (values() rows grouped in Python), claimed (see Reminder),
then sent over one mail connection. Nothing here depends on who runs it: the
Celery task and the management command both call send_reminders().
"""

import calendar
import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Max, Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from accounts.models import User
from funding.models import Grant
from meetings.links import action_token
from meetings.models import Action
from partnerships.models import Membership, Person
from reminders import delivery
from reminders.models import Reminder
from scrutiny.models import Recommendation
from strategy.models import UPDATE_EVERY_DAYS, Priority

log = logging.getLogger(__name__)

MONTHS = [calendar.month_name[m] for m in range(1, 13)]  # 4 December 2026, as everywhere
PERSON, USER = "person", "user"  # the two kinds of recipient key: (PERSON, id) or (USER, id)


@dataclass
class Outcome:
    digests: int = 0
    escalations: int = 0
    already: int = 0
    busy: int = 0  # claimed by another run, sending them now or dead (see Reminder)
    failed: int = 0

    def __str__(self):
        text = (
            f"digests sent: {self.digests}, escalations sent: {self.escalations}, "
            f"already sent: {self.already}"
        )
        if self.busy:
            text += f", being sent by another run: {self.busy}"
        return text


@dataclass
class Mail:
    """One email to write: who to, and what goes in it."""

    name: str
    address: str
    items: dict = field(default_factory=lambda: defaultdict(_List))


def send_reminders(
    on, *, dry_run=False, due_within=None, escalate_after=None, chunk=1000, claim_timeout=None
):
    """Send the digests and escalations of the day `on`; return the counts.

    With dry_run, nothing is sent and nothing recorded: the counts say what a run
    would send. A send that fails is left pending with its error, counted in
    `failed`, for the next run the same day to pick up; the others go on. Should
    the run itself fail, what it claimed and did not send is left pending too.
    What another run has claimed is counted in `busy`: that run sends it or, if
    it died, a run after the claim timeout does."""
    run = _Run(
        on=on,
        dry_run=dry_run,
        due_within=_setting("REMINDER_DUE_WITHIN_DAYS", 7) if due_within is None else due_within,
        escalate_after=_setting("ESCALATE_AFTER_DAYS", 14)
        if escalate_after is None
        else escalate_after,
        claim_timeout=_setting("REMINDER_CLAIM_TIMEOUT_MINUTES", 30)
        if claim_timeout is None
        else claim_timeout,
    )
    outcome = Outcome()
    for keys in _chunks(_digest_recipients(run), chunk):
        keys, done, busy = _not_yet_sent(run, Reminder.Kind.DIGEST, keys)
        sent, already, failed = _deliver(run, Reminder.Kind.DIGEST, _digests(run, keys))
        outcome.digests += sent
        outcome.already += already + done
        outcome.busy += busy
        outcome.failed += failed
    for chair_ids in _chunks(_chairs(run), chunk):
        keys, done, busy = _not_yet_sent(
            run, Reminder.Kind.ESCALATION, [(PERSON, pk) for pk in chair_ids]
        )
        mails = _escalations(run, [pk for _, pk in keys])
        sent, already, failed = _deliver(run, Reminder.Kind.ESCALATION, mails)
        outcome.escalations += sent
        outcome.already += already + done
        outcome.busy += busy
        outcome.failed += failed
    return outcome


def _not_yet_sent(run, kind, keys):
    """The keys of a chunk whose email of the day is neither sent nor being sent,
    how many are sent and how many being sent (one query). Only a shortcut:
    _deliver's claim decides."""
    person_ids = [pk for k, pk in keys if k == PERSON]
    user_ids = [pk for k, pk in keys if k == USER]
    mine = Reminder.objects.for_recipients(kind, run.on, person_ids, user_ids)
    stale_before = timezone.now() - run.claim_timeout
    rows = list(
        mine.exclude(pk__in=mine.claimable(stale_before).values("pk")).values(
            "id", "person_id", "user_id", "status"
        )
    )
    taken = _keys_of(rows)
    busy = sum(row["status"] == Reminder.Status.SENDING for row in rows)
    return [key for key in keys if key not in taken], len(taken) - busy, busy


def _setting(name, default):
    value = getattr(settings, name, default)
    if not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number of days (or minutes).")
    return value


def _site_url():
    url = getattr(settings, "SITE_URL", "")
    if url:
        return url.rstrip("/")
    if settings.DEBUG:
        return "http://localhost:8000"
    raise ImproperlyConfigured(
        "SITE_URL is not set: reminder emails need the site's address for their links."
    )


class _Run:
    def __init__(self, *, on, dry_run, due_within, escalate_after, claim_timeout):
        self.on = on
        self.dry_run = dry_run
        self.horizon = on + datetime.timedelta(days=due_within)
        self.horizon_text = f"{self.horizon:%A} {self.horizon.day} {self.horizon:%B %Y}"
        self.horizon_short = f"{self.horizon.day} {self.horizon:%B}"
        self.escalate_after = escalate_after
        # Overdue by more than M days: due before this.
        self.cutoff = on - datetime.timedelta(days=escalate_after)
        self.claim_timeout = datetime.timedelta(minutes=claim_timeout)
        self.site_url = _site_url()
        self.officers = {}  # officer's user id -> their recipient key
        self.urls = {}

    def url(self, name, arg):
        """An absolute link; reversed once per page name, not once per row."""
        if name not in self.urls:
            path = reverse(name, args=["0"] if name == "meetings:owner_link" else [0])
            self.urls[name] = self.site_url + path.replace("/0/", "/{}/")
        return self.urls[name].format(arg)


def _day(day):
    """Dates in emails are formatted here, not by the template filter: a tenth of the cost."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _days(n):
    return f"{n} day{'s' if n != 1 else ''}"


class _List(list):
    """The entries of one list in an email (see _line), which the templates show
    whole as .text or .html: a run writes tens of thousands of entries, and a
    loop in a template costs ten times a join."""

    @property
    def text(self):
        return "\n".join(f"- {entry['text']}" for entry in self)

    @property
    def html(self):
        return mark_safe("\n".join(f"<li>{entry['html']}</li>" for entry in self))  # noqa: S308 (escaped in _line)


def _line(text, html, *args, late=False):
    """One entry of a list in an email, in its text and HTML forms. The last
    argument is the 'when', in bold when late; every argument is escaped for HTML."""
    *rest, when = args
    safe = [escape(str(arg)) for arg in rest]
    when_html = f"<strong>{escape(when)}</strong>" if late else escape(when)
    return {"text": text.format(*rest, when), "html": html.format(*safe, when_html)}


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Who gets a digest ---------------------------------------------------------------------


def _due_actions(run):
    return Action.objects.open().filter(due__lte=run.horizon, group__archived_at__isnull=True)


def _due_priorities(run):
    return Priority.objects.update_due(run.on, by=run.horizon)


def _grants_with_returns(run):
    return Grant.objects.with_returns_due()


def _due_recommendations(run):
    return Recommendation.objects.response_due(by=run.horizon)


def _digest_recipients(run):
    """Everyone who may have something due, as sorted recipient keys (four queries).
    An officer with an entry in the register is that person; one without gets a
    digest to their account. Whether each really has something is decided per chunk."""
    people = set()
    for queryset, column in (
        (_due_actions(run).filter(owner__isnull=False), "owner_id"),
        (_due_priorities(run).filter(lead_person__isnull=False), "lead_person_id"),
        (
            _grants_with_returns(run).filter(commissioning_lead__isnull=False),
            "commissioning_lead_id",
        ),
    ):
        people.update(queryset.order_by().values_list(column, flat=True).distinct())
    officers = (
        User.objects.filter(
            role=User.Role.OFFICER,
            is_active=True,
            partnerships__reviews__recommendations__in=_due_recommendations(run),
        )
        .order_by()
        .values_list("id", "person_id")
        .distinct()
    )
    for user_id, person_id in officers:
        run.officers[user_id] = (PERSON, person_id) if person_id else (USER, user_id)
    return sorted({(PERSON, pk) for pk in people} | set(run.officers.values()))


def _digests(run, keys):
    """The digests of a chunk of recipients, in at most seven queries whatever their
    number: people, users, actions, priorities, grants and their returns,
    recommendations (none for an empty list: no users, no grants, no officers)."""
    person_ids = [pk for kind, pk in keys if kind == PERSON]
    user_ids = [pk for kind, pk in keys if kind == USER]
    mails = {}
    for row in Person.objects.filter(
        pk__in=person_ids, archived_at__isnull=True, digest_opt_out=False
    ).values("id", "name", "email", "user__email"):
        address = row["email"] or row["user__email"]
        if address:
            mails[(PERSON, row["id"])] = Mail(row["name"], address)
    for row in User.objects.filter(pk__in=user_ids, is_active=True, digest_opt_out=False).values(
        "id", "email", "first_name", "last_name"
    ):
        name = f"{row['first_name']} {row['last_name']}".strip() or row["email"]
        mails[(USER, row["id"])] = Mail(name, row["email"])
    people = [pk for kind, pk in mails if kind == PERSON]

    actions = (
        _due_actions(run)
        .filter(owner_id__in=people)
        .order_by("due", "id")
        .values(
            "id", "owner_id", "description", "due", "group__name", "item__exempt", "confidential"
        )
    )
    for row in actions:
        late = (run.on - row["due"]).days
        if late > 0:
            when = f"due {_day(row['due'])}, {_days(late)} overdue"
        else:
            when = f"due {_day(row['due'])}, " + (f"in {_days(-late)}" if late else "today")
        if row["item__exempt"] or row["confidential"]:
            when += " (confidential: do not forward)"
        mails[(PERSON, row["owner_id"])].items["overdue" if late > 0 else "due"].append(
            _line(
                "{}\n  {}: {}",
                "<strong>{}</strong><br>{}: {}",
                row["description"],
                row["group__name"],
                when,
                late=late > 0,
            )
        )

    priorities = (
        _due_priorities(run)
        .filter(lead_person_id__in=people)
        .order_by("plan__starts", "position", "id")
        .values("id", "title", "lead_person_id", "plan__title", "last_update")
    )
    for row in priorities:
        last = row["last_update"]
        if last is None:
            when = "no update recorded yet"
        else:
            due = last + datetime.timedelta(days=UPDATE_EVERY_DAYS)
            when = (
                f"last update for the quarter ending {_day(last)}; "
                f"the next {'was' if due < run.on else 'is'} due {_day(due)}"
            )
        url = run.url("strategy:priority_detail", row["id"])
        mails[(PERSON, row["lead_person_id"])].items["priorities"].append(
            _line(
                "{1} ({2}): {3}\n  {0}",
                '<a href="{}">{}</a> ({}): {}',
                url,
                row["title"],
                row["plan__title"],
                when,
                late=last is None or due < run.on,
            )
        )

    grants = (
        _grants_with_returns(run)
        .filter(commissioning_lead_id__in=people)
        .only(*Grant.SCHEDULE_FIELDS, "title", "commissioning_lead_id")
        .order_by("title", "id")
        .prefetch_related("returns")
    )
    for grant in grants:
        for slot in grant.return_schedule(on=run.on):
            if slot["state"] == "missing" or (
                slot["state"] == "upcoming" and slot["due"] <= run.horizon
            ):
                missing = slot["state"] == "missing"
                mails[(PERSON, grant.commissioning_lead_id)].items["returns"].append(
                    _line(
                        "{1}: the return for the period ending {2} {3}\n  {0}",
                        '<a href="{}">{}</a>: the return for the period ending {} {}',
                        run.url("funding:grant_detail", grant.pk),
                        grant.title,
                        _day(slot["period_end"]),
                        f"was due {_day(slot['due'])} and has not been received"
                        if missing
                        else f"is due {_day(slot['due'])}",
                        late=missing,
                    )
                )

    officers = {uid: key for uid, key in run.officers.items() if key in mails}
    recommendations = (
        _due_recommendations(run)
        .filter(review__partnerships__users__in=list(officers))
        .order_by("response_due", "id")
        .values(
            "id",
            "reference",
            "text",
            "response_due",
            "review_id",
            "review__title",
            "review__partnerships__users",
        )
    )
    listed = set()
    for row in recommendations:
        key = officers[row["review__partnerships__users"]]
        if (key, row["id"]) in listed:  # an officer of two partnerships in the review's scope
            continue
        listed.add((key, row["id"]))
        late = row["response_due"] < run.on
        mails[key].items["recommendations"].append(
            _line(
                "{1}, recommendation {2}: {3}\n  {4}\n  {0}",
                '<a href="{}">{}, recommendation {}</a>: {}<br>{}',
                f"{run.url('scrutiny:review_detail', row['review_id'])}#rec-{row['id']}",
                row["review__title"],
                row["reference"],
                Truncator(row["text"]).words(30),
                f"Response {'was ' if late else ''}due {_day(row['response_due'])}",
                late=late,
            )
        )

    return {key: mail for key, mail in mails.items() if mail.items}


# Who gets an escalation --------------------------------------------------------------------


def _chairing(run, prefix=""):
    """The conditions on a membership (reached through prefix) of a chair on the day."""
    return (
        Q(**{f"{prefix}role": Membership.Role.CHAIR, f"{prefix}person__archived_at__isnull": True})
        & (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": run.on}))
        & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": run.on}))
    )


def _long_overdue(run):
    return Action.objects.open().filter(due__lt=run.cutoff, group__archived_at__isnull=True)


def _chairs(run):
    """The chairs of groups with actions overdue by more than M days (one query)."""
    return sorted(
        Membership.objects.filter(_chairing(run), group__in=_long_overdue(run).values("group_id"))
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def _escalations(run, chair_ids):
    """Each chair's email of the actions that became overdue by more than M days
    since their last escalation (all of them, the first time), in three queries.

    An action on an exempt item is included: the chair sits on the group, so may
    see it. Agenda item titles are never put in an email."""
    mails = {}
    for row in Person.objects.filter(pk__in=chair_ids).values("id", "name", "email", "user__email"):
        address = row["email"] or row["user__email"]
        if address:
            mails[(PERSON, row["id"])] = Mail(row["name"], address)
    last_sent = dict(
        Reminder.objects.filter(
            kind=Reminder.Kind.ESCALATION,
            person_id__in=chair_ids,
            status=Reminder.Status.SENT,
            date__lt=run.on,
        )
        .order_by()
        .values_list("person_id")
        .annotate(last=Max("date"))
    )
    rows = (
        _long_overdue(run)
        .filter(_chairing(run, "group__memberships__"), group__memberships__person_id__in=chair_ids)
        .order_by("group__name", "group_id", "due", "id")
        .values(
            "id",
            "description",
            "due",
            "group_id",
            "group__name",
            "owner__name",
            "item__exempt",
            "confidential",
            "group__memberships__person_id",
        )
    )
    margin = datetime.timedelta(days=run.escalate_after)
    for row in rows:
        key = (PERSON, row["group__memberships__person_id"])
        last = last_sent.get(key[1])
        # On the day of the last escalation, an action due before last - M was in it.
        if key not in mails or (last is not None and row["due"] < last - margin):
            continue
        groups = mails[key].items["groups"]
        if not groups or groups[-1]["id"] != row["group_id"]:
            groups.append(
                {
                    "id": row["group_id"],
                    "name": row["group__name"],
                    "url": run.url("meetings:tracker", row["group_id"]),
                    "actions": _List(),
                }
            )
        when = f"Due {_day(row['due'])}, {_days((run.on - row['due']).days)} overdue."
        if row["item__exempt"] or row["confidential"]:
            when += " Confidential: do not forward."
        groups[-1]["actions"].append(
            _line(
                "{}\n  Owner: {}. {}",
                "<strong>{}</strong><br>Owner: {}. {}",
                row["description"],
                row["owner__name"] or "no one",
                when,
                late=True,
            )
        )
    for mail in mails.values():
        mail.items["count"] = sum(len(g["actions"]) for g in mail.items["groups"])
    return {key: mail for key, mail in mails.items() if mail.items["groups"]}


# Claiming and sending ----------------------------------------------------------------------


def _keys_of(rows):
    return {
        (PERSON, row["person_id"]) if row["person_id"] else (USER, row["user_id"]): row["id"]
        for row in rows
    }


def _deliver(run, kind, mails):
    """Claim the chunk's emails, send those this run won, record the outcome.
    Returns (sent, already sent or being sent by another run, failed)."""
    if not mails:
        return 0, 0, 0
    person_ids = [pk for k, pk in mails if k == PERSON]
    user_ids = [pk for k, pk in mails if k == USER]
    mine = Reminder.objects.for_recipients(kind, run.on, person_ids, user_ids)
    now = timezone.now()
    if run.dry_run:
        free = _keys_of(
            mine.claimable(now - run.claim_timeout).values("id", "person_id", "user_id")
        )
        taken = _keys_of(mine.values("id", "person_id", "user_id")).keys() - free.keys()
        return len(mails) - len(taken), len(taken), 0

    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=kind,
                date=run.on,
                person_id=pk if k == PERSON else None,
                user_id=pk if k == USER else None,
            )
            for k, pk in mails
        ],
        ignore_conflicts=True,
    )
    claim = uuid.uuid4()
    mine.claimable(now - run.claim_timeout).update(
        status=Reminder.Status.SENDING, claim=claim, claimed_at=now, error=""
    )
    sent, failed, connection, finished = [], defaultdict(list), None, False
    try:
        # From here on whatever happens, even a crash, the finally below marks
        # what went SENT and gives back everything else this run claimed.
        claimed = _keys_of(
            Reminder.objects.filter(claim=claim).values("id", "person_id", "user_id")
        )
        templates = {
            part: get_template(f"emails/reminder-{kind}-{part}")
            for part in ("subject.txt", "body.txt", "body.html")
        }
        connection = get_connection()
        try:
            connection.open()  # one connection for the chunk
        except OSError as exc:  # smtplib and socket errors are OSErrors
            log.warning("No reminders sent: the mail server is out of reach: %s", exc)
            failed[_error(exc)] = list(claimed.values())
            claimed = {}
        for key, reminder_id in claimed.items():
            try:
                _send(run, kind, templates, key, mails[key], connection, reminder_id)
            except SoftTimeLimitExceeded:
                raise  # the task is out of time: stop, and give back the rest
            except Exception as exc:  # one email that fails must not stop the others
                log.warning("Reminder %s not sent: %s", reminder_id, exc)
                failed[_error(exc)].append(reminder_id)
                connection.close()  # the next message opens a new connection
            else:
                sent.append(reminder_id)
        finished = True
    finally:
        if connection is not None:
            connection.close()
        _record(claim, sent, failed, stopped=not finished)
    failures = sum(len(ids) for ids in failed.values())
    return len(sent), len(mails) - len(sent) - failures, failures


def _error(exc):
    return f"{type(exc).__name__}: {exc}"[:1000]


def _send(run, kind, templates, key, mail, connection, reminder_id):
    if kind == Reminder.Kind.DIGEST and key[0] == PERSON:
        # Their own actions, and the choice to stop these emails. Signed here,
        # for the emails this run sends only: a signature is not cheap.
        mail.items["link"] = run.url("meetings:owner_link", action_token(key[1]))
    message = _message(run, templates, mail, connection)
    # Notify's report of the delivery names it again (reminders/delivery.py).
    message.extra_headers[delivery.REFERENCE] = delivery.reference(Reminder, [reminder_id])
    if connection.send_messages([message]) != 1:
        raise OSError("The mail server did not take the message.")


def _record(claim, sent, failed, *, stopped):
    """SENT for what went; back to PENDING with its error, free for the next run,
    for what failed; when the run `stopped` half-way, back to PENDING for the
    rest it claimed and never tried."""
    mine = Reminder.objects.filter(claim=claim)
    if sent:
        mine.filter(pk__in=sent).update(status=Reminder.Status.SENT, sent_at=timezone.now())
    for error, ids in failed.items():
        mine.filter(pk__in=ids).update(status=Reminder.Status.PENDING, claim=None, error=error)
    if stopped:
        mine.exclude(status=Reminder.Status.SENT).update(status=Reminder.Status.PENDING, claim=None)


EMPTY = dict.fromkeys(("overdue", "due", "priorities", "returns", "recommendations", "link"), "")


def _message(run, templates, mail, connection):
    context = {
        **EMPTY,  # a name missing from a template's context costs an exception
        **mail.items,
        "name": mail.name,
        "actions_link": mail.items.get("link")
        if "overdue" in mail.items or "due" in mail.items
        else "",
        "horizon": run.horizon_text,
        "horizon_short": run.horizon_short,
        "escalate_after": run.escalate_after,
        "link_days": settings.ACTION_LINK_DAYS,
        "site_url": run.site_url,
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
    }
    subject = " ".join(templates["subject.txt"].render(context).split())
    message = EmailMultiAlternatives(
        subject,
        templates["body.txt"].render(context),
        settings.DEFAULT_FROM_EMAIL,
        [mail.address],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(templates["body.html"].render(context), "text/html")
    return message
