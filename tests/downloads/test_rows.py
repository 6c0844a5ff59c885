"""Every list and table downloads as CSV and XLSX with exactly the rows its page
shows: its filters applied, every page of it."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from config.spreadsheets import unquote
from tests.downloads.reading import (
    as_text,
    find_table,
    page_tables,
    read_csv,
    read_xlsx,
    with_query,
)
from tests.downloads.world import more_findings, more_grants, more_groups, more_people, more_reviews


@dataclass
class Case:
    id: str
    url: object  # world -> the page's URL, with a filter where the page has filters
    caption: str  # the start of the table's caption on the page
    key: str  # the column whose values identify the rows, on the page and in the file
    table: str = ""  # the `table=` of the download; the context key when the page has several
    grow: object = None  # world -> None: enough rows for several pages
    show: object = str  # the file's key value as the page writes it


def _date(text):
    return f"{datetime.date.fromisoformat(text):%-d %B %Y}"


CASES = [
    Case(
        "partnerships",
        lambda w: "/partnerships/?kind=community_safety_partnership",
        "Partnerships in the register",
        "Partnership",
    ),
    Case(
        "groups",
        lambda w: "/groups/?kind=task_and_finish",
        "Groups in the register",
        "Group",
        grow=more_groups,
    ),
    Case(
        "organisations",
        lambda w: "/organisations/?kind=police",
        "Organisations in the register",
        "Organisation",
    ),
    Case(
        "people",
        lambda w: f"/people/?organisation={w.police.pk}",
        "People in the register",
        "Name",
        grow=more_people,
    ),
    Case(
        "partnership-authorities",
        lambda w: w.partnership.get_absolute_url(),
        "Each kind of responsible authority",
        "Responsible authority",
        "composition",
    ),
    Case(
        "partnership-members",
        lambda w: w.partnership.get_absolute_url(),
        "Member organisations",
        "Organisation",
        "members",
    ),
    Case(
        "partnership-groups",
        lambda w: w.partnership.get_absolute_url(),
        "Groups",
        "Group",
        "groups",
    ),
    Case(
        "terms-of-reference",
        lambda w: f"/partnerships/{w.partnership.pk}/terms-of-reference/",
        "Groups and their Terms of Reference",
        "Group",
    ),
    Case(
        "load-overlaps",
        lambda w: f"/partnerships/{w.partnership.pk}/load/?threshold=40",
        "Candidates to merge",
        "Group",
        "overlaps",
    ),
    Case(
        "load-people",
        lambda w: f"/partnerships/{w.partnership.pk}/load/",
        "People, busiest first",
        "Person",
        "people",
    ),
    Case(
        "load-organisations",
        lambda w: f"/partnerships/{w.partnership.pk}/load/",
        "Seats by organisation",
        "Organisation",
        "organisations",
    ),
    Case("group-members", lambda w: w.board.get_absolute_url(), "Members", "Name", "members"),
    Case(
        "group-history",
        lambda w: w.board.get_absolute_url(),
        "Latest changes to this group",
        "Who",
        "history",
    ),
    Case("organisation-seats", lambda w: w.police.get_absolute_url(), "Seats it fills", "Group"),
    Case("person-groups", lambda w: w.people[0].get_absolute_url(), "Groups", "Group"),
    Case(
        "strategy-priorities",
        lambda w: f"/partnerships/{w.partnership.pk}/strategy/",
        "Priorities of",
        "Priority",
        "priorities",
    ),
    Case("priority-milestones", lambda w: w.violence.get_absolute_url(), "Milestones", "What"),
    Case(
        "indicator-values",
        lambda w: w.indicator.get_absolute_url(),
        "The figures in the chart",
        "Period",
        "values",
    ),
    Case("indicator-areas", lambda w: w.indicator.get_absolute_url(), "By area", "Area", "areas"),
    Case(
        "tracker", lambda w: reverse("meetings:tracker", args=[w.board.pk]), "Actions", "No."
    ),
    Case(
        "person-actions",
        lambda w: reverse("meetings:person_actions", args=[w.people[0].pk]),
        "Across all groups",
        "No.",
    ),
    Case(
        "attendance-by-member",
        lambda w: reverse("meetings:group_meetings", args=[w.board.pk]),
        "By member",
        "Member",
        "members",
    ),
    Case(
        "attendance-by-organisation",
        lambda w: reverse("meetings:group_meetings", args=[w.board.pk]),
        "By organisation",
        "Organisation",
        "organisations",
    ),
    Case(
        "attendance-by-seniority",
        lambda w: reverse("meetings:group_meetings", args=[w.board.pk]),
        "Seniority of who came",
        "Seniority",
        "seniority",
    ),
    Case(
        "past-meetings",
        lambda w: reverse("meetings:group_meetings", args=[w.board.pk]),
        "Past and cancelled meetings",
        "Date",
        "past",
        show=_date,
    ),
    Case(
        "meeting-attendance",
        lambda w: w.meeting.get_absolute_url(),
        "Attendance of members",
        "Member",
    ),
    Case("budgets", lambda w: "/funding/?year=2025/26", "Budgets", "Partnership", "budgets"),
    Case("funding-streams", lambda w: "/funding/", "Funding streams", "Stream", "streams"),
    Case(
        "grants",
        lambda w: f"/funding/grants/?partnership={w.partnership.pk}",
        "Grants",
        "Project",
        grow=more_grants,
    ),
    Case(
        "allocations",
        lambda w: w.budget.get_absolute_url(),
        "Allocations from",
        "Recipient",
        "allocations",
    ),
    Case(
        "formula-values",
        lambda w: w.formula.get_absolute_url(),
        "Indicator values by area",
        "Indicator",
        "values",
    ),
    Case(
        "formula-split", lambda w: w.formula.get_absolute_url() + "?pot=1000", "£", "Area", "split"
    ),
    Case(
        "monitoring-returns",
        lambda w: w.grant.get_absolute_url(),
        "Monitoring returns",
        "Period ending",
        show=_date,
    ),
    Case(
        "reviews",
        lambda w: f"/scrutiny/reviews/?partnership={w.partnership.pk}",
        "Scrutiny reviews",
        "Review",
        grow=more_reviews,
    ),
    Case(
        "review-members",
        lambda w: w.review.get_absolute_url(),
        "Members of the review",
        "Name",
        "members",
    ),
    Case(
        "key-issues", lambda w: w.review.get_absolute_url(), "Key issues", "Key issue", "findings"
    ),
    Case(
        "review-history", lambda w: w.review.get_absolute_url(), "Latest changes", "What", "history"
    ),
    Case(
        "health",
        lambda w: f"/health/?partnership={w.partnership.pk}",
        "Findings",
        "Record",
        grow=more_findings,
    ),
    Case(
        "dashboard-findings",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Findings by severity",
        "Severity",
        "findings",
    ),
    Case(
        "dashboard-follow-ups",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Scrutiny recommendations",
        "Response",
        "follow_ups",
    ),
    Case(
        "dashboard-attendance",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "By organisation",
        "Organisation",
        "attendance",
    ),
    Case(
        "dashboard-seniority",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Who came, by seniority",
        "Seniority",
        "seniority",
    ),
    Case(
        "dashboard-overdue",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Overdue actions",
        "Action",
        "overdue",
    ),
    Case(
        "dashboard-priorities",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Priorities of the plans running now",
        "Priority",
        "priorities",
    ),
    Case(
        "dashboard-indicators",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Each indicator's latest value",
        "Indicator",
        "indicators",
    ),
    Case(
        "dashboard-funding",
        lambda w: f"/partnerships/{w.partnership.pk}/dashboard/",
        "Grants by priority served",
        "Priority",
        "funding",
    ),
]


def _page_table(response, case):
    context = response.context
    return context["tables"][case.table] if case.table and "tables" in context else context["table"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_download_has_the_rows_its_page_shows(client, world, case):
    if case.grow:
        case.grow(world)
    client.force_login(world.officer)
    url = case.url(world)
    response, tables = page_tables(client, url)
    table = _page_table(response, case)
    found = find_table(tables, case.caption)
    page_rows = [row for t in found for row in t["rows"]]
    headers = found[0]["headers"]
    # The page's header row is the declaration's, so the two cannot drift apart.
    assert [h for h in headers if h] == table.page_headers
    pages = 1
    while 'rel="next"' in response.content.decode():
        pages += 1
        response, tables = page_tables(client, with_query(url, page=pages))
        page_rows += find_table(tables, case.caption)[0]["rows"]
    if case.grow:
        assert pages > 1, "the list should run to more than one page"
    column = headers.index(case.key)
    on_page = [link or text for text, link in (row[column] for row in page_rows)]
    assert on_page, "the page should show rows"

    wanted = {"table": table.name}
    header, rows = read_csv(client.get(with_query(url, format="csv", **wanted)))
    assert header == [c.download_header for c in table.columns]
    in_csv = [case.show(unquote(row[header.index(case.key)])) for row in rows]
    header, rows = read_xlsx(client.get(with_query(url, format="xlsx", **wanted)))
    in_xlsx = [case.show(unquote(as_text(row[header.index(case.key)]))) for row in rows]
    assert in_csv == in_xlsx == on_page


def test_the_lists_shown_as_bullets_download_their_items(client, world):
    client.force_login(world.officer)
    strategy = f"/partnerships/{world.partnership.pk}/strategy/"
    header, rows = read_csv(client.get(strategy + "?format=csv&table=indicators"))
    assert [r[0] for r in rows] == ["Burglary", "Violence with injury"]
    header, rows = read_csv(
        client.get(world.budget.get_absolute_url() + "?format=csv&table=grants")
    )
    assert [r[0] for r in rows] == ["Street pastors"]
    dashboard = f"/partnerships/{world.partnership.pk}/dashboard/"
    header, rows = read_csv(
        client.get(dashboard + "?format=csv&table=projects-without-an-evaluation")
    )
    assert [r[0] for r in rows] == ["Street pastors"]
    assert rows[0][header.index("Evaluation")] == "Overdue"


def test_a_reviews_recommendations_download_as_its_page_lists_them(client, world):
    client.force_login(world.officer)
    url = world.review.get_absolute_url()
    html = client.get(url).content.decode()
    cards = re.findall(r'<h3 class="govuk-summary-card__title">Recommendation (\w+)', html)
    header, rows = read_csv(client.get(url + "?format=csv&table=recommendations"))
    assert [r[0] for r in rows] == cards == ["a", "b"]
    assert rows[1][header.index("Response")] == "Accepted"
