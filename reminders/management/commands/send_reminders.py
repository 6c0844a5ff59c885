import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import send_reminders


class Command(BaseCommand):
    help = (
        "Send the day's reminder digests and escalations to chairs. Safe to run again: "
        "nothing already sent that day is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for, as YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be sent; send and record nothing.",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        if date is None:
            day = timezone.localdate()
        else:
            try:
                day = datetime.datetime.strptime(date, "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(
                    f"--date {date!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-23."
                ) from None
        if dry_run:
            self.stdout.write(f"Dry run for {day:%-d %B %Y}: nothing is sent or recorded.")
        outcome = send_reminders(day, dry_run=dry_run)
        if outcome.failed:
            self.stderr.write(
                f"{outcome.failed} could not be sent and are left pending: run again to retry them."
            )
        if outcome.busy:
            self.stderr.write(
                f"{outcome.busy} are being sent by another run. Should that run have "
                f"stopped, run again after {settings.REMINDER_CLAIM_TIMEOUT_MINUTES} minutes "
                "(REMINDER_CLAIM_TIMEOUT_MINUTES) to send them."
            )
        self.stdout.write(str(outcome))
        if outcome.failed:
            raise CommandError("Some reminders were not sent.", returncode=1)
