"""The review list and the review page run the same number of queries however many
reviews, members, questions, witnesses, findings, recommendations and actions."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Action
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory
from scrutiny.tests.factories import (
    EvidenceSessionFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
    ReviewQuestionFactory,
    WitnessFactory,
)


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
        # recommendations; their actions; the officer's partnerships; the review's
        # history; the recommendations' history
        ("detail", 14),
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
