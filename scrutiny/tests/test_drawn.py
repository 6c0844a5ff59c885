"""The dashboard drawn after each recompute and kept: the page shows the drawing of
the day, each reader the one their role may see, while no change came after it;
it draws the page from the records after a change (until the recompute the change
asked for draws it again), for another day and for a download."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem
from meetings.tests.factories import MeetingFactory
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory, UserFactory
from scrutiny import dashboard, tasks
from scrutiny.models import DrawnDashboard, HealthFinding
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

    # A change, even one not yet committed, stops the drawing standing: the page is
    # drawn from the records until the recompute the change asks for draws it again.
    healthy.late.description = "Write to every ward councillor"
    healthy.late.save()
    page = _page(client, healthy)
    assert "Write to every ward councillor" in page and DRAWN not in page
    tasks.recompute_findings(healthy.partnership.pk)
    page = _page(client, healthy)
    assert "Write to every ward councillor" in page and DRAWN in page


def test_a_drawing_a_change_overtook_is_not_kept(client, healthy, officer, monkeypatch):
    tasks.recompute_findings(healthy.partnership.pk)
    real = dashboard.partnership_dashboard

    def overtaken(partnership, **kwargs):  # a change commits while the drawing is made
        data = real(partnership, **kwargs)
        dashboard.changed([partnership.pk])
        return data

    monkeypatch.setattr(dashboard, "partnership_dashboard", overtaken)
    dashboard.keep_drawn(healthy.partnership)
    for exempt in (False, True):
        assert (
            dashboard.drawn(healthy.partnership, on=timezone.localdate(), include_exempt=exempt)
            is None
        )
    client.force_login(officer)
    assert DRAWN not in _page(client, healthy)


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


@pytest.mark.parametrize("exempt", [False, True])
def test_drawing_again_replaces_the_drawing(healthy, exempt):
    tasks.recompute_findings(healthy.partnership.pk)
    first = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=exempt)
    tasks.recompute_findings(healthy.partnership.pk)
    again = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=exempt)
    assert again.pk == first.pk and again.drawn_at > first.drawn_at


def test_the_nightly_run_recomputes_and_draws_each_active_partnership_in_its_own_task(
    healthy, monkeypatch
):
    dissolved = PartnershipFactory(status="dissolved")
    stale = HealthFinding.objects.create(
        check_name="tor_missing",
        partnership=dissolved,
        key="/groups/1/#Board",
        severity="high",
        subject_type="group",
        subject="Board",
        detail="Board has no approved Terms of Reference.",
        facts="Board has no approved Terms of Reference.",
        url="/groups/1/",
    )
    sent = []
    real = tasks.recompute_findings.delay
    monkeypatch.setattr(tasks.recompute_findings, "delay", lambda pk: sent.append(pk) or real(pk))
    result = tasks.recompute_all_findings()
    active = list(Partnership.objects.active().order_by("pk").values_list("pk", flat=True))
    assert sent == active and result == {"partnerships": len(active), "resolved": 1}
    stale.refresh_from_db()
    assert stale.resolved_at is not None
    assert DrawnDashboard.objects.filter(partnership=healthy.partnership).count() == 2


def test_the_weekly_counts_draw_every_dashboard_again(healthy):
    tasks.snapshot_findings()
    assert DrawnDashboard.objects.filter(partnership=healthy.partnership).count() == 2
