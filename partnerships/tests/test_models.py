import datetime

import pytest

from partnerships.models import Group, Organisation, Seniority, at_or_above
from partnerships.tests.factories import (
    GroupFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_it_derives_the_tor_status():
    on = datetime.date(2026, 11, 23)
    assert GroupFactory().tor_status(on) == Group.TorStatus.MISSING
    overdue = GroupFactory(
        tor_approved=datetime.date(2024, 1, 1), tor_review_due=datetime.date(2025, 1, 1)
    )
    assert overdue.tor_status(on) == Group.TorStatus.OVERDUE
    current = GroupFactory(
        tor_approved=datetime.date(2026, 1, 1), tor_review_due=datetime.date(2027, 1, 1)
    )
    assert current.tor_status(on) == Group.TorStatus.CURRENT


def test_it_names_the_missing_statutory_authorities():
    partnership = PartnershipFactory()
    for kind in ("local_authority", "police", "health"):
        PartnershipMemberFactory(
            partnership=partnership, organisation=OrganisationFactory(kind=kind)
        )
    # A partner of a statutory kind does not fill the statutory seat.
    PartnershipMemberFactory(
        partnership=partnership, organisation=OrganisationFactory(kind="probation"), role="partner"
    )
    assert partnership.missing_statutory_kinds() == ["Fire and rescue", "Probation"]


def test_it_counts_meetings_a_year_from_the_frequency():
    assert GroupFactory(meets="bimonthly").meetings_a_year == 6
    assert GroupFactory(meets="ad_hoc").meetings_a_year == 0
    assert set(Group.MEETINGS_A_YEAR) == set(Group.Meets.values)
    assert len(Organisation.STATUTORY_KINDS) == 5


def test_it_ranks_seniority_with_an_elected_member_at_any_level():
    assert at_or_above("chief_officer", "senior_manager")
    assert at_or_above("senior_manager", "senior_manager")
    assert not at_or_above("manager", "senior_manager")
    assert not at_or_above("practitioner", "manager")
    assert all(at_or_above("elected_member", level) for level in Seniority.values)
    assert not at_or_above("chief_officer", "elected_member")


def test_it_says_the_expected_seniority_in_words():
    assert GroupFactory().expected_level == ""
    assert GroupFactory(expected_seniority="manager").expected_level == "manager or above"
    assert GroupFactory(expected_seniority="elected_member").expected_level == "elected members"
