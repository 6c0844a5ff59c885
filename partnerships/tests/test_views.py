import pytest

from partnerships.models import Deputy
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
)


def _grow(partnership, board, n):
    """Add n more of everything the pages list."""
    for _i in range(n):
        PartnershipFactory()
        group = GroupFactory(partnership=partnership, reports_to=board)
        seat = MembershipFactory(group=board)
        Deputy.objects.create(seat=seat, person=PersonFactory())
        MembershipFactory(group=group)
        PartnershipMemberFactory(
            partnership=partnership, organisation=OrganisationFactory(kind="police")
        )


def test_it_lists_partnerships(client, officer, partnership):
    client.force_login(officer)
    response = client.get("/partnerships/")
    assert response.status_code == 200
    assert "Northshire Community Safety Partnership" in response.content.decode()


def test_it_shows_a_partnership_with_its_missing_authorities(client, officer, partnership, board):
    PartnershipMemberFactory(
        partnership=partnership,
        organisation=OrganisationFactory(name="Northshire Police", kind="police"),
    )
    client.force_login(officer)
    response = client.get(f"/partnerships/{partnership.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Northshire Police" in html
    assert "Missing: Local authority, Fire and rescue, Health, Probation." in html
    assert "Northshire CSP Board" in html


def test_a_partnerships_groups_are_paged_and_downloaded_whole(client, officer, partnership):
    for n in range(51):
        GroupFactory(partnership=partnership, name=f"Group {n:02}")
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/"
    html = client.get(url).content.decode()
    assert "Showing 1 to 50 of 51" in html
    assert "Group 49" in html and "Group 50" not in html
    assert "all 2 pages" in html
    html = client.get(url, {"page": 2}).content.decode()
    assert "Group 50" in html and "Group 49" not in html
    download = client.get(url, {"format": "csv", "table": "groups"})
    assert download.status_code == 200
    assert download.content.decode().count("Group ") == 51


def test_it_shows_a_group_with_members_and_reporting_lines(client, scrutiny_member, board):
    MembershipFactory(group=board, person__name="Alex Inspector", role="vice_chair")
    sub = GroupFactory(partnership=board.partnership, name="ASB sub-group", reports_to=board)
    client.force_login(scrutiny_member)
    response = client.get(f"/groups/{board.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alex Inspector" in html and "Vice-chair" in html
    assert "ASB sub-group" in html
    assert "The partnership (its governing board)" in html
    html = client.get(f"/groups/{sub.pk}/").content.decode()
    assert "Reports to no one" not in html
    loose = GroupFactory(partnership=board.partnership, name="Loose end", kind="forum")
    html = client.get(f"/groups/{loose.pk}/").content.decode()
    assert "Reports to no one" in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Every page: session, user (the session is saved at most once a minute).
        # + the count for the pager, partnerships with their counts
        ("/partnerships/", 4),
        # + partnership, its members, the officer's partnership ids, the count of its
        # groups for the pager and their page, its links to other boards, where its
        # facts come from (a demo record's source)
        ("/partnerships/{p}/", 9),
        # + group, its memberships and their deputies, the groups reporting to it, the
        #   officer's partnership ids, its change history, its seats' (the latest
        #   changes, then the versions before them)
        ("/groups/{g}/", 10),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, officer, partnership, board, django_assert_num_queries, url, queries
):
    client.force_login(officer)
    url = url.format(p=partnership.pk, g=board.pk)
    _grow(partnership, board, 1)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(partnership, board, 12)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
