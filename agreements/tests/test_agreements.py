"""The agreements register: status from dates and signatures, the database's rules,
the register page with its filters and downloads, the detail page with its parties and
history, and the forms that keep them."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Party, Status
from agreements.tests.factories import AgreementFactory, PartyFactory
from config import stale_edits
from partnerships.tests.factories import GroupFactory, OrganisationFactory, PartnershipFactory

TODAY = timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def agreement(partnership):
    made = AgreementFactory(partnership=partnership, title="MARAC information sharing")
    PartyFactory(agreement=made, organisation=OrganisationFactory(name="Northshire Police"))
    return made


def _agreement_data(**changes):
    data = {
        "kind": Agreement.Kind.INFORMATION_SHARING,
        "title": "Operational panels information sharing agreement",
        "purpose": "Sharing case information between the panels' agencies.",
        "lawful_basis": Agreement.LawfulBasis.PUBLIC_TASK,
        "special_condition": "Article 9(2)(g); DPA 2018 Sch. 1 para. 18.",
        **_date("starts", TODAY - days(10)),
        **_date("review_due", TODAY + days(355)),
    }
    data.update(changes)
    return data


# Status --------------------------------------------------------------------------------


def test_it_is_in_force_once_started_signed_and_before_its_review(agreement):
    assert agreement.is_signed
    assert agreement.status() == Status.IN_FORCE
    assert agreement.in_force()


def test_it_is_unsigned_while_a_party_has_not_signed_or_none_is_recorded(partnership):
    bare = AgreementFactory(partnership=partnership)
    assert not bare.is_signed
    assert bare.status() == Status.UNSIGNED
    PartyFactory(agreement=bare)
    PartyFactory(agreement=bare, signatory_name="", signed_on=None)
    assert Agreement.objects.get(pk=bare.pk).status() == Status.UNSIGNED


def test_it_expires_past_its_review_date_and_ends_on_its_end_date(agreement):
    assert agreement.status(agreement.review_due + days(1)) == Status.EXPIRED
    agreement.ends = TODAY - days(1)
    assert agreement.status() == Status.ENDED
    assert agreement.status(agreement.starts - days(1)) == Status.NOT_STARTED


@pytest.mark.parametrize("status", list(Status))
def test_the_database_filter_of_each_status_agrees_with_the_record(partnership, status):
    made = {
        Status.IN_FORCE: AgreementFactory(partnership=partnership),
        Status.UNSIGNED: AgreementFactory(partnership=partnership),
        Status.EXPIRED: AgreementFactory(partnership=partnership, review_due=TODAY - days(1)),
        Status.ENDED: AgreementFactory(partnership=partnership, ends=TODAY - days(1)),
        Status.NOT_STARTED: AgreementFactory(
            partnership=partnership, starts=TODAY + days(5), review_due=TODAY + days(300)
        ),
    }
    for key, record in made.items():
        if key != Status.UNSIGNED:
            PartyFactory(agreement=record)
    found = Agreement.objects.filter(partnership=partnership).with_status(status, TODAY)
    assert list(found) == [made[status]]
    assert all(a.status() == status for a in found)


# The database's rules ----------------------------------------------------------------------


def test_the_database_refuses_a_review_before_it_starts(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(partnership=partnership, review_due=TODAY - days(365))


def test_the_database_refuses_an_organisation_twice_on_one_agreement(agreement):
    organisation = agreement.parties.get().organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(agreement=agreement, organisation=organisation)


def test_the_database_refuses_a_signature_by_no_one(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyFactory(agreement=agreement, signatory_name="", signed_on=TODAY)


# The register --------------------------------------------------------------------------------


def test_it_lists_the_agreements_with_their_status_and_parties(client, scrutiny_member, agreement):
    waiting = AgreementFactory(partnership=agreement.partnership, title="Prevent protocol")
    PartyFactory(agreement=waiting, organisation=OrganisationFactory(name="Northshire Council"))
    PartyFactory(agreement=waiting, signatory_name="", signed_on=None)
    client.force_login(scrutiny_member)

    response = client.get(reverse("agreements:agreement_register", args=[agreement.partnership_id]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "MARAC information sharing" in html and "Prevent protocol" in html
    assert "Northshire Police" in html
    assert "Not signed by every party" in html
    assert "Add an agreement" not in html  # a reader, not a keeper


def test_it_filters_the_register_by_status_and_kind(client, officer, agreement):
    AgreementFactory(
        partnership=agreement.partnership,
        title="Old memorandum",
        kind=Agreement.Kind.MEMORANDUM,
        review_due=TODAY - days(1),
    )
    client.force_login(officer)
    url = reverse("agreements:agreement_register", args=[agreement.partnership_id])

    expired = client.get(url, {"status": "expired"}).content.decode()
    assert "Old memorandum" in expired and "MARAC information sharing" not in expired
    sharing = client.get(url, {"kind": "information_sharing"}).content.decode()
    assert "MARAC information sharing" in sharing and "Old memorandum" not in sharing
    none = client.get(url, {"q": "nothing like it"}).content.decode()
    assert "No agreement matches these filters." in none


def test_it_says_so_when_there_is_no_agreement(client, officer, partnership):
    client.force_login(officer)
    response = client.get(reverse("agreements:agreement_register", args=[partnership.pk]))
    assert "No agreements are recorded yet." in response.content.decode()


def test_it_downloads_the_register_as_csv(client, officer, agreement):
    client.force_login(officer)
    url = reverse("agreements:agreement_register", args=[agreement.partnership_id])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Agreement", "Kind", "Status", "Parties"]
    assert rows[1][0] == "MARAC information sharing"
    assert rows[1][2] == "In force"


def test_the_register_reads_the_same_number_of_queries_however_many(
    client, officer, agreement, django_assert_num_queries
):
    client.force_login(officer)
    url = reverse("agreements:agreement_register", args=[agreement.partnership_id])
    client.get(url)
    # session, user, the partnership, the officer's partnerships (may they change it),
    # the agreements, their parties with their organisations
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for _ in range(4):
        PartyFactory(agreement=AgreementFactory(partnership=agreement.partnership))
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


# The detail page ------------------------------------------------------------------------------


def test_it_shows_the_parties_and_the_history(client, scrutiny_member, agreement):
    client.force_login(scrutiny_member)
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Northshire Police" in html and "Sam Signer" in html
    assert "Party Northshire Police added" in html
    assert "Record the signature" not in html


def test_it_serves_the_document_to_readers_only(client, scrutiny_member, outsider, agreement):
    agreement.document.save("isa.pdf", SimpleUploadedFile("isa.pdf", b"%PDF-1.4 x"), save=True)
    url = reverse("agreements:agreement_document", args=[agreement.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(scrutiny_member)
    response = client.get(url)
    assert response.status_code == 200
    assert "MARAC information sharing.pdf" in response["Content-Disposition"]


# The forms ------------------------------------------------------------------------------------


def test_an_officer_adds_an_agreement_covering_a_panel(client, officer, partnership):
    panel = GroupFactory(partnership=partnership, name="MARAC", kind="operational_panel")
    client.force_login(officer)
    response = client.post(
        reverse("agreements:agreement_create", args=[partnership.pk]),
        _agreement_data(groups=[panel.pk]),
    )
    assert response.status_code == 302
    made = Agreement.objects.get()
    assert (made.partnership, list(made.groups.all())) == (partnership, [panel])
    assert response.url == made.get_absolute_url()


def test_it_refuses_a_review_date_before_the_start_and_saves_nothing(client, officer, partnership):
    client.force_login(officer)
    response = client.post(
        reverse("agreements:agreement_create", args=[partnership.pk]),
        _agreement_data(**_date("review_due", TODAY - days(30))),
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert "The review date must be on or after the date it starts." in response.content.decode()


def test_it_refuses_a_group_of_another_partnership(client, officer, partnership):
    elsewhere = GroupFactory(partnership=PartnershipFactory(), kind="operational_panel")
    client.force_login(officer)
    response = client.post(
        reverse("agreements:agreement_create", args=[partnership.pk]),
        _agreement_data(groups=[elsewhere.pk]),
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert f"Choose groups of {partnership}" in response.content.decode()


def test_it_refuses_an_article_9_condition_when_no_personal_data_is_shared(
    client, officer, partnership
):
    client.force_login(officer)
    response = client.post(
        reverse("agreements:agreement_create", args=[partnership.pk]),
        _agreement_data(lawful_basis=Agreement.LawfulBasis.NONE),
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()


def test_a_reader_may_not_add_an_agreement(client, scrutiny_member, partnership):
    client.force_login(scrutiny_member)
    url = reverse("agreements:agreement_create", args=[partnership.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _agreement_data()).status_code == 403
    assert not Agreement.objects.exists()


def test_an_officer_edits_an_agreement_and_the_history_says_what_changed(
    client, officer, agreement
):
    client.force_login(officer)
    new_review = TODAY + days(700)
    response = client.post(
        reverse("agreements:agreement_edit", args=[agreement.pk]),
        _agreement_data(
            title=agreement.title,
            seen_version=stale_edits.version(agreement),
            **_date("review_due", new_review),
        ),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_due == new_review
    assert any("Review due:" in f for c in agreement.change_history() for f in c["fields"])


def test_an_officer_adds_a_party_but_not_the_same_one_twice(client, officer, agreement):
    council = OrganisationFactory(name="Northshire Council")
    client.force_login(officer)
    url = reverse("agreements:party_add", args=[agreement.pk])

    response = client.post(url, {"organisation": council.pk, "signatory_name": "Ann Lee"})
    assert response.status_code == 302
    assert agreement.parties.count() == 2
    assert Agreement.objects.get(pk=agreement.pk).status() == Status.UNSIGNED

    response = client.post(url, {"organisation": council.pk})
    assert response.status_code == 200
    assert "Northshire Council is already a party to this agreement." in response.content.decode()
    assert agreement.parties.count() == 2


def test_it_records_a_signature_with_who_signed_and_when(client, officer, agreement):
    party = PartyFactory(agreement=agreement, signatory_name="", signed_on=None)
    client.force_login(officer)
    url = reverse("agreements:party_sign", args=[party.pk])
    version = stale_edits.version(party)

    response = client.post(url, {"seen_version": version, **_date("signed_on", TODAY + days(3))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter who signed for the organisation." in html
    assert "The date signed must be today or in the past." in html
    party.refresh_from_db()
    assert party.signed_on is None

    response = client.post(
        url,
        {
            "seen_version": version,
            "signatory_name": "Jo Chief",
            "signatory_job_title": "Chief Executive",
            **_date("signed_on", TODAY),
        },
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.signatory_name, party.signed_on) == ("Jo Chief", TODAY)
    assert Agreement.objects.get(pk=agreement.pk).status() == Status.IN_FORCE


def test_an_officer_of_another_partnership_may_not_sign_for_it(client, other_officer, agreement):
    party = PartyFactory(agreement=agreement, signatory_name="", signed_on=None)
    client.force_login(other_officer)
    response = client.post(
        reverse("agreements:party_sign", args=[party.pk]),
        {"signatory_name": "Jo Chief", **_date("signed_on", TODAY)},
    )
    assert response.status_code == 403
    party.refresh_from_db()
    assert party.signed_on is None
