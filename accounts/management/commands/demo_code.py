from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor
from accounts.models import User


class Command(BaseCommand):
    help = "Print the code a demo account's authenticator app would show now."

    def add_arguments(self, parser):
        parser.add_argument("email", help="A demo account, such as admin@demo.test")

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@demo.test"):
            raise CommandError("Only demo accounts (…@demo.test) have a code that can be shown.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"There is no account {email}: run `manage.py load_demo` first.")
        device = two_factor.authenticator(user)
        if device is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        self.stdout.write(two_factor.code_now(device))
