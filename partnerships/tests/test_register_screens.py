"""The officer's register screens: forms, validation, permissions, files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config import stale_edits
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _date(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


def _group_form(**extra):
    data = {
        "name": "Night-time economy group",
        "kind": "sub_group",
        "meets": "bimonthly",
        "purpose": "Late-night safety",
        "quorum": "3",
    }
    data.update(extra)
    return data


def test_it_creates_a_group_with_its_terms_of_reference(
    client, officer, partnership, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    data = _group_form(
        reports_to=board.pk,
        tor_file=SimpleUploadedFile("tor.pdf", PDF, content_type="application/pdf"),
        **_date("tor_approved", datetime.date(2026, 4, 1)),
        **_date("tor_review_due", datetime.date(2027, 4, 1)),
    )
    response = client.post(f"/partnerships/{partnership.pk}/groups/new/", data)
    assert response.status_code == 302
    group = Group.objects.get(name="Night-time economy group")
    assert group.partnership == partnership and group.reports_to == board
    assert group.tor_approved == datetime.date(2026, 4, 1)
    assert group.tor_file.name.startswith("tor/")
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    # served only through the permission-checked view
    response = client.get(f"/groups/{group.pk}/terms-of-reference/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert group.history.first().history_user == officer


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tor.exe", b"MZ\x90\x00"), "must be a PDF, .docx or .odt file"),
        (SimpleUploadedFile("tor.pdf", b"just text"), "not a real PDF, .docx or .odt document"),
    ],
)
def test_it_refuses_a_bad_terms_of_reference_file(client, officer, partnership, upload, message):
    client.force_login(officer)
    response = client.post(
        f"/partnerships/{partnership.pk}/groups/new/", _group_form(tor_file=upload)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Group.objects.filter(name="Night-time economy group").exists()


def test_it_refuses_a_too_large_terms_of_reference_file(client, officer, partnership, settings):
    settings.MAX_UPLOAD_BYTES = 10
    client.force_login(officer)
    upload = SimpleUploadedFile("tor.pdf", PDF)
    response = client.post(
        f"/partnerships/{partnership.pk}/groups/new/", _group_form(tor_file=upload)
    )
    assert "The file must be smaller than" in response.content.decode()
    assert not Group.objects.filter(name="Night-time economy group").exists()


def test_it_explains_every_mistake_next_to_its_field(client, officer, partnership, board):
    client.force_login(officer)
    data = _group_form(
        name="northshire csp board",
        quorum="0",
        **_date("tor_approved", datetime.date(2026, 4, 1)),
        **_date("tor_review_due", datetime.date(2026, 3, 1)),
    )
    response = client.post(f"/partnerships/{partnership.pk}/groups/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "already has a group called northshire csp board" in html
    assert "The review date must be on or after the approval date." in html
    assert "The quorum must be 1 or more, or left empty." in html
    assert Group.objects.count() == 1


def test_it_records_the_seniority_the_terms_of_reference_expect(
    client, officer, partnership, board
):
    client.force_login(officer)
    assert '<option value="" selected>Not stated</option>' in (
        client.get(f"/groups/{board.pk}/edit/").content.decode()
    )
    data = _group_form(
        name=board.name,
        kind="board",
        expected_seniority="senior_manager",
        **{stale_edits.FIELD: stale_edits.version(board)},
    )
    assert client.post(f"/groups/{board.pk}/edit/", data).status_code == 302
    board.refresh_from_db()
    assert board.expected_seniority == "senior_manager"
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Senior manager or above" in html
    html = client.get(f"/partnerships/{partnership.pk}/terms-of-reference/").content.decode()
    assert "Senior manager or above" in html


def test_it_refuses_a_reporting_loop(client, officer, partnership, board):
    sub = GroupFactory(partnership=partnership, reports_to=board)
    client.force_login(officer)
    response = client.post(
        f"/groups/{board.pk}/edit/", _group_form(name=board.name, kind="board", reports_to=sub.pk)
    )
    assert "This would make a loop" in response.content.decode()
    board.refresh_from_db()
    assert board.reports_to is None


def test_it_forbids_an_officer_of_another_partnership_to_change_it(
    client, other_officer, partnership, board
):
    client.force_login(other_officer)
    assert client.get(f"/groups/{board.pk}/").status_code == 200
    assert client.get(f"/groups/{board.pk}/edit/").status_code == 403
    assert client.post(f"/groups/{board.pk}/edit/", _group_form()).status_code == 403
    assert (
        client.post(f"/partnerships/{partnership.pk}/groups/new/", _group_form()).status_code == 403
    )
    assert client.post(f"/groups/{board.pk}/archive/").status_code == 403
    assert not Group.objects.filter(name="Night-time economy group").exists()
    board.refresh_from_db()
    assert board.archived_at is None


@pytest.mark.parametrize("persona", ["chair", "scrutiny_member"])
def test_readers_cannot_change_the_register(client, request, persona, partnership, board):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/partnerships/{partnership.pk}/edit/").status_code == 403
    assert client.get("/organisations/new/").status_code == 403
    assert client.get("/people/new/").status_code == 403
    assert client.get("/register/import/").status_code == 403


def test_it_keeps_the_terms_of_reference_from_outsiders(
    client, outsider, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    board.tor_file = SimpleUploadedFile("tor.pdf", PDF)
    board.save()
    client.force_login(outsider)
    assert client.get(f"/groups/{board.pk}/terms-of-reference/").status_code == 403
    client.logout()
    assert client.get(f"/groups/{board.pk}/terms-of-reference/").status_code == 302


def test_it_archives_a_group_instead_of_deleting_it_and_ends_its_seats(client, officer, board):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    seat = MembershipFactory(group=board, start=today - datetime.timedelta(days=90))
    ended = MembershipFactory(group=board, end=today - datetime.timedelta(days=30))
    client.force_login(officer)
    assert client.get(f"/groups/{board.pk}/archive/").status_code == 405
    response = client.post(f"/groups/{board.pk}/archive/", follow=True)
    assert "1 current memberships were ended" in response.content.decode()
    board.refresh_from_db()
    assert board.archived_at is not None
    assert Membership.objects.filter(group=board).count() == 2, "records are kept"
    seat.refresh_from_db()
    assert seat.end == today
    assert seat.history.latest().history_user == officer
    assert Membership.objects.get(pk=ended.pk).end == ended.end


def test_it_adds_members_and_refuses_a_second_current_seat(client, officer, board):
    person = PersonFactory(name="Jo Inspector")
    police = OrganisationFactory(name="Northshire Police", kind="police")
    client.force_login(officer)
    data = {"person": person.pk, "role": "member", "voting": "on", "on_behalf_of": police.pk}
    assert client.post(f"/groups/{board.pk}/members/add/", data).status_code == 302
    response = client.post(f"/groups/{board.pk}/members/add/", data)
    assert "Jo Inspector is already a member of Northshire CSP Board." in response.content.decode()
    response = client.post(
        f"/groups/{board.pk}/members/add/",
        {**data, "person": PersonFactory().pk, "role": "associate"},
    )
    assert "An associate member has no vote" in response.content.decode()
    assert Membership.objects.filter(group=board).count() == 1


def test_it_ends_a_membership_by_editing_it(client, officer, board):
    membership = MembershipFactory(group=board, start=datetime.date(2025, 1, 1))
    client.force_login(officer)
    data = {
        "role": "member",
        "voting": "on",
        **_date("start", datetime.date(2025, 1, 1)),
        **_date("end", datetime.date(2024, 1, 1)),
        stale_edits.FIELD: stale_edits.version(membership),
    }
    response = client.post(f"/memberships/{membership.pk}/edit/", data)
    assert "The end date must be on or after the start date." in response.content.decode()
    data.update(_date("end", datetime.date(2026, 1, 1)))
    assert client.post(f"/memberships/{membership.pk}/edit/", data).status_code == 302
    membership.refresh_from_db()
    assert membership.end == datetime.date(2026, 1, 1)


def test_it_ends_the_seat_of_someone_already_archived(client, officer, board):
    from django.utils import timezone

    membership = MembershipFactory(group=board, start=datetime.date(2025, 1, 1))
    membership.person.archived_at = timezone.now()
    membership.person.save(update_fields=["archived_at"])
    client.force_login(officer)
    data = {"role": "member", "voting": "on", **_date("start", datetime.date(2025, 1, 1))}
    data.update(_date("end", datetime.date(2026, 1, 1)))
    data[stale_edits.FIELD] = stale_edits.version(membership)
    assert client.post(f"/memberships/{membership.pk}/edit/", data).status_code == 302
    membership.refresh_from_db()
    assert membership.end == datetime.date(2026, 1, 1)


def test_it_manages_the_statutory_members_of_a_partnership(client, officer, partnership):
    council = OrganisationFactory(
        name="Northshire Council", kind="local_authority", statutory_responsible_authority=True
    )
    charity = OrganisationFactory(name="Safe Homes", kind="voluntary_sector")
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/members/add/"
    response = client.post(url, {"organisation": charity.pk, "role": "responsible_authority"})
    assert (
        "Safe Homes is not a statutory responsible authority; add it as a partner."
        in response.content.decode()
    )
    assert (
        client.post(url, {"organisation": council.pk, "role": "responsible_authority"}).status_code
        == 302
    )
    html = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "Missing: Police, Fire and rescue, Health, Probation." in html
    member = PartnershipMember.objects.get()
    url = f"/partnerships/{partnership.pk}/members/{member.pk}/remove/"
    assert "Remove Northshire Council from the partnership?" in client.get(url).content.decode()
    assert PartnershipMember.objects.exists(), "asking changes nothing"
    assert client.post(url).status_code == 302
    assert not PartnershipMember.objects.exists()


def test_it_creates_organisations_and_people_with_validation(client, officer):
    client.force_login(officer)
    response = client.post(
        "/organisations/new/",
        {"name": "Safe Homes", "kind": "voluntary_sector", "statutory_responsible_authority": "on"},
    )
    assert (
        "Only a council, police, fire and rescue, health or probation body"
        in response.content.decode()
    )
    assert (
        client.post(
            "/organisations/new/", {"name": "Safe Homes", "kind": "voluntary_sector"}
        ).status_code
        == 302
    )
    org = Organisation.objects.get(name="Safe Homes")
    assert (
        client.post(
            "/people/new/", {"name": "Ali", "email": "ALI@example.test", "organisation": org.pk}
        ).status_code
        == 302
    )
    response = client.post("/people/new/", {"name": "Ali Two", "email": "ali@example.test"})
    assert "already has this email address" in response.content.decode()
    assert Person.objects.get().email == "ali@example.test"


def test_it_archives_a_person_and_ends_their_memberships(client, officer, board):
    membership = MembershipFactory(group=board)
    client.force_login(officer)
    assert client.post(f"/people/{membership.person.pk}/archive/").status_code == 302
    membership.refresh_from_db()
    assert membership.end is not None
    assert Person.objects.get(pk=membership.person.pk).archived_at is not None


def test_it_adds_the_new_partnership_to_the_officers_own(client, officer):
    client.force_login(officer)
    response = client.post(
        "/partnerships/new/",
        {"name": "Eastshire CSP", "kind": "community_safety_partnership", "status": "active"},
    )
    assert response.status_code == 302
    assert officer.partnerships.filter(name="Eastshire CSP").exists()
    response = client.post(
        "/partnerships/new/",
        {"name": "Westshire CSP", "kind": "community_safety_partnership", "status": "merged"},
    )
    assert "Choose the partnership this one merged into." in response.content.decode()
    assert not Partnership.objects.filter(name="Westshire CSP").exists()


def test_it_filters_groups(client, officer, partnership, board):
    GroupFactory(
        partnership=partnership,
        name="Has ToR",
        tor_approved=datetime.date(2026, 1, 1),
        tor_review_due=datetime.date(2099, 1, 1),
    )
    GroupFactory(
        partnership=partnership,
        name="Old ToR",
        tor_approved=datetime.date(2020, 1, 1),
        tor_review_due=datetime.date(2021, 1, 1),
    )
    client.force_login(officer)
    html = client.get("/groups/", {"has_tor": "no"}).content.decode()
    assert "Northshire CSP Board" in html and "Has ToR" not in html
    html = client.get("/groups/", {"tor_overdue": "yes"}).content.decode()
    assert "Old ToR" in html and "Has ToR" not in html and "Northshire CSP Board" not in html
    html = client.get("/groups/", {"q": "has"}).content.decode()
    assert "Has ToR" in html and "Old ToR" not in html
    assert client.get("/groups/", {"partnership": "not-a-number"}).status_code == 200


def test_it_pages_long_lists(client, officer, partnership):
    GroupFactory.create_batch(55, partnership=partnership)
    client.force_login(officer)
    html = client.get("/groups/").content.decode()
    assert "Showing 1 to 50 of 55" in html
    html = client.get("/groups/", {"page": "2"}).content.decode()
    assert "Showing 51 to 55 of 55" in html
    assert client.get("/groups/", {"page": "999"}).status_code == 200


def test_it_names_a_duplicate_plainly_and_keeps_the_heading(client, officer, partnership):
    from partnerships.tests.factories import PartnershipFactory

    PartnershipFactory(name="Southshire CSP")
    client.force_login(officer)
    data = {"name": "southshire csp", "kind": "community_safety_partnership", "status": "active"}
    html = client.post(f"/partnerships/{partnership.pk}/edit/", data).content.decode()
    assert "There is already a partnership called Southshire CSP." in html
    assert "Constraint" not in html
    assert "Edit Northshire Community Safety Partnership" in html


def test_a_group_has_one_chair_at_a_time(client, officer, board):
    MembershipFactory(group=board, role="chair", person__name="First Chair")
    client.force_login(officer)
    response = client.post(
        f"/groups/{board.pk}/members/add/",
        {"person": PersonFactory().pk, "role": "chair", "voting": "on"},
    )
    assert "First Chair already chairs Northshire CSP Board" in response.content.decode()
    assert Membership.objects.filter(group=board, role="chair").count() == 1


def test_the_error_pages_keep_the_layout(client, outsider, board):
    client.force_login(outsider)
    response = client.get(f"/groups/{board.pk}/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
    assert "Page not found" in client.get("/groups/99999999/").content.decode()


def test_archiving_a_person_ends_only_the_seats_this_officer_may_change(client, officer, board):
    from partnerships.tests.factories import GroupFactory

    person = PersonFactory()
    mine = MembershipFactory(group=board, person=person, start=datetime.date(2099, 1, 1))
    theirs = MembershipFactory(group=GroupFactory(), person=person)
    client.force_login(officer)
    assert client.post(f"/people/{person.pk}/archive/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.end == datetime.date(2099, 1, 1)
    assert theirs.end is None


def test_an_officer_stops_a_persons_daily_reminders(client, officer):
    person = PersonFactory(name="Ali")
    client.force_login(officer)
    data = {
        "name": "Ali",
        "email": person.email,
        "digest_opt_out": "on",
        stale_edits.FIELD: stale_edits.version(person),
    }
    assert client.post(f"/people/{person.pk}/edit/", data).status_code == 302
    person.refresh_from_db()
    assert person.digest_opt_out
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Stopped (escalations to a chair are still sent)" in html


@pytest.mark.parametrize(
    "role, shown", [("officer", True), ("admin", True), ("scrutiny", False), ("chair", False)]
)
def test_only_those_who_keep_the_register_see_email_addresses(db, client, role, shown):
    person = PersonFactory(email="ali.hidden@example.test")
    client.force_login(UserFactory(role=role))
    html = client.get(person.get_absolute_url()).content.decode()
    assert ("ali.hidden@example.test" in html) is shown


def test_people_who_share_a_name_keep_their_place_across_pages(client, officer):
    from partnerships.models import Person
    from partnerships.tests.factories import PersonFactory

    people = PersonFactory.create_batch(60, name="Sam Smith")
    assert Person.objects.for_list().query.order_by == ("name", "pk")
    client.force_login(officer)
    seen, number, pages = [], 1, 1
    while number <= pages:
        page = client.get("/people/", {"page": number}).context["page"]
        seen += [p.pk for p in page.object_list]
        pages, number = page.paginator.num_pages, number + 1
    assert pages > 1
    assert seen == sorted(p.pk for p in people)


def test_a_date_that_does_not_exist_is_explained_and_linked_to_its_day_box(client, officer, board):
    membership = MembershipFactory(group=board, start=datetime.date(2025, 1, 1))
    client.force_login(officer)
    data = {"role": "member", "voting": "on", "start_0": "31", "start_1": "2", "start_2": "2025"}
    html = client.post(f"/memberships/{membership.pk}/edit/", data).content.decode()
    assert '<a href="#id_start_0">Start date must be a real date, for example 27 3 2026</a>' in html
    assert "out of range" not in html
    assert 'id="id_start_0"' in html
