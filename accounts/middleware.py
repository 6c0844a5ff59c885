import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# How often an active session's expiry is pushed forward. Saving on every
# request would cost three queries a page; this keeps the idle timeout within
# a minute of SESSION_COOKIE_AGE at one write a minute at most.
REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign people out after SESSION_COOKIE_AGE of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get("seen", 0) >= REFRESH_SECONDS:
                session["seen"] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


# Pages someone who still owes a code may see: the two-factor steps themselves,
# signing out, and the pages that need nobody signed in.
OPEN_TO_UNVERIFIED = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:two_factor_start",
    "logout",
    "healthz",
    "readyz",
    "metrics",
    "accessibility",
    "privacy",
    "cookies",
)


class TwoFactorMiddleware:
    """Send someone who has signed in with a password but still owes a code (see
    accounts.two_factor.owes_code) to the code step, or, for an administrator with no
    authenticator yet, to set-up. Goes after AuthenticationMiddleware and OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._open(request.path) or not two_factor.owes_code(request):
            return self.get_response(request)
        step = (
            "accounts:two_factor_verify"
            if django_otp.user_has_device(request.user)
            else "accounts:two_factor_setup"
        )
        url = reverse(step)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)

    @staticmethod
    def _open(path):
        if path.startswith(settings.STATIC_URL):
            return True
        return path in {reverse(name) for name in OPEN_TO_UNVERIFIED}
