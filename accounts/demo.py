"""The demo administrator's authenticator: a fixed, public key, for development only.

The key in base32, as an authenticator app takes it typed in, is
MNZX ALLE MVWW 6LLB MRWW S3RN ORXX I4BB. `manage.py demo_code admin@demo.test`
prints the code it gives now.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor

DEMO_TOTP_KEY = "6373702d64656d6f2d61646d696e2d746f747021"


def give_demo_authenticator(user):
    """A confirmed authenticator with the demo key, and backup codes; nothing if the
    account has an authenticator already."""
    if two_factor.authenticator(user) is not None:
        return
    TOTPDevice.objects.create(
        user=user, name=two_factor.DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
    )
    two_factor.new_backup_codes(user)
