"""Who may try a password: django-axes' record of wrong ones, counted two ways.

Wrong passwords for an account from one client address lock that account at that
address after AXES_FAILURE_LIMIT; wrong passwords for it from anywhere lock it
everywhere after LOCKOUT_FAILURES_PER_ACCOUNT, each address counting at most
AXES_FAILURE_LIMIT of them. One stranger therefore locks a person out only where
the stranger is, however often they try and under whatever browser name; guesses
spread over many addresses are slowed down all the same. Both locks last
AXES_COOLOFF_TIME from the last wrong password.

The account is the email address as signing in reads it: trimmed, in lower case.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def account(request, credentials):
    """AXES_USERNAME_CALLABLE: the account a sign-in names, as the login matches it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    given = credentials.get(field) if credentials else request.POST.get(field)
    return given.strip().lower() if given else given


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        recent = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            attempt_time__gte=get_cool_off_threshold(request),
        )
        by_address = {
            row["ip_address"]: row["failures"]
            for row in recent.values("ip_address").annotate(failures=Sum("failures_since_start"))
        }
        everywhere = sum(min(n, settings.AXES_FAILURE_LIMIT) for n in by_address.values())
        if everywhere >= settings.LOCKOUT_FAILURES_PER_ACCOUNT:
            return everywhere  # past AXES_FAILURE_LIMIT: locked at every address
        return by_address.get(request.axes_ip_address, 0)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """A refused sign-in through the council's directory names no account here and
        is not a password guessed: the directory counts its own. Counting it here would
        lock everyone behind the council's one address out of single sign-on."""
        if account(request, credentials) is None:
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
