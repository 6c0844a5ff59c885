"""The demo reviews: Wiltshire 2011, Worcestershire 2015 and Swindon 2020."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import Action
from scrutiny.models import (
    EvidenceSession,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    Witness,
)

MODELS = [Review, ReviewMember, ReviewQuestion, EvidenceSession, Witness, Finding, Recommendation]
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-accounts")


def _counts():
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update({f"history of {m.__name__}": m.history.count() for m in MODELS})
    counts["actions"] = Action.objects.count()
    return counts


def test_it_loads_the_three_reviews_with_their_recommendations(demo):
    reviews = {r.title: r for r in Review.objects.all()}
    wiltshire = reviews["Partnerships Task Group: the Community Safety Partnership"]
    assert wiltshire.reported == datetime.date(2011, 3, 24)
    assert list(wiltshire.recommendations.values_list("reference", flat=True)) == list("abcde")
    assert wiltshire.members.get(role="chair").name.startswith("Cllr ")
    worcs = reviews["Peer Review of Partnership Governance Arrangements"]
    assert worcs.kind == Review.Kind.PEER_REVIEW
    assert worcs.recommendations.count() == 10
    swindon = reviews["Review of the Community Safety Partnership in Swindon"]
    assert list(swindon.recommendations.values_list("reference", flat=True)) == ["1", "2", "3", "4"]
    assert swindon.members.get(user__email="scrutiny@demo.test").name == "Cllr Sam Scrutineer"


def test_the_demo_scrutiny_member_may_change_only_the_swindon_review(demo):
    from accounts.models import User

    member = User.objects.get(email="scrutiny@demo.test")
    editable = [
        r.title for r in Review.objects.all() if member.has_perm("scrutiny.change_review", r)
    ]
    assert editable == ["Review of the Community Safety Partnership in Swindon"]


def test_it_gives_the_dashboard_overdue_follow_ups_and_missing_responses(demo):
    awaiting = Recommendation.objects.awaiting_response(on=TODAY)
    assert sorted(awaiting.values_list("reference", flat=True)) == ["6.13", "6.15", "e"]
    overdue = Recommendation.objects.follow_up_overdue(on=TODAY).filter(
        review__title__contains="Swindon"
    )
    assert list(overdue.values_list("reference", flat=True)) == ["4"]
    assert overdue.get().actions.get().group.name == "Community Safety Partnership Board"


def test_it_loads_twice_without_change(demo, settings):
    before = _counts()
    call_command("load_demo", "--quiet-accounts")
    assert _counts() == before
