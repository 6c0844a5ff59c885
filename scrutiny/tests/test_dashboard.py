import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.tests.factories import GrantFactory
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.tests.factories import GroupFactory, MembershipFactory, PersonFactory
from scrutiny.models import DrawnDashboard, FindingCount, HealthFinding, Recommendation, Review
from strategy.tests.factories import RiskFactory

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """Today is TODAY for the pages (dates matter: overdue, due soon)."""
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)


@pytest.fixture
def review(partnership):
    review = Review.objects.create(
        title="Community safety task group",
        committee="Overview and Scrutiny",
        started=datetime.date(2025, 9, 1),
        reported=datetime.date(2026, 1, 10),
        status=Review.Status.MONITORING,
    )
    review.partnerships.add(partnership)
    return review


def _recommendation(review, partnership, **fields):
    data = {
        "reference": "a",
        "text": "The partnership should publish its action tracker.",
        "addressed_to_partnership": partnership,
        "response": Recommendation.Response.ACCEPTED,
        "response_date": datetime.date(2026, 2, 1),
    }
    data.update(fields)
    return Recommendation.objects.create(review=review, **data)


def test_it_shows_a_follow_up_once_it_is_due(
    client, scrutiny_member, partnership, review, recompute_findings
):
    later = _recommendation(review, partnership, follow_up_due=datetime.date(2026, 12, 1))
    client.force_login(scrutiny_member)
    url = reverse("scrutiny:dashboard", args=[partnership.pk])
    html = client.get(url).content.decode()
    assert "publish its action tracker" not in html
    assert "No recommendation follow-up is due in the next 60 days." in html
    later.follow_up_due = datetime.date(2026, 6, 1)
    later.save()
    recompute_findings()
    html = client.get(url).content.decode()
    assert "publish its action tracker" in html and "Overdue" in html
    assert "Recommendation follow-ups overdue: 1" in html


def test_it_leaves_out_rejected_and_implemented_recommendations(
    client, scrutiny_member, partnership, review
):
    _recommendation(
        review,
        partnership,
        reference="a",
        follow_up_due=TODAY,
        text="Rejected one",
        response=Recommendation.Response.REJECTED,
    )
    _recommendation(
        review,
        partnership,
        reference="b",
        follow_up_due=TODAY,
        text="Done one",
        implementation=Recommendation.Implementation.IMPLEMENTED,
    )
    client.force_login(scrutiny_member)
    html = client.get(reverse("scrutiny:dashboard", args=[partnership.pk])).content.decode()
    assert "Rejected one" not in html and "Done one" not in html


def test_it_never_shows_a_scrutiny_member_an_action_on_an_exempt_item(
    client, scrutiny_member, officer, board, recompute_findings
):
    meeting = MeetingFactory(group=board, date=datetime.date(2026, 5, 1), status="held")
    secret = AgendaItemFactory(meeting=meeting, title="Named case", exempt=True, exempt_paragraph=1)
    ActionFactory(
        group=board,
        item=secret,
        description="Visit the named family",
        due=datetime.date(2026, 6, 1),
    )
    ActionFactory(group=board, description="Publish the plan", due=datetime.date(2026, 6, 1))
    recompute_findings()
    url = reverse("scrutiny:dashboard", args=[board.partnership_id])
    client.force_login(scrutiny_member)
    html = client.get(url).content.decode()
    assert "Publish the plan" in html and "Visit the named family" not in html
    findings = client.get(reverse("scrutiny:health")).content.decode()
    assert "Publish the plan" in findings and "Visit the named family" not in findings
    client.force_login(officer)
    assert "Visit the named family" in client.get(url).content.decode()
    assert "Visit the named family" in client.get(reverse("scrutiny:health")).content.decode()


def test_it_counts_attendance_by_organisation_across_the_partnerships_groups(
    client, scrutiny_member, board
):
    meeting = MeetingFactory(group=board, date=datetime.date(2026, 5, 1), status="held")
    present = AttendanceFactory(meeting=meeting, status="present")
    AttendanceFactory(meeting=meeting, status="apologies")
    client.force_login(scrutiny_member)
    html = client.get(reverse("scrutiny:dashboard", args=[board.partnership_id])).content.decode()
    assert "1 meeting held" in html
    assert (present.on_behalf_of or present.person.organisation).name in html


@pytest.mark.parametrize(
    "persona, status",
    [("officer", 200), ("chair", 200), ("scrutiny_member", 200), ("outsider", 403)],
)
def test_it_is_for_readers_only(client, request, partnership, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("scrutiny:dashboard", args=[partnership.pk])).status_code == status
    assert client.get(reverse("scrutiny:health")).status_code == status


def test_it_filters_the_findings_list(client, officer, partnership, board, recompute_findings):
    ActionFactory(group=board, description="Overdue one", due=datetime.date(2026, 1, 1), owner=None)
    recompute_findings()
    client.force_login(officer)
    url = reverse("scrutiny:health")
    html = client.get(
        url, {"partnership": partnership.pk, "check": "action_no_owner"}
    ).content.decode()
    assert "Actions with no owner" in html and "Overdue one" in html
    html = client.get(
        url, {"partnership": partnership.pk, "severity": "low", "check": "action_no_owner"}
    ).content.decode()
    assert "No finding matches these filters" in html


def _grow(partnership, board, review, n, start=0):
    for i in range(start, start + n):
        group = GroupFactory(partnership=partnership, reports_to=board)
        person = PersonFactory()
        MembershipFactory(group=group, person=person)
        meeting = MeetingFactory(
            group=group, date=datetime.date(2026, 3, 1 + i % 28), status="held"
        )
        AttendanceFactory(meeting=meeting, person=person, status="present")
        ActionFactory(group=group, due=datetime.date(2026, 1, 1))
        GrantFactory(partnership=partnership, evaluation_due=datetime.date(2026, 1, 1))
        _recommendation(
            review, partnership, reference=f"r{i}", follow_up_due=datetime.date(2026, 5, 1)
        )
        RiskFactory(partnership=partnership, group=group, residual_impact=1 + i % 5)


def test_it_runs_the_same_number_of_queries_however_many_rows(
    client,
    scrutiny_member,
    partnership,
    board,
    review,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    _grow(partnership, board, review, 2)
    ActionFactory(group=board, due=datetime.date(2026, 1, 1))
    url = reverse("scrutiny:dashboard", args=[partnership.pk])
    client.force_login(scrutiny_member)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DrawnDashboard.objects.outrun([partnership.pk])  # the page is drawn again
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    _grow(partnership, board, review, 8, start=2)  # which outruns the drawing too
    # Drawn: the kept findings, the structure chart, attendance, overdue actions,
    # priorities, indicators (3), the open risks, funding (3) and follow-ups: the same
    # count at any size.
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(60):
        assert client.get(url).status_code == 200


def test_it_shows_the_weekly_trend_and_what_is_new_since_the_board_met(
    client, scrutiny_member, partnership, board, recompute_findings
):
    MeetingFactory(group=board, date=datetime.date(2026, 5, 1), status="held")
    ActionFactory(group=board, description="Overdue one", due=datetime.date(2026, 1, 1), owner=None)
    recompute_findings()
    for week, counted in ((datetime.date(2026, 6, 1), 7), (datetime.date(2026, 6, 8), 4)):
        FindingCount.objects.create(
            week=week,
            partnership=partnership,
            check_name="action_overdue",
            severity="medium",
            counted=counted,
            answered=0,
        )
    client.force_login(scrutiny_member)
    html = client.get(reverse("scrutiny:dashboard", args=[partnership.pk])).content.decode()
    assert "Is governance getting better?" in html and "<svg" in html
    assert "8 June 2026" in html and ">7<" in html and ">4<" in html
    # Found today (after the board met on 1 May): new since; nothing resolved.
    found = HealthFinding.objects.open().filter(partnership=partnership).count()
    assert f"Since the {board.name} met on 1 May 2026" in html
    assert f"{found} new finding" in html and "0 resolved" in html


HEAT_MAP = 'aria-label="Open risks by residual likelihood and impact"'


def test_it_draws_the_open_risks_on_a_heat_map_with_its_table(
    client, scrutiny_member, partnership, board
):
    RiskFactory(partnership=partnership, residual_likelihood=5, residual_impact=4)
    RiskFactory(partnership=partnership, group=board, residual_likelihood=5, residual_impact=4)
    RiskFactory(partnership=partnership, residual_likelihood=1, residual_impact=2)
    RiskFactory(partnership=partnership, residual_likelihood=5, residual_impact=5, closed_on=TODAY)
    client.force_login(scrutiny_member)
    url = reverse("scrutiny:dashboard", args=[partnership.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    risks = html[html.index('id="risks"') : html.index('id="funding"')]
    assert "3 open risks of the partnership and its groups" in risks
    assert HEAT_MAP in risks and "The figures in the heat map" in risks
    # The closed risk is left out: two in the cell of 5 × 4, one in 1 × 2.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in risks
    assert ">2</text>" in risks and ">1</text>" in risks
    for band, count in (("Very high", 2), ("High", 0), ("Medium", 0), ("Low", 1)):
        assert (
            f'{band}</th><td class="govuk-table__cell govuk-table__cell--numeric">{count}</td>'
            in risks
        )
    assert reverse("strategy:risk_register", args=[partnership.pk]) in risks
    assert "table=risk-heat-map" in risks and "table=open-risks-by-band" in risks

    response = client.get(url, {"format": "csv", "table": "open-risks-by-band"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Band,Open risks",
        "Very high,2",
        "High,0",
        "Medium,0",
        "Low,1",
    ]
    response = client.get(url, {"format": "csv", "table": "risk-heat-map"})
    assert response.status_code == 200
    assert "5 – Almost certain,0,0,0,2,0" in response.content.decode("utf-8-sig")


def test_it_says_when_there_are_no_open_risks_until_one_is_added(
    client, scrutiny_member, partnership
):
    RiskFactory(partnership=partnership, closed_on=TODAY)
    client.force_login(scrutiny_member)
    url = reverse("scrutiny:dashboard", args=[partnership.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No open risks are recorded." in html and HEAT_MAP not in html
    assert reverse("strategy:risk_register", args=[partnership.pk]) in html
    # The kept drawing is outrun by the new risk.
    RiskFactory(partnership=partnership)
    html = client.get(url).content.decode()
    assert "1 open risk of the partnership" in html and HEAT_MAP in html
