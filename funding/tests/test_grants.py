"""Grants: the schedule of monitoring returns, evaluations, what open data carries, the demo."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from funding.models import Grant
from funding.tests.factories import GrantFactory, MonitoringReturnFactory

pytestmark = pytest.mark.django_db

day = datetime.date


def _slots(grant, on):
    return [
        (slot["period_end"], slot["due"], slot["state"]) for slot in grant.return_schedule(on=on)
    ]


def test_it_expects_a_return_each_quarter_due_thirty_days_after():
    grant = GrantFactory(planned_start=day(2024, 4, 1), planned_end=day(2025, 3, 31))

    assert _slots(grant, on=day(2024, 4, 1)) == [
        (day(2024, 6, 30), day(2024, 7, 30), "upcoming"),
        (day(2024, 9, 30), day(2024, 10, 30), "upcoming"),
        (day(2024, 12, 31), day(2025, 1, 30), "upcoming"),
        (day(2025, 3, 31), day(2025, 4, 30), "upcoming"),
    ]


def test_it_ends_the_last_period_with_the_grant():
    grant = GrantFactory(
        planned_start=day(2024, 5, 15), planned_end=day(2025, 1, 31), return_days=14
    )

    assert _slots(grant, on=day(2024, 5, 15)) == [
        (day(2024, 8, 14), day(2024, 8, 28), "upcoming"),
        (day(2024, 11, 14), day(2024, 11, 28), "upcoming"),
        (day(2025, 1, 31), day(2025, 2, 14), "upcoming"),
    ]


@pytest.mark.parametrize(
    "every, ends",
    [
        (Grant.ReturnsEvery.MONTHLY, [day(2024, m, d) for m, d in [(4, 30), (5, 31), (6, 30)]]),
        (Grant.ReturnsEvery.HALF_YEARLY, [day(2024, 9, 30), day(2025, 3, 31)]),
        (Grant.ReturnsEvery.YEARLY, [day(2025, 3, 31)]),
    ],
)
def test_it_follows_how_often_returns_are_asked_for(every, ends):
    grant = GrantFactory(returns_every=every)

    assert [slot["period_end"] for slot in grant.return_schedule(on=day(2024, 4, 1))][:3] == ends
    if every == Grant.ReturnsEvery.MONTHLY:
        assert len(list(grant.return_schedule(on=day(2024, 4, 1)))) == 12


def test_it_tells_received_late_missing_and_upcoming_returns_apart():
    grant = GrantFactory(planned_start=day(2024, 4, 1), planned_end=day(2025, 3, 31))
    on_time = MonitoringReturnFactory(
        grant=grant, period_end=day(2024, 6, 30), received=day(2024, 7, 30)
    )
    late = MonitoringReturnFactory(
        grant=grant, period_end=day(2024, 9, 30), received=day(2024, 10, 31)
    )
    grant = Grant.objects.for_list().get(pk=grant.pk)

    schedule = list(grant.return_schedule(on=day(2025, 1, 31)))

    assert [(s["period_end"], s["state"]) for s in schedule] == [
        (day(2024, 6, 30), "received"),
        (day(2024, 9, 30), "late"),
        (day(2024, 12, 31), "missing"),
        (day(2025, 3, 31), "upcoming"),
    ]
    assert [s["received"] for s in schedule] == [on_time, late, None, None]
    assert grant.returns_summary(on=day(2025, 1, 31)) == {
        "received": 1,
        "late": 1,
        "missing": 1,
        "upcoming": 1,
    }


def test_it_counts_a_return_as_missing_only_after_its_due_date():
    grant = GrantFactory(planned_start=day(2024, 4, 1), planned_end=day(2025, 3, 31))

    assert grant.returns_summary(on=day(2024, 7, 30))["missing"] == 0
    assert grant.returns_summary(on=day(2024, 7, 31))["missing"] == 1


def test_it_lists_a_return_for_a_period_outside_the_schedule():
    grant = GrantFactory(planned_start=day(2024, 4, 1), planned_end=day(2025, 3, 31))
    MonitoringReturnFactory(grant=grant, period_end=day(2024, 5, 31), received=day(2024, 6, 5))

    schedule = list(grant.return_schedule(on=day(2024, 6, 5)))

    assert [(s["period_end"], s["state"]) for s in schedule][:2] == [
        (day(2024, 5, 31), "received"),
        (day(2024, 6, 30), "upcoming"),
    ]
    assert len(schedule) == 5


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Grant.Status.PROPOSED},
        {"status": Grant.Status.WITHDRAWN},
        {"returns_every": Grant.ReturnsEvery.NONE},
        {"planned_end": None},
        {"planned_start": None},
    ],
)
def test_it_expects_no_returns_of_a_grant_not_under_way(fields):
    grant = GrantFactory(**fields)

    assert list(grant.return_schedule(on=day(2026, 1, 1))) == []


def test_it_keeps_the_returns_of_a_withdrawn_grant_in_its_schedule():
    grant = GrantFactory(status=Grant.Status.WITHDRAWN)
    MonitoringReturnFactory(grant=grant, period_end=day(2024, 6, 30), received=day(2024, 9, 1))

    assert _slots(grant, on=day(2026, 1, 1)) == [(day(2024, 6, 30), day(2024, 7, 30), "late")]


def test_it_reads_the_schedules_of_a_list_of_grants_in_two_queries(django_assert_num_queries):
    for n in range(5):
        grant = GrantFactory()
        MonitoringReturnFactory(grant=grant, received=day(2024, 7, 1 + n))

    # 1. the grants with their provider, funder, portfolio, partnership and lead
    # 2. their returns
    with django_assert_num_queries(2):
        summaries = [g.returns_summary(on=day(2024, 11, 1)) for g in Grant.objects.for_list()]

    assert summaries == [{"received": 1, "late": 0, "missing": 1, "upcoming": 2}] * 5


def test_it_says_where_the_evaluation_stands():
    on = day(2025, 6, 1)
    assert GrantFactory().evaluation_state(on=on) == ""
    assert GrantFactory(evaluation_due=day(2025, 6, 1)).evaluation_state(on=on) == "due"
    assert GrantFactory(evaluation_due=day(2025, 5, 31)).evaluation_state(on=on) == "overdue"
    assert (
        GrantFactory(
            evaluation_due=day(2025, 5, 31), evaluation_received=day(2025, 6, 1)
        ).evaluation_state(on=on)
        == "received"
    )
    withdrawn = GrantFactory(status=Grant.Status.WITHDRAWN, evaluation_due=day(2025, 5, 31))
    # A withdrawn grant's evaluation is not chased.
    assert withdrawn.evaluation_state(on=on) != "overdue"


def test_it_publishes_only_awarded_grants_with_a_provider_and_award_date():
    active = GrantFactory(status=Grant.Status.ACTIVE)
    completed = GrantFactory(status=Grant.Status.COMPLETED)
    approved = GrantFactory(status=Grant.Status.APPROVED)
    GrantFactory(status=Grant.Status.APPROVED, award_date=None)
    GrantFactory(status=Grant.Status.PROPOSED, provider=None, award_date=None)
    GrantFactory(status=Grant.Status.PROPOSED)
    GrantFactory(status=Grant.Status.WITHDRAWN)

    assert set(Grant.objects.published()) == {active, completed, approved}
    assert active.is_live and not Grant(status=Grant.Status.PROPOSED).is_live


def test_it_finds_the_grants_of_a_financial_year():
    first_day = GrantFactory(award_date=day(2024, 4, 1))
    last_day = GrantFactory(award_date=day(2025, 3, 31))
    planned = GrantFactory(award_date=None, planned_start=day(2024, 6, 1), status="proposed")
    GrantFactory(award_date=day(2024, 3, 31))
    GrantFactory(award_date=day(2025, 4, 1))
    # Awarded the year before: it belongs to that year, whenever it starts.
    GrantFactory(award_date=day(2024, 3, 1), planned_start=day(2024, 4, 1))
    GrantFactory(
        award_date=None, planned_start=day(2025, 4, 1), planned_end=None, status="proposed"
    )

    assert set(Grant.objects.in_year(2024)) == {first_day, last_day, planned}


# The demo --------------------------------------------------------------------


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label == "funding"
    }


def test_it_loads_the_demo_money_twice_without_changing_it(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-accounts")
    first = _counts()

    call_command("load_demo", "--quiet-accounts")

    assert _counts() == first
    assert first["funding.Budget"] == 7
    assert first["funding.Allocation"] == 20
    assert first["funding.Grant"] == 15
    assert first["funding.AllocationFormula"] == 1


def test_the_demo_has_late_and_missing_returns_to_find(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-accounts")
    grants = Grant.objects.for_list().filter(identifier__startswith="360G-swindon-csp-2020-")
    on = day(2023, 1, 1)

    states = {
        (grant.title, slot["period_end"]): slot["state"]
        for grant in grants
        for slot in grant.return_schedule(on=on)
    }

    assert {key for key, state in states.items() if state == "late"} == {
        ("Taxi Marshalls", day(2020, 12, 31)),
        ("Appropriate Adults", day(2020, 9, 30)),
    }
    assert {key for key, state in states.items() if state == "missing"} == {
        ("Appropriate Adults", day(2021, 3, 31)),
        ("Youth Mentoring", day(2020, 12, 31)),
        ("Youth Mentoring", day(2021, 3, 31)),
    }
    # Ten one-year services report four times, the two-year pilot eight times.
    assert len(states) == 48
    assert list(states.values()).count("received") == 43
    evaluations = {g.title: g.evaluation_state(on=on) for g in grants if g.pilot}
    assert evaluations == {
        "Youth Mentoring": "overdue",
        "Youth Outreach Worker for Swindon Domestic Abuse Support Service": "received",
    }
