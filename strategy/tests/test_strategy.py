import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from config.imports import ImportFailed
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import PersonFactory
from strategy.indicator_values import load_indicator_values
from strategy.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
)
from strategy.periods import financial_year, parse_period

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def plan(partnership):
    return Plan.objects.create(
        partnership=partnership,
        title="Community Safety Plan",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )


def test_a_priority_is_flagged_until_it_has_a_lead_a_plan_and_a_recent_update(plan):
    priority = Priority.objects.create(plan=plan, title="Reduce serious violence")
    assert priority.flags(on=TODAY) == [
        "No accountable lead",
        "No delivery plan",
        "No update in the last quarter",
    ]

    priority.lead_person = PersonFactory(name="Superintendent Lead")
    priority.save()
    Milestone.objects.create(
        priority=priority, what="Hotspot policing pilot", due=datetime.date(2027, 1, 31)
    )
    PriorityUpdate.objects.create(
        priority=priority, period_end=datetime.date(2026, 6, 30), rag="amber"
    )
    fresh = Priority.objects.for_strategy_page().get(pk=priority.pk)
    assert fresh.flags(on=TODAY) == [
        "No update in the last quarter"
    ]  # June is more than a quarter ago

    PriorityUpdate.objects.create(
        priority=priority, period_end=datetime.date(2026, 9, 30), rag="green"
    )
    fresh = Priority.objects.for_strategy_page().get(pk=priority.pk)
    assert fresh.flags(on=TODAY) == []


def test_the_strategy_page_shows_the_flags_and_clears_them(client, officer, plan):
    priority = Priority.objects.create(plan=plan, title="Reduce serious violence")
    client.force_login(officer)
    html = client.get(f"/partnerships/{plan.partnership.pk}/strategy/").content.decode()
    assert "1 priority needs attention." in html and "No accountable lead" in html
    priority.lead_person = PersonFactory()
    priority.save()
    Milestone.objects.create(priority=priority, what="Pilot", due=datetime.date(2027, 1, 31))
    quarter = priority.next_update_period(timezone.localdate())
    response = client.post(
        priority.get_absolute_url(),
        {"period_end": quarter.isoformat(), "rag": "green", "key_messages": "On track"},
    )
    assert response.status_code == 302
    html = client.get(f"/partnerships/{plan.partnership.pk}/strategy/").content.decode()
    assert "needs attention" not in html and "No accountable lead" not in html


def test_readers_cannot_post_updates(client, scrutiny_member, plan):
    priority = Priority.objects.create(plan=plan, title="Reduce serious violence")
    client.force_login(scrutiny_member)
    assert client.get(priority.get_absolute_url()).status_code == 200
    assert client.post(priority.get_absolute_url(), {"rag": "green"}).status_code == 403
    assert not PriorityUpdate.objects.exists()


@pytest.mark.parametrize(
    ("text", "key", "start"),
    [
        ("2026-04", "2026-04", datetime.date(2026, 4, 1)),
        ("2026-q3", "2026-Q3", datetime.date(2026, 7, 1)),
        ("2011/12", "2011/12", datetime.date(2011, 4, 1)),
        ("2099/00", "2099/00", datetime.date(2099, 4, 1)),
    ],
)
def test_it_reads_periods(text, key, start):
    period = parse_period(text)
    assert (period.key, period.start) == (key, start)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2011/13", "Q1 2026", ""])
def test_it_refuses_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_financial_years_run_april_to_march():
    assert financial_year(datetime.date(2012, 3, 31)) == "2011/12"
    assert financial_year(datetime.date(2012, 4, 1)) == "2012/13"


def test_rag_against_target_follows_the_direction(partnership):
    lower = Indicator(partnership=partnership, name="Crime", direction="lower")
    assert lower.rag(Decimal(95), Decimal(100)) == "green"
    assert lower.rag(Decimal(104), Decimal(100)) == "amber"
    assert lower.rag(Decimal(110), Decimal(100)) == "red"
    higher = Indicator(partnership=partnership, name="Confidence", direction="higher")
    assert higher.rag(Decimal(80), Decimal(75)) == "green"
    assert higher.rag(None, Decimal(75)) is None


def test_it_loads_indicator_values_all_or_nothing(partnership):
    Indicator.objects.create(partnership=partnership, name="Violence with injury")
    good = b"indicator,period,area,value\nViolence with injury,2025-Q1,,120\nViolence with injury,2025/26,North,1,240.5\n"
    with pytest.raises(ImportFailed):
        load_indicator_values(partnership, good)  # "1,240.5" unquoted splits into two cells
    good = b'indicator,period,area,value\nViolence with injury,2025-Q1,,120\nViolence with injury,2025/26,North,"1,240.5"\n'
    assert load_indicator_values(partnership, good) == (2, 0, 0)
    assert load_indicator_values(partnership, good) == (0, 0, 2)
    bad = b"indicator,period,area,value\nViolence with injury,2025-Q9,,1\nBurglary,2025-Q1,,1\nViolence with injury,2025-Q2,,lots\n"
    with pytest.raises(ImportFailed) as failed:
        load_indicator_values(partnership, bad)
    assert [str(p) for p in failed.value.problems] == [
        "values.csv, row 2, column period: '2025-Q9' is not a period: write YYYY-MM, YYYY-Qn or YYYY/YY",
        f"values.csv, row 3, column indicator: unknown indicator 'Burglary' in {partnership}",
        "values.csv, row 4, column value: 'lots' is not a number",
    ]
    assert IndicatorValue.objects.count() == 2


def test_the_indicator_page_has_a_chart_and_its_table(client, scrutiny_member, partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, name="Violence with injury", direction="lower"
    )
    for period, value, target in (("2024/25", 140, 125), ("2025/26", 120, 125)):
        IndicatorValue.objects.create_for_period(period, indicator=indicator, value=value)
        IndicatorTarget.objects.create_for_period(period, indicator=indicator, value=target)
    client.force_login(scrutiny_member)
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "<svg" in html and "The figures in the chart" in html
    assert "better" in html and "Green" in html and "Red" in html


def test_the_strategy_page_runs_a_fixed_number_of_queries(
    client, officer, plan, django_assert_num_queries
):
    client.force_login(officer)
    url = f"/partnerships/{plan.partnership.pk}/strategy/"
    Priority.objects.create(plan=plan, title="First")
    client.get(url)
    # session, user, partnership, plans, priorities, their updates, milestones, indicators,
    # the partnership's indicators, its assessments, the officer's partnerships (may they change it),
    # the agreement priorities the priorities serve
    with django_assert_num_queries(12):
        client.get(url)
    for n in range(6):
        p = Priority.objects.create(plan=plan, title=f"P{n}", lead_person=PersonFactory())
        Milestone.objects.create(priority=p, what="m", due=datetime.date(2027, 1, 1))
        PriorityUpdate.objects.create(
            priority=p, period_end=datetime.date(2026, 9, 30), rag="green"
        )
        Indicator.objects.create(partnership=plan.partnership, name=f"I{n}").priorities.add(p)
        p.actions.add(ActionFactory())
    with django_assert_num_queries(12):
        client.get(url)


def test_officers_upload_values_and_see_every_problem(client, officer, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Indicator.objects.create(partnership=partnership, name="Burglary")
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/indicator-values/"
    bad = SimpleUploadedFile("v.csv", b"indicator,period,area,value\nBurglary,2025-Q7,,3\n")
    html = client.post(url, {"file": bad}).content.decode()
    assert "1 problem found: nothing was saved" in html and "2025-Q7" in html
    good = SimpleUploadedFile("v.csv", b"indicator,period,area,value\nBurglary,2025-Q3,,3\n")
    assert client.post(url, {"file": good}).status_code == 302
    assert IndicatorValue.objects.get().period == "2025-Q3"


def test_an_officer_keeps_the_strategy_in_the_browser(client, officer, other_officer, partnership):
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/plans/new/"
    bad = {
        "kind": "partnership_plan",
        "title": "Plan",
        "starts_0": "1",
        "starts_1": "4",
        "starts_2": "2026",
        "ends_0": "1",
        "ends_1": "4",
        "ends_2": "2025",
    }
    assert "The plan must end after it starts." in client.post(url, bad).content.decode()
    good = {**bad, "ends_2": "2029"}
    assert client.post(url, good).status_code == 302
    plan = Plan.objects.get()
    lead = PersonFactory(name="Lead Person")
    response = client.post(
        f"/plans/{plan.pk}/priorities/new/",
        {"position": "1", "title": "Serious violence", "lead_person": lead.pk},
    )
    assert response.status_code == 302
    priority = Priority.objects.get()
    milestone = {"what": "Pilot", "due_0": "1", "due_1": "1", "due_2": "2027"}
    assert client.post(f"/priorities/{priority.pk}/milestones/new/", milestone).status_code == 302
    indicator = {
        "name": "Knife crime",
        "direction": "lower",
        "frequency": "quarterly",
        "priorities": [priority.pk],
    }
    assert (
        client.post(f"/partnerships/{partnership.pk}/indicators/new/", indicator).status_code == 302
    )
    assert (
        "already has an indicator called"
        in client.post(
            f"/partnerships/{partnership.pk}/indicators/new/", indicator
        ).content.decode()
    )
    knife = Indicator.objects.get()
    assert (
        "is not a period"
        in client.post(
            f"/indicators/{knife.pk}/targets/new/", {"period": "spring", "value": "5"}
        ).content.decode()
    )
    assert (
        client.post(
            f"/indicators/{knife.pk}/targets/new/", {"period": "2026/27", "value": "50"}
        ).status_code
        == 302
    )
    assert knife.targets.get().period == "2026/27"
    client.force_login(other_officer)
    assert (
        client.post(
            f"/plans/{plan.pk}/priorities/new/", {"position": "2", "title": "Sneaky"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/indicators/{knife.pk}/targets/new/", {"period": "2027/28", "value": "1"}
        ).status_code
        == 403
    )
    assert Priority.objects.count() == 1


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # session, user, the groups with exempt items (whose actions the reader may see),
        # priority with plan and leads, updates, milestones, indicators,
        # actions with their groups, the agreement priorities it serves, where its facts come
        # from (a demo record's source), the officer's partnerships
        ("priority", 11),
        # session, user, indicator, values, targets, values by area,
        # the officer's partnerships (may they change it)
        ("indicator", 7),
    ],
)
def test_priority_and_indicator_pages_run_a_fixed_number_of_queries(
    client, officer, plan, django_assert_num_queries, page, queries
):
    priority = Priority.objects.create(plan=plan, title="P", lead_person=PersonFactory())
    indicator = Indicator.objects.create(partnership=plan.partnership, name="I")
    url = priority.get_absolute_url() if page == "priority" else indicator.get_absolute_url()
    client.force_login(officer)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    for n in range(8):
        Milestone.objects.create(priority=priority, what=f"m{n}", due=datetime.date(2027, 1, 1))
        PriorityUpdate.objects.create(
            priority=priority, period_end=datetime.date(2020 + n, 3, 31), rag="green"
        )
        priority.actions.add(ActionFactory())
        IndicatorValue.objects.create_for_period(
            f"{2015 + n}/{16 + n}", indicator=indicator, value=n
        )
        IndicatorValue.objects.create_for_period(
            f"{2015 + n}/{16 + n}", indicator=indicator, value=n, area="North"
        )
        IndicatorTarget.objects.create_for_period(
            f"{2015 + n}/{16 + n}", indicator=indicator, value=n
        )
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_assessment_documents_are_checked_and_served_to_readers_only(
    client, officer, outsider, partnership, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from strategy.models import StrategicAssessment

    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/assessments/new/"
    data = {
        "kind": "strategic_assessment",
        "title": "Strategic assessment 2026",
        "date_0": "1",
        "date_1": "3",
        "date_2": "2026",
    }
    html = client.post(
        url, {**data, "document": SimpleUploadedFile("sa.pdf", b"not a pdf")}
    ).content.decode()
    assert "not a real PDF" in html and not StrategicAssessment.objects.exists()
    assert (
        client.post(
            url, {**data, "document": SimpleUploadedFile("sa.pdf", b"%PDF-1.4 x")}
        ).status_code
        == 302
    )
    assessment = StrategicAssessment.objects.get()
    assert client.get(f"/strategy-documents/assessment/{assessment.pk}/").status_code == 200
    assert client.get(f"/strategy-documents/nonsense/{assessment.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/strategy-documents/assessment/{assessment.pk}/").status_code == 403


def test_values_upload_refuses_a_large_or_foreign_file_and_saves_nothing(
    client, officer, partnership, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Indicator.objects.create(partnership=partnership, name="Burglary")
    settings.MAX_UPLOAD_BYTES = 100
    client.force_login(officer)
    url = f"/partnerships/{partnership.pk}/indicator-values/"
    rows = b"indicator,period,area,value\n" + b"Burglary,2025-Q3,,3\n" * 10
    html = client.post(url, {"file": SimpleUploadedFile("v.csv", rows)}).content.decode()
    assert "The values file must be smaller than 0 MB." not in html  # the limit is in MB
    assert "The values file must be smaller than" in html
    html = client.post(url, {"file": SimpleUploadedFile("v.exe", b"MZ")}).content.decode()
    assert "The values file must be a .csv or .xlsx file." in html
    assert not IndicatorValue.objects.exists()


def test_an_update_is_recorded_for_the_quarter_chosen_from_the_plans(client, officer, plan):
    """Written in October, the update for the quarter ending 30 September is that
    quarter's, not December's; a quarter outside the plan is refused."""
    priority = Priority.objects.create(plan=plan, title="Reduce serious violence")
    client.force_login(officer)
    url = priority.get_absolute_url()
    today = timezone.localdate()
    quarters = plan.quarter_ends(upto=today)
    last_ended = [end for end in quarters if end < today][-1]
    page = client.get(url).content.decode()
    assert f'<option value="{last_ended.isoformat()}" selected>' in page
    outside = quarters[0] - datetime.timedelta(days=92)
    refused = client.post(url, {"period_end": outside.isoformat(), "rag": "green"})
    assert "Select one of the quarters listed" in refused.content.decode()
    assert not priority.updates.exists()
    sent = {"period_end": last_ended.isoformat(), "rag": "amber", "key_messages": "Slower"}
    assert client.post(url, sent).status_code == 302
    assert priority.updates.get().period_end == last_ended
    # That quarter done, the one running is offered next, and the saved one can be changed.
    page = client.get(url).content.decode()
    assert f'<option value="{quarters[-1].isoformat()}" selected>' in page
    assert f"?period_end={last_ended.isoformat()}#update" in page
