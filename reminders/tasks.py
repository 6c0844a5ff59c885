import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reminders import notices
from reminders.services import send_reminders


class RemindersNotSent(Exception):
    pass


# The name it had in meetings/: the beat schedule in the database (meetings
# migration 0004) and any retry waiting in the broker call the task by it.
@shared_task(bind=True, name="meetings.tasks.send_daily_reminders")
def send_daily_reminders(self, on=None):
    """The day's digests and escalations (`on`: an ISO date, today by default).

    Safe to run again: what was sent is claimed and recorded, so a retry sends
    only what failed. Emails claimed by another run are looked at again once
    that claim has timed out: a run that died (its worker killed) leaves them
    claimed, and this task came back only because of it."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    # The notifications people asked for once a day, and any that could not go at once.
    outcome = send_reminders(day)
    # Then the notifications people asked for once a day, and any that could not go
    # at once (a retry of this task sends only what is left).
    notices.tell_responses_due(day)
    notices.tell_findings_back(day)
    notices.send_digests()
    notices.send_pending()
    if outcome.failed:
        raise self.retry(
            exc=RemindersNotSent(f"{outcome.failed} reminders of {day} not sent; {outcome}")
        )
    if outcome.busy:
        raise self.retry(
            countdown=(settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1) * 60,
            exc=RemindersNotSent(
                f"{outcome.busy} reminders of {day} claimed by another run; {outcome}"
            ),
        )
    return str(outcome)
