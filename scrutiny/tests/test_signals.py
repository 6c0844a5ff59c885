"""Which partnerships a change asks to recompute and draw again: each partnership
whose findings or dashboard show the record changed, not only the record's own."""

import pytest

from meetings.tests.factories import ActionFactory, AttendanceFactory, MeetingFactory
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)
from scrutiny.signals import WAYS, partnerships_of
from scrutiny.tests.factories import RecommendationFactory, ReviewFactory


def asked(record):
    return partnerships_of(record, WAYS[record._meta.label]) - {None}


@pytest.fixture
def two(db):
    """A community safety partnership and a safeguarding partnership of one area,
    and a partnership of another."""
    return (
        PartnershipFactory(name="Safer Swindon", area="Swindon"),
        PartnershipFactory(name="Swindon Safeguarding", area="Swindon ", kind="other"),
        PartnershipFactory(name="Elsewhere", area="Wiltshire"),
    )


def test_a_person_who_only_stood_in_or_owns_an_action_asks_for_those_partnerships(two):
    csp, ssp, _ = two
    stand_in, owner = PersonFactory(), PersonFactory()
    meeting = MeetingFactory(group=GroupFactory(partnership=csp), status="held")
    AttendanceFactory(meeting=meeting, status="substituted", substitute=stand_in)
    ActionFactory(group=GroupFactory(partnership=ssp), owner=owner)
    assert asked(stand_in) == {csp.pk}
    assert asked(owner) == {ssp.pk}


def test_an_organisation_represented_at_a_meeting_asks_for_its_partnership(two):
    csp, _, _ = two
    organisation = OrganisationFactory()
    meeting = MeetingFactory(group=GroupFactory(partnership=csp), status="held")
    AttendanceFactory(meeting=meeting, on_behalf_of=organisation)
    assert asked(organisation) == {csp.pk}


def test_a_partnership_asks_for_the_one_it_reports_to_and_those_reporting_to_it(two):
    csp, ssp, elsewhere = two
    csp.reports_to = elsewhere
    csp.save()
    ssp.reports_to = csp
    ssp.save()
    assert asked(csp) == {csp.pk, ssp.pk, elsewhere.pk}


def test_a_group_asks_for_the_partnerships_whose_groups_report_to_it(two):
    csp, ssp, _ = two
    board = GroupFactory(partnership=ssp)
    GroupFactory(partnership=csp, reports_to=board)
    assert asked(board) == {ssp.pk, csp.pk}


def test_a_seat_asks_for_the_active_partnerships_of_its_area(two):
    csp, ssp, _ = two
    seat = MembershipFactory(group=GroupFactory(partnership=ssp))
    assert asked(seat) == {csp.pk, ssp.pk}


def test_a_review_asks_for_the_partnerships_its_recommendations_are_addressed_to(two):
    csp, ssp, _ = two
    review = ReviewFactory(partnerships=[csp])
    RecommendationFactory(review=review, addressed_to_partnership=ssp)
    assert asked(review) == {csp.pk, ssp.pk}
