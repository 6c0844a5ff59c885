"""/api/v1/domestic-homicide-reviews/: only the officers who support the partnership
and the chair of its board read its reviews; anyone else gets an empty list, and a
404 for a review's address. Nothing of a review reaches them through any endpoint."""

import datetime

import pytest
from django.utils import timezone

from api.tests.conftest import ENDPOINTS, detail_url, list_url
from dhr.models import Review

SEES = {"officer", "chair"}
SECRET = "Cw2ReviewSecret"
ACTION_SECRET = "Ht6ReviewActionSecret"
URL = "/api/v1/domestic-homicide-reviews/"


@pytest.fixture
def review(records, board, recompute_findings):
    today = timezone.localdate()
    review = Review.objects.create(
        partnership=records.partnership,
        case_reference=f"{SECRET} 2026/01",
        notified_on=today - datetime.timedelta(days=60),
        decision=Review.Decision.REVIEW,
        decided_on=today - datetime.timedelta(days=50),
    )
    review.add_recommendation(
        text=f"{SECRET} train the practices",
        addressed_to=records.organisation,
        action=f"{ACTION_SECRET} commission training",
        group=board,
        owner=records.member,
        due=today - datetime.timedelta(days=1),  # overdue: a finding, kept as exempt
        by=None,
    )
    recompute_findings()
    return review


@pytest.mark.parametrize(
    "role", ["officer", "other_officer", "scrutiny", "chair", "admin", "owner"]
)
def test_each_role_reads_only_the_reviews_it_may(client, personas, review, role):
    client.force_login(personas[role])
    listed = client.get(URL)
    assert listed.status_code == 200
    detail = client.get(f"{URL}{review.pk}/")
    if role in SEES:
        (found,) = listed.json()["results"]
        assert found == detail.json()
        assert found["case_reference"] == review.case_reference
        assert [s["name"] for s in found["stages"]][:2] == [
            "Decision whether to hold a review",
            "Report completed",
        ]
        (recommendation,) = found["recommendations"]
        assert recommendation["number"] == 1
        assert recommendation["action_status"] == "open"
    else:
        assert listed.json()["results"] == []
        assert detail.status_code == 404


def test_nobody_signed_out_reads_them(client, review):
    assert client.get(URL).status_code in (401, 403)
    assert client.get(f"{URL}{review.pk}/").status_code in (401, 403)


def test_it_filters_by_partnership_and_openness(client, officer, review):
    client.force_login(officer)
    assert client.get(URL, {"open": "yes"}).json()["count"] == 1
    assert client.get(URL, {"open": "no"}).json()["count"] == 0
    assert client.get(URL, {"partnership": review.partnership_id}).json()["count"] == 1
    assert client.get(URL, {"decision": "no_review"}).json()["count"] == 0


@pytest.mark.parametrize(
    "role", ["officer", "other_officer", "scrutiny", "chair", "admin", "owner"]
)
def test_nothing_of_a_review_reaches_a_reader_not_entitled_through_any_endpoint(
    client, personas, records, review, role
):
    client.force_login(personas[role])
    seen = [client.get(URL, {"page_size": 100}).content.decode()]
    for endpoint, name in ENDPOINTS.items():
        seen.append(client.get(list_url(endpoint), {"page_size": 100}).content.decode())
        if name is not None:
            seen.append(
                client.get(detail_url(endpoint, getattr(records, name).pk)).content.decode()
            )
    action = review.recommendations.get().action
    seen.append(client.get(detail_url("actions", action.pk)).content.decode())
    seen = "\n".join(seen)
    assert (SECRET in seen) == (role in SEES)
    # The action is seen as an exempt item's is: by those who see the board's exempt items.
    assert (ACTION_SECRET in seen) == (role in {"officer", "chair", "admin"})
    # No governance finding names the review: its lateness is on its own register.
    findings = client.get(list_url("health-findings"), {"page_size": 100})
    if findings.status_code == 200:
        assert SECRET not in findings.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(
    client, officer, records, review, django_assert_num_queries
):
    client.force_login(officer)
    client.get(URL)
    # session, user, the officer's partnerships, the count, the reviews, their panels,
    # their recommendations with their actions
    with django_assert_num_queries(7):
        assert client.get(URL).json()["count"] == 1
    for n in range(3):
        more = Review.objects.create(
            partnership=review.partnership,
            case_reference=f"DHR 2026/1{n}",
            notified_on=timezone.localdate(),
        )
        more.panel.add(records.organisation)
    with django_assert_num_queries(7):
        assert client.get(URL).json()["count"] == 4
