"""With a real Celery worker, an edit that makes or clears a governance health finding
shows on the partnership's dashboard within 10 seconds: the commit asks for the
recompute, the worker takes it from Redis and keeps the finding.

Needs PostgreSQL (the worker, another process, must see the test's database) and
Redis: skipped locally without them, failed in CI."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from config.tests.brokers import redis_reachable
from conftest import need
from partnerships.tests.factories import GroupFactory, PartnershipFactory, UserFactory
from scrutiny.tasks import QUEUED

pytestmark = [pytest.mark.services, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WITHIN = 10  # seconds


def _dashboard_shows(client, url, text, wanted):
    """Seconds until the dashboard shows `text` (or stops showing it)."""
    started = time.monotonic()
    while time.monotonic() - started < WITHIN:
        if (text in client.get(url).content.decode()) == wanted:
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(
        f"after {WITHIN} s the dashboard {'lacks' if wanted else 'still shows'} {text!r}"
    )


def test_an_edit_reaches_the_dashboard_through_the_worker(settings, start_worker, client):
    url = settings.CELERY_BROKER_URL
    need(
        redis_reachable(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})"
    )
    need(connection.vendor == "postgresql", "PostgreSQL, which a worker process can share")
    partnership = PartnershipFactory(name="Workerton Community Safety Partnership")
    cache.delete(QUEUED.format(partnership.pk))
    start_worker()
    officer = UserFactory(role="officer", partnerships=[partnership])
    client.force_login(officer)
    dashboard = reverse("scrutiny:dashboard", args=[partnership.pk])

    finding = "Hate Crime Panel (Workerton Community Safety Partnership) has no approved Terms"
    assert finding not in client.get(dashboard).content.decode()
    group = GroupFactory(partnership=partnership, name="Hate Crime Panel", tor_approved=None)
    _dashboard_shows(client, dashboard, finding, True)

    group.tor_approved = datetime.date(2026, 1, 5)
    group.tor_review_due = datetime.date(2028, 1, 5)
    group.save()
    _dashboard_shows(client, dashboard, finding, False)
