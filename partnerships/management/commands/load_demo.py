from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import give_demo_authenticator
from accounts.models import User
from funding.demo import load_funding
from meetings.demo import load_meetings
from partnerships.demo import load_register
from partnerships.demo_strategy import load_strategy
from partnerships.models import Membership
from scrutiny.demo import load_scrutiny

DEMO_PASSWORD = "partnership-demo"


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
            load_meetings()
            load_strategy()
            load_funding()
            accounts = self._accounts(register)
            load_scrutiny()
        if not quiet_accounts:
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for user in accounts:
                self.stdout.write(f"  {user.email:<22} {user.get_role_display()}")
            self.stdout.write(
                "admin@demo.test then asks for a code: python manage.py demo_code admin@demo.test"
            )

    def _accounts(self, register):
        partnerships = register["partnerships"]
        officer_for = [p for name, p in partnerships.items() if name in DEMO_OFFICER_PARTNERSHIPS]
        chair_of = (
            Membership.objects.filter(
                group__name=DEMO_CHAIR_GROUP[1],
                group__partnership__name=DEMO_CHAIR_GROUP[0],
                role=Membership.Role.CHAIR,
                end__isnull=True,
            )
            .select_related("person")
            .first()
        )
        specs = [
            ("officer@demo.test", User.Role.OFFICER, "Olive", "Officer", officer_for, None),
            ("scrutiny@demo.test", User.Role.SCRUTINY, "Sam", "Scrutineer", officer_for, None),
            (
                "chair@demo.test",
                User.Role.CHAIR,
                "Chris",
                "Chair",
                [],
                chair_of and chair_of.person,
            ),
            ("admin@demo.test", User.Role.ADMIN, "Ada", "Admin", [], None),
        ]
        users = []
        for email, role, first, last, scope, person in specs:
            user = User.objects.filter(email=email).first()
            if user is None:
                is_admin = role == User.Role.ADMIN
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    role=role,
                    first_name=first,
                    last_name=last,
                    person=person,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                user.partnerships.set(scope)
            if role == User.Role.ADMIN:
                give_demo_authenticator(user)  # the code: `manage.py demo_code admin@demo.test`
            users.append(user)
        return users


DEMO_OFFICER_PARTNERSHIPS = {
    "Swindon Community Safety Partnership",
    "Wiltshire Community Safety Partnership",
}
DEMO_CHAIR_GROUP = ("Swindon Community Safety Partnership", "Community Safety Partnership Board")
