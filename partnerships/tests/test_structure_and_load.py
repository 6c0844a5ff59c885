import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.structure_chart import structure_chart
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
)


def test_it_draws_the_structure_with_reporting_lines_and_loose_ends(partnership, board):
    sub = GroupFactory(partnership=partnership, name="ASB <sub-group>", reports_to=board)
    loose = GroupFactory(partnership=partnership, name="Forgotten forum", kind="forum")
    county = PartnershipFactory(name="County Board")
    partnership.reports_to = county
    partnership.save()
    child = PartnershipFactory(name="District CSP", reports_to=partnership)
    chart = structure_chart(partnership)
    svg = str(chart["svg"])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "ASB &lt;sub-group&gt;" in svg and "<sub-group>" not in svg
    assert "Forgotten forum" in svg and 'stroke="#d4351c"' in svg
    assert [n.label for n in chart["loose"]] == ["Forgotten forum"]
    [root] = chart["roots"]
    assert root.label == "County Board"
    [top] = root.children
    assert {n.label for n in top.children} == {"District CSP", "Northshire CSP Board"}
    board_node = next(n for n in top.children if n.label == "Northshire CSP Board")
    assert [n.label for n in board_node.children] == [sub.name]
    assert child.name in svg and loose.name in svg


def test_the_structure_page_has_the_chart_and_the_list(client, scrutiny_member, partnership, board):
    GroupFactory(partnership=partnership, name="Forgotten forum", kind="forum")
    client.force_login(scrutiny_member)
    response = client.get(f"/partnerships/{partnership.pk}/structure/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "The same structure as a list" in html
    assert "1 group reports to no one" in html


def test_the_tor_register_shows_missing_and_overdue_first(
    client, officer, partnership, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    GroupFactory(
        partnership=partnership,
        name="Current one",
        tor_approved=datetime.date(2026, 1, 1),
        tor_review_due=datetime.date(2099, 1, 1),
        tor_file=SimpleUploadedFile("t.pdf", b"%PDF-1"),
    )
    GroupFactory(
        partnership=partnership,
        name="Overdue one",
        tor_approved=datetime.date(2020, 1, 1),
        tor_review_due=datetime.date(2021, 1, 1),
    )
    client.force_login(officer)
    html = client.get(f"/partnerships/{partnership.pk}/terms-of-reference/").content.decode()
    assert "1 missing, 1 overdue for review, 1 current" in html
    assert (
        html.index("Northshire CSP Board") < html.index("Overdue one") < html.index("Current one")
    )
    assert "Download<span" in html


def test_the_load_page_finds_busy_people_and_groups_to_merge(client, officer, partnership, board):
    a = GroupFactory(partnership=partnership, name="Gangs group", meets="monthly")
    b = GroupFactory(partnership=partnership, name="County lines group", meets="monthly")
    people = PersonFactory.create_batch(4)
    for person in people:
        MembershipFactory(group=a, person=person)
    for person in people[:3]:
        MembershipFactory(group=b, person=person)
    MembershipFactory(group=board, person=people[0])
    MembershipFactory.create_batch(3, group=board)  # a board with its own members
    client.force_login(officer)
    html = client.get(f"/partnerships/{partnership.pk}/load/").content.decode()
    assert "Candidates to merge: 1 pair at 50% or more" in html
    assert "3 of 4: 75%" in html  # 3 sit on both, of 4 people on either
    assert ">100%<" in html  # all 3 of the smaller group sit on the other
    # the busiest person: 3 groups, 12 + 12 + 4 meetings a year
    assert f'{people[0].name}</a></td><td class="govuk-table__cell">3:' in html
    assert ">28<" in html
    html = client.get(
        f"/partnerships/{partnership.pk}/load/", {"threshold": "abc"}
    ).content.decode()
    assert "The overlap threshold must be a whole percentage from 1 to 100." in html


def _grow(partnership, board, n):
    for _ in range(n):
        group = GroupFactory(partnership=partnership, reports_to=board)
        MembershipFactory(group=group)
        MembershipFactory(group=board)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Every page: session, user (the session is saved at most once a minute).
        # + the count for the pager, the rows; a filter that offers a choice of
        #   partnerships or organisations lists them
        ("/groups/", 5),
        ("/organisations/", 4),
        ("/people/", 5),
        # The partnership's pages, with its menu: + the officer's partnerships (is the
        # domestic homicide review register theirs to see?)
        # + partnership, its groups, partnerships reporting to it, the one it reports to,
        #   its links with other boards
        ("/partnerships/{p}/structure/", 8),
        # + partnership, its groups
        ("/partnerships/{p}/terms-of-reference/", 5),
        # + partnership, the current memberships of its groups
        ("/partnerships/{p}/load/", 5),
        # + organisation, its seats, its partnership places
        ("/organisations/{o}/", 5),
        # + person, their memberships
        ("/people/{person}/", 4),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, officer, partnership, board, django_assert_num_queries, url, queries
):
    membership = MembershipFactory(group=board)
    client.force_login(officer)
    url = url.format(
        p=partnership.pk, o=membership.person.organisation.pk, person=membership.person.pk
    )
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(partnership, board, 12)
    for m in MembershipFactory.create_batch(5, person=membership.person):
        m.on_behalf_of = membership.person.organisation
        m.save()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_chart_renders_in_a_pdf(partnership, board):
    from weasyprint import HTML

    GroupFactory(partnership=partnership, name="Forgotten forum", kind="forum")
    svg = structure_chart(partnership)["svg"]
    pdf = HTML(string=f"<html><body><h1>Structure</h1>{svg}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 2000
