"""Filters narrow each list; a value that cannot be understood is refused with 400
and a message naming the parameter, one that matches nothing finds an empty page;
pages are bounded."""

import datetime

import pytest
from django.utils import timezone

from api.tests.conftest import list_url
from funding.tests.factories import BudgetFactory, GrantFactory
from meetings.tests.factories import ActionFactory, MeetingFactory
from partnerships.models import Organisation
from partnerships.tests.factories import GroupFactory, OrganisationFactory, PartnershipFactory

TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def reader(client, officer, records):
    client.force_login(officer)
    return client


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _refused(response):
    assert response.status_code == 400, response.content
    return response.json()


def test_meetings_by_date_range_partnership_group_and_status(reader, records):
    elsewhere = GroupFactory(partnership=PartnershipFactory())
    early = MeetingFactory(group=records.board, date=_days(-100))
    later = MeetingFactory(group=elsewhere, date=_days(30), status="scheduled")
    url = list_url("meetings")
    assert _ids(reader.get(url)) == [later.pk, records.meeting.pk, early.pk]
    assert _ids(reader.get(url, {"date_from": _days(-50)})) == [later.pk, records.meeting.pk]
    assert _ids(reader.get(url, {"date_to": _days(-7)})) == [records.meeting.pk, early.pk]
    assert _ids(reader.get(url, {"date_from": _days(-7), "date_to": _days(-7)})) == [
        records.meeting.pk
    ]
    assert _ids(reader.get(url, {"partnership": records.partnership.pk})) == [
        records.meeting.pk,
        early.pk,
    ]
    assert _ids(reader.get(url, {"group": elsewhere.pk})) == [later.pk]
    assert _ids(reader.get(url, {"status": "scheduled"})) == [later.pk]


def test_meeting_filters_that_cannot_be_understood_are_refused(reader, records):
    url = list_url("meetings")
    assert _refused(reader.get(url, {"date_from": "1 April 2025"})) == {
        "date_from": ["Enter a valid date."]
    }
    assert _refused(reader.get(url, {"date_from": "2025-02-30"})) == {
        "date_from": ["Enter a valid date."]
    }
    assert _refused(reader.get(url, {"date_from": "25/12/2024"})) == {
        "date_from": ["Enter a valid date."]
    }
    assert _refused(reader.get(url, {"date_from": "2025-4-1"})) == {
        "date_from": ["Enter a valid date."]
    }
    assert _refused(reader.get(url, {"status": "adjourned"})) == {
        "status": ["Select a valid choice. adjourned is not one of the available choices."]
    }
    assert _refused(reader.get(url, {"group": "the board"})) == {"group": ["Enter a whole number."]}
    for written in (" 7", "7.0", "+7", "7_0"):
        assert _refused(reader.get(url, {"partnership": written})) == {
            "partnership": ["Enter a whole number."]
        }
    assert _refused(reader.get(url, {"group": "0"})) == {
        "group": ["Ensure this value is greater than or equal to 1."]
    }
    assert _refused(reader.get(url, {"group": str(2**63)})) == {
        "group": [f"Ensure this value is less than or equal to {2**63 - 1}."]
    }


def test_filters_that_match_nothing_find_an_empty_page(reader, records):
    url = list_url("meetings")
    assert _ids(reader.get(url, {"partnership": "999999"})) == []
    assert _ids(reader.get(url, {"date_from": "2025-05-01", "date_to": "2025-04-01"})) == []
    assert _ids(reader.get(list_url("people"), {"organisation": "999999"})) == []
    assert _ids(reader.get(list_url("grants"), {"portfolio": "999999"})) == []


def test_an_empty_filter_is_the_same_as_none(reader, records):
    url = list_url("meetings")
    everything = _ids(reader.get(url))
    empty = {"partnership": "", "group": "", "status": "", "date_from": "", "date_to": ""}
    assert _ids(reader.get(url, empty)) == everything
    assert _ids(reader.get(list_url("budgets"), {"year": ""})) == [records.budget.pk]


def test_actions_by_due_dates_status_openness_meeting_and_owner(reader, records):
    done = ActionFactory(
        group=records.board,
        owner=records.member,
        due=_days(-3),
        status="done",
        completed_on=_days(-4),
    )
    url = list_url("actions")
    everything = _ids(reader.get(url))
    assert everything == [records.exempt_action.pk, done.pk, records.open_action.pk]
    assert _ids(reader.get(url, {"due_before": _days(0)})) == [records.exempt_action.pk, done.pk]
    assert _ids(reader.get(url, {"due_after": _days(0)})) == [records.open_action.pk]
    assert _ids(reader.get(url, {"status": "done"})) == [done.pk]
    assert _ids(reader.get(url, {"open": "no"})) == [done.pk]
    assert _ids(reader.get(url, {"open": "yes"})) == [
        records.exempt_action.pk,
        records.open_action.pk,
    ]
    assert _ids(reader.get(url, {"meeting": records.meeting.pk})) == [
        records.exempt_action.pk,
        records.open_action.pk,
    ]
    assert _ids(reader.get(url, {"owner": records.owner.pk})) == [records.exempt_action.pk]
    assert _refused(reader.get(url, {"open": "true"})) == {
        "open": ["Select a valid choice. true is not one of the available choices."]
    }
    assert _ids(reader.get(url, {"due_after": _days(5), "due_before": _days(1)})) == []


def test_a_filter_does_not_let_an_exempt_action_through(client, scrutiny_member, records):
    client.force_login(scrutiny_member)
    url = list_url("actions")
    assert _ids(client.get(url, {"owner": records.owner.pk})) == []
    assert _ids(client.get(url, {"meeting": records.meeting.pk})) == [records.open_action.pk]


def test_money_by_financial_year(reader, records):
    later = BudgetFactory(holder=records.partnership, year=2025)
    grant = GrantFactory(partnership=records.partnership, award_date=datetime.date(2025, 6, 1))
    assert _ids(reader.get(list_url("budgets"), {"year": "2025/26"})) == [later.pk]
    assert _ids(reader.get(list_url("budgets"), {"holder": records.partnership.pk})) == [
        later.pk,
        records.budget.pk,
    ]
    assert _ids(reader.get(list_url("grants"), {"year": "2025/26"})) == [grant.pk]
    assert _ids(reader.get(list_url("allocations"), {"year": "2024/25"})) == [records.allocation.pk]
    assert _refused(reader.get(list_url("budgets"), {"year": "2025"})) == {
        "year": ["'2025' is not a financial year: write it like 2011/12"]
    }
    assert _refused(reader.get(list_url("grants"), {"year": "2025/27"})) == {
        "year": ["'2025/27' is not a financial year: write it like 2011/12"]
    }
    assert _refused(reader.get(list_url("grants"), {"year": "2025-26"})) == {
        "year": ["'2025-26' is not a financial year: write it like 2011/12"]
    }
    for beyond_the_calendar in ("0000/01", "9999/00"):
        assert "year" in _refused(reader.get(list_url("grants"), {"year": beyond_the_calendar}))
    assert _refused(reader.get(list_url("budgets"), {"year": "50%"})) == {
        "year": ["'50%' is not a financial year: write it like 2011/12"]
    }


def test_register_filters_are_the_pages_own(reader, records):
    url = list_url("groups")
    assert _ids(reader.get(url, {"partnership": records.partnership.pk, "kind": "board"})) == [
        records.board.pk
    ]
    assert _refused(reader.get(url, {"has_tor": "maybe"})) == {
        "has_tor": ["Select a valid choice. maybe is not one of the available choices."]
    }
    memberships = _ids(reader.get(list_url("memberships"), {"person": records.member.pk}))
    assert records.membership.pk in memberships
    assert _ids(reader.get(list_url("memberships"), {"current": "no"})) == []


def test_recommendations_by_partnership(reader, records):
    url = list_url("recommendations")
    assert _ids(reader.get(url, {"partnership": records.partnership.pk})) == [
        records.recommendation.pk
    ]
    assert _ids(reader.get(url, {"partnership": PartnershipFactory().pk})) == []


def test_health_findings_by_severity_and_check(reader, records):
    url = list_url("health-findings")
    high = reader.get(url, {"severity": "high"}).json()["results"]
    assert high and {f["severity"] for f in high} == {"high"}
    chosen = {"check": "action_overdue", "partnership": records.partnership.pk}
    overdue = reader.get(url, chosen).json()["results"]
    assert {f["check"] for f in overdue} == {"action_overdue"}
    assert overdue[0]["check_title"] == "Overdue actions"
    assert overdue[0]["url"].startswith("http://testserver/actions/")
    assert _refused(reader.get(url, {"severity": "urgent"})) == {
        "severity": ["Select a valid choice. urgent is not one of the available choices."]
    }
    dissolved = PartnershipFactory(status="dissolved")
    assert reader.get(url, {"partnership": dissolved.pk}).json()["results"] == []
    assert reader.get(url, {"partnership": "999999"}).json()["results"] == []
    assert _refused(reader.get(url, {"partnership": "ours"})) == {
        "partnership": ["Enter a whole number."]
    }


def test_pages_are_bounded_and_ordered(reader, records):
    OrganisationFactory.create_batch(60 - Organisation.objects.count())
    url = list_url("organisations")
    first = reader.get(url).json()
    assert first["count"] == 60
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/organisations/?page=2"
    names = [o["name"] for o in first["results"]]
    assert names == sorted(names)
    second = reader.get(url, {"page": 2}).json()
    assert len(second["results"]) == 10
    assert not {o["id"] for o in second["results"]} & {o["id"] for o in first["results"]}
    assert len(reader.get(url, {"page_size": 100}).json()["results"]) == 60
    small = reader.get(url, {"page_size": 5, "page": 3}).json()
    assert [o["name"] for o in small["results"]] == names[10:15]


@pytest.mark.parametrize("size", ["0", "101", "-1", "ten", "", "+5", " 5", "5.0"])
def test_a_page_size_out_of_bounds_is_refused(reader, records, size):
    assert _refused(reader.get(list_url("meetings"), {"page_size": size})) == {
        "page_size": ["Enter a whole number from 1 to 100."]
    }


@pytest.mark.parametrize("page", ["0", "-1", "first", "last", "", "+1", "1.0"])
def test_a_page_number_that_is_not_a_whole_number_from_1_is_refused(reader, records, page):
    assert _refused(reader.get(list_url("meetings"), {"page": page})) == {
        "page": ["Enter a whole number from 1."]
    }


@pytest.mark.parametrize("page", ["2", "9" * 30])
def test_a_page_past_the_last_is_404(reader, records, page):
    response = reader.get(list_url("meetings"), {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_a_record_that_does_not_exist_is_404(reader, records):
    response = reader.get("/api/v1/meetings/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Meeting matches the given query."}
    assert reader.get("/api/v1/meetings/not-a-number/").status_code == 404


def test_a_detail_ignores_list_filters(reader, records):
    response = reader.get(f"/api/v1/meetings/{records.meeting.pk}/", {"status": "cancelled"})
    assert response.status_code == 200
