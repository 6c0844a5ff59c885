"""The demo's agreements registers and links between boards: loaded twice, the same
rows; each record noted with its source; the illustrative ones marked so."""

import pytest

from agreements.models import Agreement, Party, Status
from demo.agreements import load_agreements
from demo.register import load_register
from ops.models import Source
from partnerships.models import BoardLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_register()
    load_agreements()


def test_it_loads_the_same_rows_when_run_twice(loaded):
    counts = (Agreement.objects.count(), Party.objects.count(), BoardLink.objects.count())
    load_register()
    load_agreements()
    assert (Agreement.objects.count(), Party.objects.count(), BoardLink.objects.count()) == counts
    assert counts == (2, 18, 5)


def test_the_memorandum_of_agreement_cites_the_2011_recommendation(loaded):
    memorandum = Agreement.objects.get(kind=Agreement.Kind.MEMORANDUM)
    assert memorandum.partnership.name == "Safer Communities Board"
    source = Source.objects.of(memorandum).get()
    assert "recommendations 5 and 6" in source.citation
    assert not source.illustrative
    assert memorandum.status() == Status.EXPIRED  # its review was due by April 2014


def test_the_swindon_sharing_agreement_is_illustrative_and_waits_for_one_signature(loaded):
    sharing = Agreement.objects.get(kind=Agreement.Kind.INFORMATION_SHARING)
    assert Source.objects.of(sharing).get().illustrative
    waiting = sharing.parties.filter(signed_on__isnull=True)
    assert [p.organisation.name for p in waiting] == ["Swindon Women's Aid"]
    assert sharing.groups.count() == 7


def test_the_county_boards_are_linked_with_no_protocol_agreed(loaded):
    links = BoardLink.objects.filter(from_partnership__name="Safer Communities Board")
    assert links.count() == 3
    assert not links.exclude(protocol_file="").exists()
    assert all(not link.protocol_agreed for link in links)
    for link in links:
        assert "§8.1" in Source.objects.of(link).get().citation
