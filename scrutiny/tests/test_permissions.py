"""Who may do what to a review: readers read; its own people change it; officers of
a partnership in scope respond; admins do all; action owners see nothing."""

import datetime

import pytest
from django.urls import reverse

from partnerships.tests.factories import UserFactory
from scrutiny.models import ReviewMember
from scrutiny.tests.factories import (
    EvidenceSessionFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
)


@pytest.fixture
def review(partnership):
    """Someone else's review of the officer's partnership."""
    return ReviewFactory(partnerships=[partnership])


@pytest.fixture
def accepted(review):
    return RecommendationFactory(
        review=review, response="accepted", response_date=datetime.date(2026, 5, 1)
    )


def _read_urls(review):
    return [reverse("scrutiny:review_list"), review.get_absolute_url()]


def _change_urls(review):
    session = EvidenceSessionFactory(review=review)
    finding = FindingFactory(review=review)
    recommendation = RecommendationFactory(review=review)
    member = ReviewMember.objects.create(review=review, name="Cllr Example")
    question = review.questions.create(theme="efficiency", text="Why?")
    pk = review.pk
    return [
        reverse("scrutiny:review_edit", args=[pk]),
        reverse("scrutiny:member_add", args=[pk]),
        reverse("scrutiny:member_edit", args=[pk, member.pk]),
        reverse("scrutiny:scope", args=[pk]),
        reverse("scrutiny:question_add", args=[pk]),
        reverse("scrutiny:question_edit", args=[pk, question.pk]),
        reverse("scrutiny:evidence_add", args=[pk]),
        reverse("scrutiny:evidence_edit", args=[pk, session.pk]),
        reverse("scrutiny:witness_add", args=[pk, session.pk]),
        reverse("scrutiny:finding_add", args=[pk]),
        reverse("scrutiny:finding_edit", args=[pk, finding.pk]),
        reverse("scrutiny:finding_withdraw", args=[pk, finding.pk]),
        reverse("scrutiny:recommendation_add", args=[pk]),
        reverse("scrutiny:recommendation_edit", args=[pk, recommendation.pk]),
        reverse("scrutiny:recommendation_withdraw", args=[pk, recommendation.pk]),
    ]


def _respond_urls(review, accepted):
    return [
        reverse("scrutiny:recommendation_respond", args=[review.pk, accepted.pk]),
        reverse("scrutiny:action_create", args=[review.pk, accepted.pk]),
    ]


@pytest.mark.parametrize(
    "persona, reads, changes, responds",
    [
        ("admin_user", 200, 200, 200),
        ("officer", 200, 403, 200),
        ("other_officer", 200, 403, 403),
        ("scrutiny_member", 200, 403, 403),
        ("chair", 200, 403, 403),
        ("outsider", 403, 403, 403),
    ],
)
def test_it_lets_each_role_do_only_what_it_may(
    client, request, review, accepted, persona, reads, changes, responds
):
    client.force_login(request.getfixturevalue(persona))
    for url in _read_urls(review):
        assert client.get(url).status_code == reads, url
    for url in _change_urls(review):
        assert client.get(url).status_code == changes, url
    for url in _respond_urls(review, accepted):
        assert client.get(url).status_code == responds, url


def test_the_author_and_a_member_with_an_account_change_the_review(client, review, scrutiny_member):
    member = UserFactory(role="scrutiny")
    ReviewMember.objects.create(review=review, name="Cllr Member", user=member)
    review.created_by = scrutiny_member
    review.save()
    for user in (scrutiny_member, member):
        client.force_login(user)
        for url in _change_urls(review):
            assert client.get(url).status_code == 200, url
        assert client.get(reverse("scrutiny:review_create")).status_code == 200


def test_an_action_owner_on_a_review_still_sees_nothing(client, review, outsider):
    ReviewMember.objects.create(review=review, name="Owner", user=outsider)
    client.force_login(outsider)
    assert client.get(review.get_absolute_url()).status_code == 403
    assert client.get(reverse("scrutiny:review_edit", args=[review.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["chair", "outsider"])
def test_only_officers_scrutiny_members_and_admins_start_reviews(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("scrutiny:review_create")).status_code == 403


def test_it_answers_404_for_records_of_another_review(client, admin_user, review):
    other = ReviewFactory()
    finding = FindingFactory(review=other)
    recommendation = RecommendationFactory(review=other)
    client.force_login(admin_user)
    assert client.get(reverse("scrutiny:review_detail", args=[999999])).status_code == 404
    assert (
        client.get(reverse("scrutiny:finding_edit", args=[review.pk, finding.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("scrutiny:recommendation_respond", args=[review.pk, recommendation.pk])
        ).status_code
        == 404
    )


def test_a_scrutiny_member_cannot_post_a_change_to_anothers_review(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    response = client.post(
        reverse("scrutiny:finding_add", args=[review.pk]),
        {"theme": "efficiency", "text": "Sneaky", "position": 1},
    )
    assert response.status_code == 403
    assert not review.findings.exists()


def test_removing_asks_first_and_only_a_post_removes(client, admin_user, review):
    member = ReviewMember.objects.create(review=review, name="Cllr Example")
    client.force_login(admin_user)
    url = reverse("scrutiny:member_remove", args=[review.pk, member.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Remove Cllr Example from the review?" in response.content.decode()
    assert review.members.exists()
    assert client.post(url).status_code == 302
    assert not review.members.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, review):
    response = client.get(review.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/login/")
