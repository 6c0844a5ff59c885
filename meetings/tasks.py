import datetime

from celery import shared_task
from django.utils import timezone

from meetings.reminders import send_reminders


class RemindersNotSent(Exception):
    pass


@shared_task(bind=True)
def send_daily_reminders(self, on=None):
    """The day's digests and escalations (`on`: an ISO date, today by default).

    Safe to run again: what was sent is claimed and recorded, so a retry sends
    only what failed."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    outcome = send_reminders(day)
    if outcome.failed:
        raise self.retry(
            exc=RemindersNotSent(f"{outcome.failed} reminders of {day} not sent; {outcome}")
        )
    return str(outcome)
