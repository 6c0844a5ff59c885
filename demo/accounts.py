"""The demo accounts from data/accounts.yaml, one for each role, and the demo
administrator's authenticator: a fixed, public key, for development only.

The key in base32, as an authenticator app takes it typed in, is
MNZX ALLE MVWW 6LLB MRWW S3RN ORXX I4BB. `manage.py demo_code admin@demo.test`
prints the code it gives now.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from demo import facts
from partnerships.models import Membership

DEMO_PASSWORD = "partnership-demo"
DEMO_TOTP_KEY = "6373702d64656d6f2d61646d696e2d746f747021"


def load_accounts(register):
    """The demo accounts, made once: an account that exists is left as it is,
    except that the administrator is given the demo authenticator if it has none."""
    users = []
    for spec in facts.read("accounts")["accounts"]:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            is_admin = spec["role"] == User.Role.ADMIN
            user = User.objects.create_user(
                spec["email"],
                DEMO_PASSWORD,
                role=spec["role"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                person=_chair_of(spec["chairs"]) if "chairs" in spec else None,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            names = set(spec.get("partnerships", []))
            user.partnerships.set(
                [p for name, p in register["partnerships"].items() if name in names]
            )
        if spec["role"] == User.Role.ADMIN:
            give_demo_authenticator(user)  # the code: `manage.py demo_code admin@demo.test`
        users.append(user)
    return users


def _chair_of(group):
    """The person who chairs the group ("Partnership / Group") today, if anyone."""
    partnership, name = group.split(" / ")
    chair = (
        Membership.objects.filter(
            group__name=name,
            group__partnership__name=partnership,
            role=Membership.Role.CHAIR,
            end__isnull=True,
        )
        .select_related("person")
        .first()
    )
    return chair and chair.person


def give_demo_authenticator(user):
    """A confirmed authenticator with the demo key, and backup codes; nothing if the
    account has an authenticator already."""
    if two_factor.authenticator(user) is not None:
        return
    TOTPDevice.objects.create(
        user=user, name=two_factor.DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
    )
    two_factor.new_backup_codes(user)
