"""The record of each reminder email sent or being sent (see Reminder), the claim
that keeps a day's digest or escalation from going twice.

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
