"""Every invariant the database holds is named, and the database rejects a violation."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from partnerships.models import Group, Membership, Partnership
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def _rejected(name, fn):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        fn()
    assert (
        name in str(caught.value) or "UNIQUE" in str(caught.value) or "CHECK" in str(caught.value)
    )


def test_it_rejects_a_second_current_membership_of_the_same_group():
    membership = MembershipFactory()
    _rejected(
        "membership_one_current_per_person_and_group",
        lambda: Membership.objects.create(person=membership.person, group=membership.group),
    )


def test_it_allows_a_new_membership_after_the_old_one_ended():
    old = MembershipFactory(start=datetime.date(2019, 1, 1), end=datetime.date(2020, 1, 1))
    Membership.objects.create(person=old.person, group=old.group, start=datetime.date(2021, 1, 1))
    assert Membership.objects.filter(person=old.person).count() == 2


def test_it_rejects_a_membership_that_ends_before_it_starts():
    _rejected(
        "membership_ends_after_start",
        lambda: MembershipFactory(start=datetime.date(2020, 1, 2), end=datetime.date(2020, 1, 1)),
    )


def test_it_rejects_a_voting_associate():
    _rejected(
        "membership_associate_has_no_vote", lambda: MembershipFactory(role="associate", voting=True)
    )


def test_it_rejects_duplicate_names_whatever_their_case():
    PartnershipFactory(name="Swindon CSP")
    _rejected("partnership_name_unique_ci", lambda: PartnershipFactory(name="swindon csp"))
    OrganisationFactory(name="Wiltshire Police")
    _rejected("organisation_name_unique_ci", lambda: OrganisationFactory(name="WILTSHIRE POLICE"))
    PersonFactory(email="a@example.test")
    _rejected("person_email_unique_ci", lambda: PersonFactory(email="A@example.test"))


def test_it_allows_the_same_group_name_in_two_partnerships_but_not_in_one():
    group = GroupFactory(name="Board")
    GroupFactory(name="Board")
    _rejected(
        "group_name_unique_in_partnership",
        lambda: GroupFactory(name="board", partnership=group.partnership),
    )


def test_it_rejects_a_tor_review_before_its_approval():
    _rejected(
        "group_tor_review_after_approval",
        lambda: GroupFactory(
            tor_approved=datetime.date(2020, 5, 1), tor_review_due=datetime.date(2020, 4, 1)
        ),
    )


def test_it_rejects_a_zero_quorum():
    _rejected("group_quorum_positive", lambda: GroupFactory(quorum=0))


def test_it_rejects_a_body_that_reports_to_itself():
    group = GroupFactory()
    _rejected(
        "group_not_reporting_to_itself",
        lambda: Group.objects.filter(pk=group.pk).update(reports_to=group),
    )
    partnership = PartnershipFactory()
    _rejected(
        "partnership_not_reporting_to_itself",
        lambda: Partnership.objects.filter(pk=partnership.pk).update(reports_to=partnership),
    )
    _rejected(
        "partnership_not_own_parent",
        lambda: Partnership.objects.filter(pk=partnership.pk).update(parent=partnership),
    )


def test_it_requires_a_merged_partnership_to_name_its_successor():
    _rejected("partnership_merged_into_iff_merged", lambda: PartnershipFactory(status="merged"))
    successor = PartnershipFactory()
    _rejected(
        "partnership_merged_into_iff_merged", lambda: PartnershipFactory(merged_into=successor)
    )
    assert PartnershipFactory(status="merged", merged_into=successor).merged_into == successor


def test_it_rejects_an_organisation_twice_in_one_partnership():
    place = PartnershipMemberFactory()
    _rejected(
        "partnership_member_unique",
        lambda: PartnershipMemberFactory(
            partnership=place.partnership, organisation=place.organisation
        ),
    )


def test_it_keeps_the_history_of_every_change():
    group = GroupFactory(purpose="First purpose")
    group.purpose = "Second purpose"
    group.save(update_fields=["purpose"])
    history = list(group.history.order_by("history_date").values_list("purpose", "history_type"))
    assert history == [("First purpose", "+"), ("Second purpose", "~")]


def test_the_group_history_says_what_changed_from_what():
    group = GroupFactory(purpose="First purpose", quorum=3)
    group.purpose, group.quorum = "Second purpose", 4
    group.save()
    [latest, created] = group.change_history()
    assert set(latest["fields"]) == {"Purpose: First purpose → Second purpose", "Quorum: 3 → 4"}
    assert created["fields"] == ["created"]
