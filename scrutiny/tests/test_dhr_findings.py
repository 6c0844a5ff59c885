"""The findings of the domestic homicide reviews' checks are kept as exempt: the
officers of the partnership see them on the health page and the dashboard, and a
scrutiny member never does, in any page, the API or a download."""

import pytest
from django.urls import reverse

from partnerships.tests.factories import UserFactory
from scrutiny import findings
from scrutiny.models import HealthFinding
from scrutiny.tests.health_world import DAY, build
from scrutiny.tests.test_health import dhr_recommendation_overdue, dhr_stage_overdue

SUBJECT = "A domestic homicide review"


@pytest.fixture
def late(db):
    d = build()
    dhr_stage_overdue(d)
    dhr_recommendation_overdue(d)
    findings.recompute(d.partnership, on=DAY)
    return d


def test_they_are_kept_as_exempt(late):
    kept = HealthFinding.objects.open().filter(check_name__startswith="dhr_")
    assert sorted(kept.values_list("check_name", "exempt")) == [
        ("dhr_recommendation_overdue", True),
        ("dhr_stage_overdue", True),
    ]


@pytest.mark.parametrize(("role", "sees"), [("officer", True), ("scrutiny", False)])
def test_only_those_who_see_the_partnerships_exempt_items_see_them(client, late, role, sees):
    client.force_login(UserFactory(role=role, partnerships=[late.partnership]))
    pages = [
        reverse("scrutiny:health"),
        reverse("scrutiny:health") + "?format=csv",
        reverse("scrutiny:dashboard", args=[late.partnership.pk]),
        reverse("api:health-finding-list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert (SUBJECT in response.content.decode()) == sees, url
    finding = HealthFinding.objects.open().get(check_name="dhr_stage_overdue")
    response = client.get(reverse("scrutiny:health_finding", args=[finding.pk]))
    assert response.status_code == (200 if sees else 404)
