"""The signed link in a reminder: it names a person and, for ACTION_LINK_DAYS,
lets them update their own open actions without signing in."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

LINK_SALT = "meetings.action-owner-link"


def action_link(person, *, base=""):
    """A signed, expiring link that lets a person update their own actions."""
    return action_link_for(person.pk, base=base)


def action_link_for(person_id, *, base=""):
    return f"{base}{reverse('meetings:owner_link', args=[action_token(person_id)])}"


def action_token(person_id):
    return signing.dumps({"p": person_id}, salt=LINK_SALT)


def read_action_link(token):
    """The person's id; raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(
        token, salt=LINK_SALT, max_age=datetime.timedelta(days=settings.ACTION_LINK_DAYS)
    )
    return data["p"]
