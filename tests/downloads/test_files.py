"""A download keeps numbers and dates, quotes any cell a spreadsheet would run as a
formula, is named for its list and the day, and runs the same number of queries
however many rows it has."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.tests.factories import (
    ActionFactory,
)
from partnerships.tests.factories import (
    PersonFactory,
)
from tests.downloads.reading import read_csv, read_xlsx
from tests.downloads.world import more_grants, more_groups, more_people, more_reviews


def test_text_a_spreadsheet_would_run_is_quoted_and_numbers_and_dates_stay_so(client, world):
    client.force_login(world.officer)
    header, rows = read_csv(client.get("/groups/?kind=task_and_finish&format=csv"))
    names = [r[0] for r in rows]
    assert '\'=HYPERLINK("http://evil.example") Panel' in names
    header, rows = read_xlsx(client.get("/groups/?kind=task_and_finish&format=xlsx"))
    cell = next(r[0] for r in rows if "HYPERLINK" in r[0])
    assert cell.startswith("'=")
    assert isinstance(rows[0][header.index("Members")], int)
    header, rows = read_csv(client.get(f"/people/?organisation={world.police.pk}&format=csv"))
    assert "'-2+3 Inspector" in [r[header.index("Job title")] for r in rows]
    tracker = reverse("meetings:tracker", args=[world.board.pk])
    header, rows = read_xlsx(client.get(tracker + "?format=xlsx"))
    descriptions = [r[header.index("Action")] for r in rows]
    assert "'@SUM(1) publish the plan" in descriptions
    due = rows[0][header.index("Due")]
    assert isinstance(due, datetime.datetime) and due.date() == datetime.date(2026, 6, 1)
    header, rows = read_xlsx(client.get("/funding/?format=xlsx&table=budgets"))
    assert header[header.index("Budget (£)")] == "Budget (£)"
    assert {r[header.index("Budget (£)")] for r in rows} == {100000}
    review = world.review.get_absolute_url()
    header, rows = read_csv(client.get(review + "?format=csv&table=key-issues"))
    assert "'=1+1 is a formula" in [r[header.index("Key issue")] for r in rows]


def test_a_download_is_named_for_its_list_and_the_day(client, world):
    client.force_login(world.officer)
    response = client.get("/groups/?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="groups-2026-06-15.csv"'
    response = client.get(f"/partnerships/{world.partnership.pk}/terms-of-reference/?format=xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="terms-of-reference-northshire-community-safety-partnership-'
        '2026-06-15.xlsx"'
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("format=pdf", "There is no download as 'pdf'. Choose csv or xlsx."),
        ("format=", "There is no download as ''. Choose csv or xlsx."),
        ("format=csv&table=nothing", "This page has no table called 'nothing'."),
    ],
)
def test_a_download_that_does_not_exist_is_refused_with_a_message(client, world, query, message):
    client.force_login(world.officer)
    response = client.get(f"/partnerships/{world.partnership.pk}/load/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_links_keep_the_filters_and_leave_out_the_page(client, world):
    more_groups(world)
    client.force_login(world.officer)
    html = client.get("/groups/?kind=task_and_finish&page=2").content.decode()
    assert "Download this list (57 rows, all 2 pages)" in html
    assert 'href="?kind=task_and_finish&amp;format=csv&amp;table=groups"' in html
    assert 'href="?kind=task_and_finish&amp;format=xlsx&amp;table=groups"' in html


@pytest.mark.parametrize(
    "url, grow",
    [
        ("/groups/?format=csv", more_groups),
        ("/people/?format=xlsx", more_people),
        ("/scrutiny/reviews/?format=csv", more_reviews),
        ("/funding/grants/?format=csv", more_grants),
        ("/groups/{g}/actions/?format=csv", None),
    ],
)
def test_a_download_runs_the_same_number_of_queries_however_many_rows(client, world, url, grow):
    url = url.format(g=world.board.pk)
    client.force_login(world.officer)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    if grow:
        grow(world)
    else:
        for n in range(20):
            ActionFactory(group=world.board, owner=PersonFactory(), description=f"More {n}")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
