import datetime

import pytest

from partnerships.models import Group, Organisation
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
