"""The dashboard drawn when it is read and kept: the next reader of the same kind
gets the drawing kept, while no change, recompute or new day outran it; each
reader gets the drawing their role may see; downloads are drawn from the records."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem
from meetings.tests.factories import MeetingFactory
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory, UserFactory
from scrutiny import dashboard, findings, tasks
from scrutiny.models import DrawnDashboard, HealthFinding
from scrutiny.tests.health_world import DAY, build, days
from scrutiny.tests.test_health import action_overdue

KEPT = "<p>The drawing kept.</p>"


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


def _mark_kept(d):
    """Put a mark in the drawings kept, to tell a page served from them."""
    DrawnDashboard.objects.filter(partnership=d.partnership).update(body=KEPT)


def _page(client, d, **query):
    response = client.get(reverse("scrutiny:dashboard", args=[d.partnership.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_reader_draws_the_dashboard_and_the_next_gets_it_kept(
    client, healthy, officer, django_assert_max_num_queries
):
    action_overdue(healthy)
    findings.recompute(healthy.partnership)
    client.force_login(officer)
    page = _page(client, healthy)
    assert healthy.late.description[:40] in page
    kept = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=True)
    assert kept.drawn_version == kept.version and healthy.late.description[:40] in kept.body
    _mark_kept(healthy)
    assert KEPT in _page(client, healthy)

    # A change, even one not yet committed, outruns the drawing: drawn again.
    healthy.late.description = "Write to every ward councillor"
    healthy.late.save()
    page = _page(client, healthy)
    assert "Write to every ward councillor" in page and KEPT not in page
    # So does a recompute of the findings.
    _mark_kept(healthy)
    findings.recompute(healthy.partnership)
    assert KEPT not in _page(client, healthy)


def test_a_drawing_a_change_overtook_is_not_kept(client, healthy, officer, monkeypatch):
    real = dashboard.partnership_dashboard

    def overtaken(partnership, **kwargs):  # a change commits while the drawing is made
        data = real(partnership, **kwargs)
        DrawnDashboard.objects.outrun([partnership.pk])
        return data

    monkeypatch.setattr(dashboard, "partnership_dashboard", overtaken)
    client.force_login(officer)
    _page(client, healthy)
    kept = DrawnDashboard.objects.get(partnership=healthy.partnership, exempt=True)
    assert kept.drawn_version != kept.version, "shown to its reader, not kept"


def test_each_reader_gets_the_drawing_their_role_may_see(client, healthy, officer, scrutiny_member):
    action_overdue(healthy)
    meeting = MeetingFactory(group=healthy.board, date=DAY - days(20))
    healthy.late.item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    healthy.late.description = "Visit the named family"
    healthy.late.save()
    for _ in range(2):  # drawn, then kept
        client.force_login(officer)
        assert "Visit the named family" in _page(client, healthy)
        client.force_login(scrutiny_member)
        assert "Visit the named family" not in _page(client, healthy)
    # Nor in the download of the overdue actions, drawn from the records.
    download = client.get(
        reverse("scrutiny:dashboard", args=[healthy.partnership.pk]),
        {"format": "csv", "table": "overdue-actions"},
    )
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert b"Visit the named family" not in download.content


def test_a_drawing_of_another_day_is_drawn_again(client, healthy, officer):
    client.force_login(officer)
    _page(client, healthy)
    DrawnDashboard.objects.update(on=timezone.localdate() - datetime.timedelta(days=1))
    _mark_kept(healthy)
    assert KEPT not in _page(client, healthy)


def test_the_weekly_counts_outrun_every_drawing(client, healthy, officer):
    client.force_login(officer)
    _page(client, healthy)
    _mark_kept(healthy)
    tasks.snapshot_findings()
    assert KEPT not in _page(client, healthy)


def test_the_nightly_run_recomputes_each_active_partnership_in_its_own_task(healthy, monkeypatch):
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
