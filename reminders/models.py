"""The record of each reminder email sent or being sent (see Reminder), the claim
that keeps a day's digest or escalation from going twice; and each notification
(Notice), told once, with how each person chooses to be told (NoticeChoice).

The model moved here from meetings/ with the code that sends the reminders. Its
table is still meetings_reminder: the move changed Django's idea of where the
model lives, not the database (migrations 0001 here and meetings 0005).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReminderQuerySet(models.QuerySet):
    def for_recipients(self, kind, on, person_ids=(), user_ids=()):
        return self.filter(kind=kind, date=on).filter(
            Q(person_id__in=person_ids) | Q(user_id__in=user_ids)
        )

    def claimable(self, stale_before):
        """Not yet sent and not being sent: pending, or claimed by a run that has
        since died (still SENDING after the claim timeout)."""
        return self.filter(
            Q(status=Reminder.Status.PENDING)
            | Q(status=Reminder.Status.SENDING, claimed_at__lt=stale_before)
        )


class Reminder(models.Model):
    """One reminder email on one day: a person's digest of what is due, or the
    escalation to a chair of actions long overdue. The row is the claim: a run
    inserts it PENDING, takes it with a conditional UPDATE to SENDING (which only
    one run can win), sends, then marks it SENT. So a re-run the same day, a retry
    or a second worker never sends it twice.

    A send that fails goes back to PENDING with its error, and a run that fails
    gives back to PENDING all it claimed and did not send, for the next run. Only
    a run that is killed between its claim and SENT leaves the row SENDING; once
    the claim is older than REMINDER_CLAIM_TIMEOUT_MINUTES (longer than a task
    may run) a later run may take it again. That email may then go twice (if the
    kill came after the send), which is preferred to never.

    An escalation names a person (the chair); a digest names a person, or the
    account of an officer who has no entry in the register.
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily digest"
        ESCALATION = "escalation", "Escalation to a chair"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    person = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True, help_text="The run that holds it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        db_table = "meetings_reminder"
        ordering = ["-date", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "date"],
                condition=Q(person__isnull=False),
                name="reminder_once_a_day_per_person",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "date"],
                condition=Q(user__isnull=False),
                name="reminder_once_a_day_per_user",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, user__isnull=True)
                | Q(person__isnull=True, user__isnull=False),
                name="reminder_to_a_person_or_a_user",
            ),
            models.CheckConstraint(
                condition=~Q(kind="escalation") | Q(person__isnull=False),
                name="reminder_escalation_to_a_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_a_time",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(claimed_at__isnull=False),
                name="reminder_claimed_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.person or self.user} on {self.date}"


class Notice(models.Model):
    """One thing one person is told, once: in their list of notifications and, as
    they choose for its kind (NoticeChoice), by email at once, in the next daily
    digest or not at all. Someone in the register without an account (an action
    owner) is emailed at once.

    (kind, key, recipient) is unique, so the same event told twice (a retry, two
    workers) makes one notice. Its email is claimed as a Reminder is: a conditional
    UPDATE from PENDING to SENDING that only one sender wins, then SENT."""

    class Kind(models.TextChoices):
        ACTION_ASSIGNED = "action_assigned", "An action is given to you"
        OWNER_UPDATE = "owner_update", "An owner updates an action of a group you support"
        AGENDA_PUBLISHED = "agenda_published", "The agenda of a meeting you are expected at"
        MINUTES_CIRCULATED = "minutes_circulated", "The minutes of a meeting of your groups"
        RESPONSE_DUE = "response_due", "A response to a scrutiny recommendation is due"
        FINDING_ANSWERED = "finding_answered", "A governance finding is answered or comes back"
        UPDATE_LINK = "update_link", "Your link to update your actions, sent by an officer"
        UPDATE_REQUEST = "update_request", "An officer asks for an update on your actions"

    class Status(models.TextChoices):
        PENDING = "pending", "To be emailed"
        SENDING = "sending", "Being emailed"
        SENT = "sent", "Emailed"
        DIGEST = "digest", "For the daily digest"
        DIGEST_SENDING = "digest_sending", "Being emailed in a digest"
        OFF = "off", "Not emailed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="The event: the same event, the same key.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    person = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        help_text="Someone without an account, told by email only.",
    )
    email = models.EmailField(blank=True, help_text="Where it was, or is to be, emailed.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=400, help_text="The page it is about.")
    calendar = models.TextField(blank=True, help_text="An iCalendar attachment, if any.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True, help_text="The sender that holds it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notice_list"),
            models.Index(fields=["kind", "key"], name="notice_event"),
            models.Index(
                fields=["status"],
                condition=~Q(status__in=["sent", "off"]),
                name="notice_to_send",
            ),
            models.Index(fields=["claim"], condition=Q(claim__isnull=False), name="notice_claim"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "user"],
                condition=Q(user__isnull=False),
                name="notice_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "person"],
                condition=Q(person__isnull=False),
                name="notice_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, user__isnull=True)
                | Q(person__isnull=True, user__isnull=False),
                name="notice_to_a_user_or_a_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notice_sent_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject} to {self.user or self.person}"


class NoticeChoice(models.Model):
    """How a person with an account is told of one kind of notice; without a row,
    at once by email."""

    class How(models.TextChoices):
        AT_ONCE = "at_once", "By email at once"
        DIGEST = "digest", "In the daily digest email"
        OFF = "off", "Not by email (in your notifications only)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_choices"
    )
    kind = models.CharField(max_length=30, choices=Notice.Kind.choices)
    how = models.CharField(max_length=20, choices=How.choices, default=How.AT_ONCE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_choice_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}, {self.get_how_display()}"
