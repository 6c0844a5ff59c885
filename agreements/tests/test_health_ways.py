"""Which partnerships' findings a change to an agreement, a party or a link between
boards asks to recompute (scrutiny/signals.py)."""

import pytest

from agreements.tests.factories import AgreementFactory, PartyFactory
from partnerships.models import BoardLink
from partnerships.tests.factories import GroupFactory, MembershipFactory, PartnershipFactory
from scrutiny.signals import WAYS, partnerships_of

pytestmark = pytest.mark.django_db


def asked(record):
    return partnerships_of(record, WAYS[record._meta.label]) - {None}


def test_a_sharing_agreement_asks_for_the_partnerships_whose_panels_its_parties_sit_on():
    county, district = PartnershipFactory(), PartnershipFactory()
    panel = GroupFactory(partnership=district, kind="operational_panel")
    agreement = AgreementFactory(partnership=county)
    party = PartyFactory(agreement=agreement)
    MembershipFactory(group=panel, on_behalf_of=party.organisation)
    assert asked(agreement) == {county.pk, district.pk}
    assert asked(party) == {county.pk, district.pk}


def test_a_link_between_boards_asks_for_both():
    one, two = PartnershipFactory(), PartnershipFactory()
    link = BoardLink.objects.create(from_partnership=one, to_partnership=two, kind="reports_to")
    assert asked(link) == {one.pk, two.pk}
