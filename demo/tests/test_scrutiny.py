"""The demo reviews: Wiltshire 2011, Worcestershire 2015, Swindon 2020 and the
Worcestershire Safer Communities Board's report of 2011, each record with its
source; and the scrutiny member's own review, written for the demo."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import Action
from ops.models import Source
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


def _source(record):
    return Source.objects.of(record).get()


def test_it_loads_the_reviews_with_their_recommendations(demo):
    reviews = {r.title: r for r in Review.objects.all()}
    assert len(reviews) == 5
    wiltshire = reviews["Partnerships Task Group: the Community Safety Partnership"]
    assert wiltshire.reported == datetime.date(2011, 3, 24)
    assert list(wiltshire.recommendations.values_list("reference", flat=True)) == list("abcde")
    assert wiltshire.members.get(role="chair").name.startswith("Cllr ")
    worcs = reviews["Peer Review of Partnership Governance Arrangements"]
    assert worcs.kind == Review.Kind.PEER_REVIEW
    assert worcs.recommendations.count() == 10


def test_it_loads_every_key_finding_and_area_for_development_of_the_peer_review(demo):
    worcs = Review.objects.get(title="Peer Review of Partnership Governance Arrangements")
    findings = list(worcs.findings.all())
    cited = [_source(f).citation.rsplit(", ", 1)[-1] for f in findings]
    assert cited == [f"§5.{n}" for n in range(1, 16)] + [f"§6.{n}" for n in range(2, 17)]
    assert all(f.text.endswith(f"({c[1:]}).") for f, c in zip(findings, cited, strict=True))
    assert not any(_source(f).illustrative for f in findings)


def test_its_responses_are_marked_as_written_for_the_demo(demo):
    responded = Recommendation.objects.exclude(response=Recommendation.Response.PENDING)
    assert responded.exists()
    assert all(_source(r).illustrative for r in responded)
    report = Recommendation.objects.get(review__title__startswith="Peer Review", reference="6.2")
    assert _source(report).citation.endswith("§6.2")


def test_it_loads_the_2011_report_with_its_six_recommendations_and_due_dates(demo):
    report = Review.objects.get(
        title="Future Worcestershire Community Safety Partnership arrangements"
    )
    assert report.kind == Review.Kind.PARTNERSHIP_REVIEW
    assert report.members.count() == 0
    recommendations = {r.reference: r for r in report.recommendations.all()}
    assert list(recommendations) == ["1", "2", "3", "4", "5", "6"]
    assert {ref: r.follow_up_due for ref, r in recommendations.items()} == {
        "1": None,
        "2": datetime.date(2012, 4, 1),
        "3": None,
        "4": datetime.date(2012, 4, 1),
        "5": datetime.date(2012, 4, 1),
        "6": datetime.date(2014, 4, 30),
    }
    assert recommendations["5"].addressed_to == "Worcestershire Responsible Authorities"
    assert recommendations["1"].addressed_to_partnership.name == "Safer Communities Board"
    assert "Bromsgrove, Redditch and Wyre Forest" in recommendations["2"].addressed_to
    # The report records no response: none is made up.
    for ref, rec in recommendations.items():
        assert rec.response == Recommendation.Response.PENDING and not rec.response_text
        assert rec.implementation == Recommendation.Implementation.NOT_STARTED
        source = _source(rec)
        assert source.citation.endswith(f"rec. {ref}") or f"rec. {ref}," in source.citation
        assert not source.illustrative


def test_swindon_is_the_officer_review_it_was(demo):
    swindon = Review.objects.get(title="Review of the Community Safety Partnership in Swindon")
    assert swindon.kind == Review.Kind.OFFICER_REVIEW
    assert [(m.role, m.user_id) for m in swindon.members.all()] == [("officer", None)]
    assert not swindon.members.filter(name__startswith="Cllr").exists()
    assert list(swindon.recommendations.values_list("reference", flat=True)) == ["1", "2", "3", "4"]
    assert set(swindon.recommendations.values_list("response_due", flat=True)) == {
        datetime.date(2021, 1, 22)
    }


def test_the_demo_scrutiny_member_may_change_only_their_own_review(demo):
    from accounts.models import User

    member = User.objects.get(email="scrutiny@demo.test")
    editable = [
        r.title for r in Review.objects.all() if member.has_perm("scrutiny.change_review", r)
    ]
    assert editable == ["Follow-up of the 2020 review of the Community Safety Partnership"]
    own = Review.objects.get(title=editable[0])
    assert own.status == Review.Status.SCOPING
    assert (_source(own).citation, _source(own).illustrative) == ("", True)


def test_it_gives_the_dashboard_overdue_follow_ups_and_missing_responses(demo):
    awaiting = Recommendation.objects.awaiting_response(on=TODAY)
    assert sorted(awaiting.values_list("reference", flat=True)) == ["6.13", "6.15", "e"]
    # The 2011 report set no response date: its six fall to the health check's
    # allowance after the report, and await a response.
    report = Recommendation.objects.filter(review__title__startswith="Future Worcestershire")
    assert all(r.is_response_overdue(TODAY, days_after_report=60) for r in report)
    overdue = Recommendation.objects.follow_up_overdue(on=TODAY).filter(
        review__title__contains="Swindon"
    )
    assert list(overdue.values_list("reference", flat=True)) == ["4"]
    assert overdue.get().actions.get().group.name == "Community Safety Partnership Board"


def test_it_loads_twice_without_change(demo, settings):
    before = _counts()
    call_command("load_demo", "--quiet-accounts")
    assert _counts() == before


def test_the_review_page_says_where_each_part_comes_from(demo, client):
    from accounts.models import User

    client.force_login(User.objects.get(email="scrutiny@demo.test"))
    report = Review.objects.get(
        title="Future Worcestershire Community Safety Partnership arrangements"
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Source: Future Worcestershire Community Safety Partnership arrangements" in page
    assert "(Worcestershire Safer Communities Board, 2011), rec. 5." in page
    assert "(Worcestershire Safer Communities Board, 2011), §9." in page  # a key issue
    swindon = Review.objects.get(title="Review of the Community Safety Partnership in Swindon")
    page = client.get(swindon.get_absolute_url()).content.decode()
    assert page.count("parts written to illustrate, not taken from the report") >= 4
