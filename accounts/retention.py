"""What is kept of signing in, and for how long: failed attempts, lockouts and the
sign-in log (django-axes) for SIGN_IN_RECORD_DAYS; sessions until they expire."""

import datetime
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def prune_sign_in_records(now=None):
    """Delete sign-in records older than SIGN_IN_RECORD_DAYS and expired sessions.
    Returns {what: how many went} (sessions are not counted by Django)."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.SIGN_IN_RECORD_DAYS)
    gone = {
        model._meta.verbose_name_plural: model.objects.filter(attempt_time__lt=before).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    }
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return gone
