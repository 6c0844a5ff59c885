"""The dashboard drawn after each recompute and kept: the page shows the drawing of
the day, each reader the one their role may see; it draws the page from the
records when a recompute waits, when the drawing is of another day, when the
cache cannot say, and for a download."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem
from meetings.tests.factories import MeetingFactory
from partnerships.tests.factories import UserFactory
from scrutiny import tasks
from scrutiny.models import DrawnDashboard
from scrutiny.tests.health_world import DAY, build, days
from scrutiny.tests.test_health import action_overdue

DRAWN = "as they stood at"


@pytest.fixture
def healthy(db):
    d = build()
    cache.delete(tasks.QUEUED.format(d.partnership.pk))  # a mark another test left
    yield d
    cache.delete(tasks.QUEUED.format(d.partnership.pk))


@pytest.fixture
def officer(healthy):
    return UserFactory(role="officer", partnerships=[healthy.partnership])


@pytest.fixture
def scrutiny_member(healthy):
    return UserFactory(role="scrutiny", partnerships=[healthy.partnership])


def _page(client, d, **query):
    response = client.get(reverse("scrutiny:dashboard", args=[d.partnership.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_drawing_kept_after_the_recompute(client, healthy, officer):
    action_overdue(healthy)
    tasks.recompute_findings(healthy.partnership.pk)
    assert DrawnDashboard.objects.filter(partnership=healthy.partnership).count() == 2
    client.force_login(officer)
    page = _page(client, healthy)
    assert DRAWN in page and healthy.late.description[:40] in page

    # A change this test never commits asks for no recompute: the drawing stands...
    healthy.late.description = "Write to every ward councillor"
    healthy.late.save()
    assert "Write to every ward councillor" not in _page(client, healthy)
    # ...but while a recompute waits the page is drawn from the records.
    cache.set(tasks.QUEUED.format(healthy.partnership.pk), 1)
    page = _page(client, healthy)
    assert "Write to every ward councillor" in page and DRAWN not in page


def test_a_committed_change_is_drawn_at_once_when_tasks_run_inline(
    client, healthy, officer, django_capture_on_commit_callbacks
):
    tasks.recompute_findings(healthy.partnership.pk)
    client.force_login(officer)
    assert "Write to every ward councillor" not in _page(client, healthy)
    with django_capture_on_commit_callbacks(execute=True):
        action_overdue(healthy)
        healthy.late.description = "Write to every ward councillor"
        healthy.late.save()
    page = _page(client, healthy)
    assert DRAWN in page and "Write to every ward councillor" in page


def test_each_reader_gets_the_drawing_their_role_may_see(client, healthy, officer, scrutiny_member):
    action_overdue(healthy)
    meeting = MeetingFactory(group=healthy.board, date=DAY - days(20))
    healthy.late.item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    healthy.late.description = "Visit the named family"
    healthy.late.save()
    tasks.recompute_findings(healthy.partnership.pk)

    client.force_login(officer)
    page = _page(client, healthy)
    assert DRAWN in page and "Visit the named family" in page
    client.force_login(scrutiny_member)
    page = _page(client, healthy)
    assert DRAWN in page and "Visit the named family" not in page
    # Nor in the download of the overdue actions, drawn from the records.
    download = client.get(
        reverse("scrutiny:dashboard", args=[healthy.partnership.pk]),
        {"format": "csv", "table": "overdue-actions"},
    )
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert b"Visit the named family" not in download.content


def test_a_drawing_of_another_day_is_not_shown(client, healthy, officer):
    tasks.recompute_findings(healthy.partnership.pk)
    DrawnDashboard.objects.update(on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(officer)
    assert DRAWN not in _page(client, healthy)


def test_with_the_cache_away_the_page_is_drawn_from_the_records(client, healthy, officer):
    tasks.recompute_findings(healthy.partnership.pk)
    client.force_login(officer)
    assert DRAWN in _page(client, healthy)
    # Nothing listens on port 1: whether a recompute waits cannot be known.
    away = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=away):
        assert tasks.waiting(healthy.partnership.pk)
        assert DRAWN not in _page(client, healthy)


@pytest.mark.parametrize("exempt", [False, True])
def test_drawing_again_replaces_the_drawing(healthy, exempt):
    tasks.recompute_findings(healthy.partnership.pk)
    first = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=exempt)
    tasks.recompute_findings(healthy.partnership.pk)
    again = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=exempt)
    assert again.pk == first.pk and again.drawn_at > first.drawn_at
