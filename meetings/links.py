"""The signed link in a reminder: it names a person and, for ACTION_LINK_DAYS,
lets them update their own open actions without signing in. Each link carries the
time it was given, so an officer can revoke a person's links (Person.links_revoked_at)
without touching anyone else's."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

LINK_SALT = "meetings.action-owner-link"


class LinkRevoked(signing.BadSignature):
    """Given before the person's links were revoked."""


def action_link(person, *, base=""):
    """A signed, expiring link that lets a person update their own actions."""
    return action_link_for(person.pk, base=base)


def action_link_for(person_id, *, base=""):
    return f"{base}{reverse('meetings:owner_link', args=[action_token(person_id)])}"


def action_token(person_id):
    # "t": when it was given, in microseconds (a revocation a moment later stops it).
    return signing.dumps(
        {"p": person_id, "t": int(timezone.now().timestamp() * 1e6)}, salt=LINK_SALT
    )


def read_action_link(token, person_lookup):
    """The person the link names, found by `person_lookup(id)`. Raises
    signing.SignatureExpired, signing.BadSignature, or LinkRevoked for a link given
    before the person's links were revoked (a link from before links carried their
    time counts as given then)."""
    data = signing.loads(
        token, salt=LINK_SALT, max_age=datetime.timedelta(days=settings.ACTION_LINK_DAYS)
    )
    person = person_lookup(data["p"])
    given = datetime.datetime.fromtimestamp(data.get("t", 0) / 1e6, tz=datetime.UTC)
    if person.links_revoked_at is not None and given <= person.links_revoked_at:
        raise LinkRevoked("This link was revoked.")
    return person
