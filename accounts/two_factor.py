"""Two-factor authentication: an authenticator app (TOTP) and single-use backup codes.

Devices come from django-otp. A person has at most one confirmed TOTP device and one
static device holding their backup codes. A TOTP device is unconfirmed from the moment
set-up starts until the person enters a code from it.
"""

from base64 import b32encode
from time import time

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# Session keys: the password is right but a code is still owed; backup codes waiting
# to be shown once.
PENDING_SESSION_KEY = "two_factor_pending"
# Set for a sign-in through the council's directory that asked for a second factor
# itself (the ID token's `amr` claim names "mfa"): no code is owed here as well.
DIRECTORY_VERIFIED_SESSION_KEY = "directory_second_factor"
NEW_CODES_SESSION_KEY = "two_factor_new_codes"


class Locked(Exception):
    """Too many wrong codes: django-otp refuses to check another until `seconds` pass."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


def required_for(user):
    """Administrators must use two-factor (unless OTP_REQUIRED_FOR_ADMINS is off)."""
    return settings.OTP_REQUIRED_FOR_ADMINS and user.is_admin


def owes_code(request):
    """Signed in with a password but not yet with a code, where a code is needed: someone
    with two-factor on, or an administrator. Asks the database nothing."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if request.session.get(DIRECTORY_VERIFIED_SESSION_KEY):
        return False
    return bool(request.session.get(PENDING_SESSION_KEY)) or required_for(user)


def authenticator(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_authenticator(user):
    """The authenticator app being set up (not yet confirmed), or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def start_setup(user):
    """A new unconfirmed authenticator with a fresh secret, replacing any earlier attempt."""
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def check_setup_code(device, code):
    """Whether `code` comes from the app being set up. Raises Locked when throttled."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        _check_allowed(device)
        return device.verify_token(normalise(code))


@transaction.atomic
def finish_setup(device):
    """Confirm the authenticator (its code has been checked) and return the first backup
    codes. Any other authenticator the person had is removed."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user):
    """Ten new backup codes; every earlier one stops working."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME, "confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def turn_off(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def normalise(code):
    return "".join(code.split()).replace("-", "").lower()


def verify(user, code):
    """The device that accepts `code` (six digits for the app, otherwise a backup code),
    or None. Raises Locked when that device is refusing codes after repeated failures."""
    code = normalise(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        if device is None:
            return None
        _check_allowed(device)
        return device if device.verify_token(code) else None


def _check_allowed(device):
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details["locked_until"] - timezone.now()).total_seconds()
        raise Locked(max(1, round(wait)))


def forget_verification(session):
    session.pop(DEVICE_ID_SESSION_KEY, None)


def secret_for_people(device):
    """The key as an authenticator app takes it typed in: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The set-up address as an inline SVG QR code: no style attribute, no script."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5,
        dark="#0b0c0c",
        light="#ffffff",
        title="QR code to scan with your authenticator app",
        svgclass="app-qr-code",
        lineclass=None,
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def code_now(device, at=None):
    """The code the authenticator app shows now. When this time step's code has been used
    already, the next step's (which the device still accepts) instead. For the demo
    command and tests: the service itself never makes codes."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time() if at is None else at
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"
