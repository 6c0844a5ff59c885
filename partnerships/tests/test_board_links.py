"""Links between boards: kept from a partnership's page by the officers of either
board, listed there and on both boards' structure charts with the kind of link and
when its protocol is due for review."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from config import stale_edits
from partnerships.models import BoardLink, Partnership
from partnerships.structure_chart import structure_chart
from partnerships.tests.factories import PartnershipFactory, UserFactory

TODAY = timezone.localdate()


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def wellbeing(db):
    return PartnershipFactory(
        name="Northshire Health and Wellbeing Board",
        kind=Partnership.Kind.HEALTH_AND_WELLBEING,
    )


@pytest.fixture
def link(partnership, wellbeing):
    return BoardLink.objects.create(
        from_partnership=partnership,
        to_partnership=wellbeing,
        kind=BoardLink.Kind.INFORMATION_SHARING,
        protocol_agreed=TODAY - datetime.timedelta(days=800),
        review_due=TODAY - datetime.timedelta(days=70),
    )


def _link_data(partnership, other, **changes):
    data = {
        "from_partnership": partnership.pk,
        "kind": BoardLink.Kind.REPORTS_TO,
        "to_partnership": other.pk,
        **_date("protocol_agreed", TODAY),
        **_date("review_due", TODAY.replace(year=TODAY.year + 1)),
    }
    data.update(changes)
    return data


def test_the_database_refuses_a_link_of_a_board_to_itself(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardLink.objects.create(
            from_partnership=partnership, to_partnership=partnership, kind="reports_to"
        )


def test_the_database_refuses_a_review_before_the_protocol_was_agreed(partnership, wellbeing):
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardLink.objects.create(
            from_partnership=partnership,
            to_partnership=wellbeing,
            kind="joint_working",
            protocol_agreed=TODAY,
            review_due=TODAY - datetime.timedelta(days=1),
        )


def test_an_officer_adds_a_link_with_its_protocol(client, officer, partnership, wellbeing):
    client.force_login(officer)
    protocol = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol")
    response = client.post(
        reverse("partnerships:board_link_create", args=[partnership.pk]),
        _link_data(partnership, wellbeing, protocol_file=protocol),
    )
    assert response.status_code == 302
    made = BoardLink.objects.get()
    assert (made.from_partnership, made.kind, made.to_partnership) == (
        partnership,
        "reports_to",
        wellbeing,
    )
    assert made.protocol_file

    download = client.get(reverse("partnerships:board_link_protocol", args=[made.pk]))
    assert download.status_code == 200
    assert "Reports to protocol.pdf" in download["Content-Disposition"]


def test_it_refuses_a_link_that_leaves_out_the_partnership(client, officer, partnership, wellbeing):
    client.force_login(officer)
    third = PartnershipFactory()
    response = client.post(
        reverse("partnerships:board_link_create", args=[partnership.pk]),
        _link_data(third, wellbeing),
    )
    assert response.status_code == 200
    assert f"One of the two boards must be {partnership}." in response.content.decode()
    assert not BoardLink.objects.exists()


def test_it_refuses_a_second_link_of_the_same_kind(client, officer, partnership, link):
    client.force_login(officer)
    response = client.post(
        reverse("partnerships:board_link_create", args=[partnership.pk]),
        _link_data(partnership, link.to_partnership, kind=link.kind),
    )
    assert response.status_code == 200
    assert "These two boards already have a link of this kind." in response.content.decode()
    assert BoardLink.objects.count() == 1


def test_it_refuses_a_review_date_before_the_agreement(client, officer, partnership, wellbeing):
    client.force_login(officer)
    response = client.post(
        reverse("partnerships:board_link_create", args=[partnership.pk]),
        _link_data(partnership, wellbeing, **_date("review_due", TODAY.replace(year=2000))),
    )
    assert response.status_code == 200
    assert "The review date must be on or after the date it was agreed." in (
        response.content.decode()
    )
    assert not BoardLink.objects.exists()


def test_an_officer_of_the_other_board_may_edit_it_and_no_one_else(
    client, link, other_officer, wellbeing
):
    url = reverse("partnerships:board_link_edit", args=[link.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 403

    theirs = UserFactory(email="hwb@example.test", role="officer", partnerships=[wellbeing])
    client.force_login(theirs)
    new_review = TODAY.replace(year=TODAY.year + 2)
    response = client.post(
        url,
        {
            "kind": link.kind,
            "seen_version": stale_edits.version(link),
            **_date("protocol_agreed", link.protocol_agreed),
            **_date("review_due", new_review),
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.review_due == new_review
    assert link.from_partnership_id != wellbeing.pk  # the boards it joins stay


def test_it_asks_before_it_removes_a_link(client, officer, link):
    client.force_login(officer)
    url = reverse("partnerships:board_link_remove", args=[link.pk])
    assert "Remove this link?" in client.get(url).content.decode()
    assert BoardLink.objects.exists()
    assert client.post(url).status_code == 302
    assert not BoardLink.objects.exists()
    assert BoardLink.history.filter(history_type="-").count() == 1


def test_a_reader_sees_the_links_but_may_not_change_them(client, scrutiny_member, link):
    client.force_login(scrutiny_member)
    response = client.get(link.from_partnership.get_absolute_url())
    html = response.content.decode()
    assert "Northshire Health and Wellbeing Board" in html
    assert "Review overdue" in html
    assert "Add a link with another board" not in html
    assert reverse("partnerships:board_link_edit", args=[link.pk]) not in html
    assert client.post(reverse("partnerships:board_link_remove", args=[link.pk])).status_code == 403
    assert BoardLink.objects.exists()


def test_the_structure_charts_of_both_boards_show_the_link(client, officer, link, wellbeing):
    chart = structure_chart(link.from_partnership)
    assert "Northshire Health and Wellbeing Board" in chart["svg"]
    assert "Information sharing; review overdue since" in chart["svg"]
    other = structure_chart(wellbeing)
    assert link.from_partnership.name in other["svg"]

    link.kind = BoardLink.Kind.REPORTS_TO
    link.save()
    (seen,) = structure_chart(wellbeing)["links"]
    assert seen.seen_from_here == "Reports to this board"

    client.force_login(officer)
    html = client.get(reverse("partnerships:structure", args=[wellbeing.pk])).content.decode()
    assert "Reports to this board" in html and "Review overdue" in html


def test_a_link_with_no_protocol_says_so(partnership, wellbeing):
    BoardLink.objects.create(
        from_partnership=partnership, to_partnership=wellbeing, kind="joint_working"
    )
    (link,) = structure_chart(partnership)["links"]
    assert link.review_text == "no protocol agreed"
