"""Every list and table downloads as CSV and XLSX, with exactly the rows its
page shows (its filters applied, every page of it), the same permissions, no
exempt item for those not entitled, no email address for those who may not see
one, and no cell a spreadsheet would run as a formula."""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from config.spreadsheets import unquote
from funding.models import FormulaValue
from funding.tests.factories import (
    AllocationFactory,
    AllocationFormulaFactory,
    BudgetFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
    FundingStreamFactory,
    GrantFactory,
    MonitoringReturnFactory,
)
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
)
from scrutiny.models import Recommendation
from scrutiny.tests.factories import (
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
)
from strategy.models import IndicatorTarget, IndicatorValue
from strategy.tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    PriorityUpdateFactory,
)

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """The personas sign in with force_login: their passwords need no slow hash here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Reading a page's tables and a download's rows ------------------------------------------


class Tables(HTMLParser):
    """Each <table> of a page: its caption, header texts and rows of cells. A cell is
    (its text, the text of its first link); text a screen reader alone hears is left out."""

    def __init__(self):
        super().__init__()
        self.tables, self._hidden = [], []
        self._caption = self._head = False
        self._row = self._cell = self._link = None

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self._hidden.append("govuk-visually-hidden" in (dict(attrs).get("class") or ""))
        elif tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif tag == "caption":
            self._caption = True
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._link = [], None
        elif tag == "a" and self._cell is not None and self._link is None:
            self._link = []

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden.pop()
        elif tag == "caption":
            self._caption = False
        elif tag == "thead":
            self._head = False
        elif tag == "a" and isinstance(self._link, list):
            self._link = _text(self._link)
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(
                (_text(self._cell), self._link if isinstance(self._link, str) else None)
            )
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if self._head:
                table["headers"] = [text for text, _ in self._row]
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not any(self._hidden):
            self._cell.append(data)
            if isinstance(self._link, list):
                self._link.append(data)


def _text(parts):
    return " ".join("".join(parts).split())


def page_tables(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Tables()
    parser.feed(response.content.decode())
    return response, parser.tables


def find_table(tables, caption):
    found = [t for t in tables if " ".join(t["caption"].split()).startswith(caption)]
    assert found, f"no table captioned {caption!r} in {[t['caption'] for t in tables]}"
    return found


def read_csv(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def read_xlsx(response):
    assert response.status_code == 200, response.content[:200]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_text(value):
    """An XLSX cell written as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with(url, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


# The world every list is drawn from ---------------------------------------------------


@pytest.fixture
def world(db, partnership, board, officer, scrutiny_member, chair, admin_user, outsider):
    police = OrganisationFactory(
        name="Northshire Police", kind="police", statutory_responsible_authority=True
    )
    council = OrganisationFactory(name="Northshire Council", kind="local_authority")
    PartnershipMemberFactory(partnership=partnership, organisation=police)
    PartnershipMemberFactory(partnership=partnership, organisation=council, role="partner")
    PartnershipFactory(name="Southshire Community Safety Partnership")
    panel = GroupFactory(
        partnership=partnership,
        name='=HYPERLINK("http://evil.example") Panel',
        kind="task_and_finish",
        reports_to=board,
    )
    hub = GroupFactory(partnership=partnership, name="Hub", kind="task_and_finish")
    people = [
        PersonFactory(
            name=f"Officer {n}",
            organisation=police,
            job_title="-2+3 Inspector" if n == 0 else "Inspector",
            email=f"officer{n}@police.example",
        )
        for n in range(4)
    ]
    PersonFactory(name="Clerk", organisation=council, email="clerk@council.example")
    for person in people:
        MembershipFactory(person=person, group=board)
        MembershipFactory(person=person, group=panel)
    MembershipFactory(person=people[0], group=hub, on_behalf_of=police)
    MembershipFactory(person=people[1], group=hub)

    meeting = MeetingFactory(group=board, date=datetime.date(2026, 5, 1))
    MeetingFactory(
        group=board,
        date=datetime.date(2026, 2, 1),
        status="cancelled",
        cancellation_reason="Not quorate",
    )
    for person, status in zip(people, ["present", "present", "apologies", "absent"], strict=True):
        AttendanceFactory(meeting=meeting, person=person, status=status, on_behalf_of=police)
    item = AgendaItemFactory(meeting=meeting, title="Public item")
    secret = AgendaItemFactory(meeting=meeting, title="Named case", exempt=True, exempt_paragraph=1)
    ActionFactory(
        group=board,
        item=item,
        owner=people[0],
        description="@SUM(1) publish the plan",
        due=datetime.date(2026, 6, 1),
    )
    ActionFactory(
        group=board, owner=people[0], description="Book the venue", due=datetime.date(2026, 6, 20)
    )
    ActionFactory(group=board, owner=people[1], description="Write the report", due=None)
    ActionFactory(
        group=board,
        item=secret,
        owner=people[0],
        description="Visit the named family",
        due=datetime.date(2026, 6, 1),
    )
    ActionFactory(
        group=board,
        owner=people[2],
        description="Done already",
        status="done",
        completed_on=datetime.date(2026, 5, 2),
    )

    plan = PlanFactory(
        partnership=partnership,
        title="Community Safety Plan",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )
    violence = PriorityFactory(
        plan=plan, title="Reduce serious violence", lead_person=people[0], position=1
    )
    PriorityFactory(plan=plan, title="Tackle anti-social behaviour", position=2)
    MilestoneFactory(
        priority=violence, what="Agree the strategy", who="Board", due=datetime.date(2026, 7, 1)
    )
    MilestoneFactory(priority=violence, what="Publish it", due=datetime.date(2026, 9, 1))
    PriorityUpdateFactory(priority=violence, period_end=datetime.date(2026, 6, 30), rag="amber")
    indicator = IndicatorFactory(
        partnership=partnership, name="Violence with injury", direction="lower", unit=""
    )
    indicator.priorities.add(violence)
    IndicatorFactory(partnership=partnership, name="Burglary", direction="lower", unit="")
    for period, value, target in (("2024/25", 140, 125), ("2025/26", 120, 125)):
        IndicatorValue.objects.create_for_period(period, indicator=indicator, value=value)
        IndicatorValue.objects.create_for_period(
            period, indicator=indicator, value=value / 2, area="North"
        )
        IndicatorTarget.objects.create_for_period(period, indicator=indicator, value=target)

    stream = FundingStreamFactory(name="Community Safety Fund", funder=council)
    budget = BudgetFactory(holder=partnership, stream=stream, year=2025)
    BudgetFactory(holder=PartnershipFactory(name="Elsewhere"), year=2025)
    AllocationFactory(budget=budget, recipient_name="Youth service", amount=20_000_00)
    AllocationFactory(budget=budget, recipient_name="Night-time economy", amount=5_000_00)
    grant = GrantFactory(
        partnership=partnership,
        budget=budget,
        title="Street pastors",
        award_date=datetime.date(2025, 5, 1),
        planned_start=datetime.date(2025, 5, 1),
        planned_end=datetime.date(2026, 4, 30),
        evaluation_due=datetime.date(2026, 5, 31),
    )
    MonitoringReturnFactory(
        grant=grant, period_end=datetime.date(2025, 7, 31), received=datetime.date(2025, 8, 10)
    )
    GrantFactory(
        partnership=partnership, title="Target hardening", award_date=datetime.date(2025, 6, 1)
    )
    GrantFactory(title="Someone else's project", award_date=datetime.date(2025, 6, 1))
    formula = AllocationFormulaFactory(holder=partnership, year=2025)
    areas = [FormulaAreaFactory(formula=formula, recipient_name=n) for n in ("North", "South")]
    for n, name in enumerate(("Population", "Crime")):
        ind = FormulaIndicatorFactory(formula=formula, name=name)
        for m, area in enumerate(areas):
            FormulaValue.objects.create(indicator=ind, area=area, value=10 + n + m)

    review = ReviewFactory(partnerships=[partnership], title="Night-time economy review")
    ReviewFactory(partnerships=[PartnershipFactory()], title="Elsewhere review")
    ReviewMemberFactory(review=review, name="Cllr Ada")
    ReviewMemberFactory(review=review, name="Cllr Bea", role="chair")
    FindingFactory(review=review, text="Trackers are not kept up to date", position=1)
    FindingFactory(review=review, text="=1+1 is a formula", position=2)
    recommendation = RecommendationFactory(
        review=review,
        reference="a",
        text="Publish the tracker",
        follow_up_due=datetime.date(2026, 7, 1),
    )
    recommendation.actions.add(
        *board.actions.filter(description__in=["Visit the named family", "Book the venue"])
    )
    RecommendationFactory(
        review=review,
        reference="b",
        text="Meet quarterly",
        response=Recommendation.Response.ACCEPTED,
        response_date=datetime.date(2026, 5, 1),
    )
    return SimpleNamespace(
        partnership=partnership,
        board=board,
        panel=panel,
        police=police,
        people=people,
        meeting=meeting,
        plan=plan,
        violence=violence,
        indicator=indicator,
        budget=budget,
        grant=grant,
        formula=formula,
        review=review,
        officer=officer,
        scrutiny_member=scrutiny_member,
        chair=chair,
        admin=admin_user,
        outsider=outsider,
    )


def _more_groups(w):
    for n in range(55):
        GroupFactory(partnership=w.partnership, name=f"Panel {n:02}", kind="task_and_finish")


def _more_people(w):
    for n in range(55):
        PersonFactory(name=f"Constable {n:02}", organisation=w.police)


def _more_reviews(w):
    for n in range(27):
        ReviewFactory(partnerships=[w.partnership], title=f"Review {n:02}")


def _more_grants(w):
    for n in range(52):
        GrantFactory(partnership=w.partnership, title=f"Grant {n:02}")


def _more_findings(w):
    for n in range(52):
        GroupFactory(partnership=w.partnership, name=f"Loose group {n:02}", kind="sub_group")


# Every list and table ---------------------------------------------------------------------


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
    return f"{datetime.date.fromisoformat(text):%-d %b %Y}"


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
        grow=_more_groups,
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
        grow=_more_people,
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
        "tracker", lambda w: reverse("meetings:tracker", args=[w.board.pk]), "Open actions", "No."
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
        grow=_more_grants,
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
        grow=_more_reviews,
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
        grow=_more_findings,
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
        response, tables = page_tables(client, _with(url, page=pages))
        page_rows += find_table(tables, case.caption)[0]["rows"]
    if case.grow:
        assert pages > 1, "the list should run to more than one page"
    column = headers.index(case.key)
    on_page = [link or text for text, link in (row[column] for row in page_rows)]
    assert on_page, "the page should show rows"

    wanted = {"table": table.name}
    header, rows = read_csv(client.get(_with(url, format="csv", **wanted)))
    assert header == [c.download_header for c in table.columns]
    in_csv = [case.show(unquote(row[header.index(case.key)])) for row in rows]
    header, rows = read_xlsx(client.get(_with(url, format="xlsx", **wanted)))
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


# Numbers, dates and formula injection ---------------------------------------------------


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
    _more_groups(world)
    client.force_login(world.officer)
    html = client.get("/groups/?kind=task_and_finish&page=2").content.decode()
    assert "Download this list (57 rows, all 2 pages)" in html
    assert 'href="?kind=task_and_finish&amp;format=csv&amp;table=groups"' in html
    assert 'href="?kind=task_and_finish&amp;format=xlsx&amp;table=groups"' in html


# Permissions, exempt items and email addresses ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/partnerships/?format=csv",
        "/groups/?format=csv",
        "/organisations/?format=xlsx",
        "/people/?format=csv",
        "/funding/?format=csv",
        "/funding/grants/?format=csv",
        "/scrutiny/reviews/?format=csv",
        "/health/?format=csv",
        "/partnerships/{p}/dashboard/?format=csv",
        "/partnerships/{p}/terms-of-reference/?format=csv",
        "/groups/{g}/actions/?format=csv",
        "/groups/{g}/meetings/?format=csv",
        "/people/{person}/actions/?format=csv",
    ],
)
def test_whoever_may_not_see_the_page_may_not_download_it(client, world, url):
    url = url.format(p=world.partnership.pk, g=world.board.pk, person=world.people[0].pk)
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(world.outsider)
    assert client.get(url).status_code == 403


def _in_csv(response, text):
    assert response.status_code == 200
    return text in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    [
        "/groups/{g}/actions/?format=csv",
        "/people/{person}/actions/?format=csv",
        "/partnerships/{p}/dashboard/?format=csv&table=overdue-actions",
        "/health/?partnership={p}&format=csv",
        "/scrutiny/reviews/{r}/?format=csv&table=recommendations",
    ],
)
def test_exempt_items_are_only_in_the_downloads_of_those_entitled(client, world, url):
    url = url.format(
        p=world.partnership.pk, g=world.board.pk, person=world.people[0].pk, r=world.review.pk
    )
    client.force_login(world.scrutiny_member)
    assert not _in_csv(client.get(url), "Visit the named family")
    client.force_login(world.officer)
    assert _in_csv(client.get(url), "Visit the named family")


@pytest.mark.parametrize(
    "persona, shown",
    [("officer", True), ("admin", True), ("scrutiny_member", False), ("chair", False)],
)
def test_email_addresses_are_only_for_those_who_may_see_contact_details(
    client, world, persona, shown
):
    client.force_login(getattr(world, persona))
    url = f"/people/?organisation={world.police.pk}"
    for fmt in ("csv", "xlsx"):
        response = client.get(_with(url, format=fmt))
        header, rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        assert ("Email" in header) is shown
        emails = {r[header.index("Email")] for r in rows} if shown else set()
        assert ("officer1@police.example" in emails) is shown
    assert (b"officer1@police.example" in client.get(_with(url, format="csv")).content) is shown
    assert ("officer1@police.example" in client.get(url).content.decode()) is shown
    # Nor does a search by address tell anyone else whose it is.
    found = client.get("/people/?q=officer1@police&format=csv").content.decode("utf-8-sig")
    assert ("Officer 1" in found) is shown


# The queries of a download do not grow with its rows --------------------------------------


@pytest.mark.parametrize(
    "url, grow",
    [
        ("/groups/?format=csv", _more_groups),
        ("/people/?format=xlsx", _more_people),
        ("/scrutiny/reviews/?format=csv", _more_reviews),
        ("/funding/grants/?format=csv", _more_grants),
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
