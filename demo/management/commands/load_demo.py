from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.accounts import DEMO_PASSWORD, load_accounts
from demo.agreements import load_agreements
from demo.dhr import load_dhr
from demo.finding_history import load_finding_history
from demo.funding import load_funding
from demo.meetings import load_meetings
from demo.register import load_register
from demo.scrutiny import load_scrutiny
from demo.strategy import load_strategy
from scrutiny.findings import recompute_all


class Command(BaseCommand):
    help = "Load the demo register and demo accounts. Safe to run again: it changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="Do not print the demo accounts."
        )

    def handle(self, *args, quiet_accounts=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo data and its well-known passwords are for development only; "
                "set DEBUG=true to load them."
            )
        with transaction.atomic():
            register = load_register()
            load_agreements()
            load_meetings()
            load_strategy()
            load_dhr()
            load_funding()
            accounts = load_accounts(register)
            load_scrutiny()
        # The findings now, whether or not a worker is running to recompute them, and
        # a year of their weekly counts.
        recompute_all()
        load_finding_history()
        if not quiet_accounts:
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for user in accounts:
                self.stdout.write(f"  {user.email:<22} {user.get_role_display()}")
            self.stdout.write(
                "admin@demo.test then asks for a code: python manage.py demo_code admin@demo.test"
            )
