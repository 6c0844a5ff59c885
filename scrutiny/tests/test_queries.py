"""The review list, the review page, the scrutiny dashboard and the health findings
run the same number of queries however many records."""

import datetime

import pytest
from django.urls import reverse

from funding.tests.factories import GrantFactory
from meetings.models import Action
from meetings.tests.factories import ActionFactory, AttendanceFactory, MeetingFactory
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)
from scrutiny.models import DrawnDashboard
from scrutiny.tests.factories import (
    EvidenceSessionFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
    ReviewQuestionFactory,
    WitnessFactory,
)
from strategy.tests.factories import RiskFactory


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnerships=[partnership])


def _grow(review, partnership, board):
    """More of everything: another review, and a second of each record on this one."""
    ReviewFactory(partnerships=[partnership, PartnershipFactory()])
    review.partnerships.add(PartnershipFactory())
    ReviewMemberFactory(review=review)
    ReviewQuestionFactory(review=review)
    session = EvidenceSessionFactory(review=review)
    WitnessFactory(session=session, organisation=OrganisationFactory())
    FindingFactory(review=review)
    recommendation = RecommendationFactory(
        review=review, response="accepted", response_date=datetime.date(2026, 5, 1)
    )
    recommendation.actions.add(
        Action.objects.create(group=board, owner=PersonFactory(), description="More")
    )
    recommendation.text = "Changed"
    recommendation.save()


def _fill(review, board):
    ReviewMemberFactory(review=review)
    ReviewQuestionFactory(review=review)
    WitnessFactory(session=EvidenceSessionFactory(review=review))
    FindingFactory(review=review)
    recommendation = RecommendationFactory(
        review=review, response="accepted", response_date=datetime.date(2026, 5, 1)
    )
    recommendation.actions.add(
        Action.objects.create(group=board, owner=PersonFactory(), description="First")
    )


@pytest.mark.parametrize(
    "page, queries",
    [
        # session, user; reviews (count, page); partnerships prefetch; the filter's
        # partnerships
        ("list", 6),
        # session, user; review with its author; partnerships; members with their
        # accounts; questions with their bank questions; evidence; witnesses; findings;
        # recommendations; their actions; the officer's partnerships; the sources of
        # the review and its parts; the review's history; the recommendations' history
        ("detail", 15),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, officer, partnership, board, review, django_assert_num_queries, page, queries
):
    _fill(review, board)
    url = {"list": reverse("scrutiny:review_list"), "detail": review.get_absolute_url()}[page]
    client.force_login(officer)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(review, partnership, board)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def _records(partnership, board, review, n):
    """n more groups, each with a seat, a held meeting and its attendance, an
    overdue action, a grant owing its evaluation, a recommendation and an open risk."""
    for _ in range(n):
        group = GroupFactory(partnership=partnership, reports_to=board)
        person = PersonFactory()
        MembershipFactory(group=group, person=person)
        meeting = MeetingFactory(group=group, date=datetime.date(2026, 3, 2), status="held")
        AttendanceFactory(meeting=meeting, person=person, status="present")
        ActionFactory(group=group, due=datetime.date(2026, 1, 1))
        GrantFactory(partnership=partnership, evaluation_due=datetime.date(2026, 1, 1))
        RecommendationFactory(
            review=review,
            addressed_to_partnership=partnership,
            follow_up_due=datetime.date(2026, 5, 1),
        )
        RiskFactory(partnership=partnership, group=group)


@pytest.mark.parametrize(
    "page, queries",
    [
        # Drawn: the session, the user and the partnership; the drawing kept (outrun);
        # the structure chart (4, with the links with other boards); the kept findings (by severity, by check, the first
        # of each check, the answered count, their weekly counts, the board's last
        # meeting and what is new and resolved since); attendance, overdue actions, the
        # running priorities, indicators (3), the open risks for their heat map, funding
        # (3) and the recommendations; the drawing written
        ("dashboard", 27),
        # Kept: the session, the user and the partnership; the drawing kept
        ("dashboard drawn", 4),
        # session, user; the partnerships of the filter (no partnership chosen, no
        # group to list); the findings by check, which count them for the pages;
        # the page; the partnerships' names for the download
        ("health", 5),
    ],
)
def test_the_assurance_pages_run_the_same_number_of_queries_however_many_rows(
    client,
    scrutiny_member,
    partnership,
    board,
    review,
    django_assert_num_queries,
    recompute_findings,
    page,
    queries,
):
    def measure():
        if page == "dashboard":  # outrun: the reader draws it
            DrawnDashboard.objects.outrun([partnership.pk])
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200

    _records(partnership, board, review, 1)
    recompute_findings()
    url = {
        "dashboard": reverse("scrutiny:dashboard", args=[partnership.pk]),
        "dashboard drawn": reverse("scrutiny:dashboard", args=[partnership.pk]),
        "health": reverse("scrutiny:health"),
    }[page]
    client.force_login(scrutiny_member)
    client.get(url)
    measure()
    _records(partnership, board, review, 6)
    recompute_findings()
    client.get(url)
    measure()
