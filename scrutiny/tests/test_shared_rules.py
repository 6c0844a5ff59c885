"""The governance rules the pages and the health checks share are asked of one
place: an overdue recommendation (the review page, the dashboard, the health
checks and the queryset agree), a group that reports to no one (the group page's
tag and the health check) and two groups that are candidates to merge (the load
page and the health check, each at its own share, neither with a panel acting on
cases)."""

import datetime

import pytest
from django.utils import timezone

from partnerships.load import membership_load
from partnerships.tests.factories import GroupFactory, MembershipFactory, PersonFactory
from scrutiny.health import governance_health
from scrutiny.models import HealthCheck, Recommendation
from scrutiny.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)


def _findings(partnership, check):
    return [f for f in governance_health(partnership=partnership, on=DAY) if f.check == check]


@pytest.fixture
def recommendations(partnership):
    review = ReviewFactory(partnerships=[partnership], reported=datetime.date(2026, 4, 1))
    accepted = {"response": "accepted", "response_date": datetime.date(2026, 5, 1)}
    rejected = {"response": "rejected", "response_date": datetime.date(2026, 5, 1)}
    made = {
        "answer late": {"response_due": datetime.date(2026, 6, 1)},
        "answer not yet due": {"response_due": datetime.date(2026, 7, 1)},
        "answer with no day": {"response_due": None},
        "answered": {**accepted},
        "withdrawn": {"withdrawn_at": timezone.now()},
        "follow-up late": {**accepted, "follow_up_due": datetime.date(2026, 6, 1)},
        "follow-up late, rejected": {**rejected, "follow_up_due": datetime.date(2026, 6, 1)},
        "follow-up late, done": {
            **accepted,
            "follow_up_due": datetime.date(2026, 6, 1),
            "implementation": "implemented",
        },
        "follow-up soon": {**accepted, "follow_up_due": datetime.date(2026, 7, 1)},
    }
    return {name: RecommendationFactory(review=review, text=name, **f) for name, f in made.items()}


def _names(recs):
    return {r.text for r in recs}


def test_an_overdue_recommendation_is_the_same_on_the_page_as_in_the_database(recommendations):
    every = Recommendation.objects.select_related("review")
    response = Recommendation.objects.awaiting_response(on=DAY)
    assert _names(response) == {"answer late"}
    assert _names(r for r in every if r.is_response_overdue(DAY)) == _names(response)
    follow_up = Recommendation.objects.follow_up_overdue(on=DAY)
    assert _names(follow_up) == {"follow-up late"}
    assert _names(r for r in every if r.is_follow_up_overdue(DAY)) == _names(follow_up)


def test_the_health_checks_find_the_recommendations_the_page_calls_overdue(
    partnership, recommendations
):
    HealthCheck.objects.filter(name="recommendation_followup_overdue").update(threshold=0)
    found = _findings(partnership, "recommendation_followup_overdue")
    assert [f.url for f in found] == [recommendations["follow-up late"].get_absolute_url()]
    # With no day set, a response is due the threshold's days after the review reported.
    HealthCheck.objects.filter(name="recommendation_no_response").update(threshold=30)
    found = {f.url for f in _findings(partnership, "recommendation_no_response")}
    late = [recommendations["answer late"], recommendations["answer with no day"]]
    assert found == {r.get_absolute_url() for r in late}
    assert late[1].response_due_on(days_after_report=30) == datetime.date(2026, 5, 1)
    HealthCheck.objects.filter(name="recommendation_no_response").update(threshold=90)
    found = {f.url for f in _findings(partnership, "recommendation_no_response")}
    assert found == {recommendations["answer late"].get_absolute_url()}


def test_the_health_check_finds_the_groups_the_group_page_says_report_to_no_one(partnership, board):
    groups = [
        board,
        GroupFactory(partnership=partnership, name="Loose end"),
        GroupFactory(partnership=partnership, name="Under the board", parent=board),
        GroupFactory(partnership=partnership, name="Reports to the board", reports_to=board),
    ]
    found = {f.subject for f in _findings(partnership, "reports_to_none")}
    assert found == {g.name for g in groups if g.reports_to_no_one} == {"Loose end"}


@pytest.mark.parametrize("share", [50, 60, 75])
def test_the_health_check_and_the_load_page_find_the_same_groups_to_merge(
    partnership, board, share
):
    people = PersonFactory.create_batch(6)
    seats = {
        board: people[:4],
        GroupFactory(partnership=partnership, name="Alpha"): people[:3],  # 3 of 4: 75%
        GroupFactory(partnership=partnership, name="Beta"): people[1:4] + people[4:6],  # 3/6
        GroupFactory(partnership=partnership, name="Gamma"): people[5:6],
        # The board's people, but a panel acting on cases is no candidate to merge.
        GroupFactory(partnership=partnership, name="Panel", kind="operational_panel"): people[:4],
    }
    for group, members in seats.items():
        for person in members:
            MembershipFactory(group=group, person=person)
    HealthCheck.objects.filter(name="membership_overlap").update(threshold=share)
    found = {f.subject for f in _findings(partnership, "membership_overlap")}
    listed = membership_load(partnership, share / 100)["overlaps"]
    assert found == {" and ".join(sorted([o["a"].name, o["b"].name])) for o in listed}
    assert found  # each share finds at least one pair
    assert not any("Panel" in pair for pair in found)
