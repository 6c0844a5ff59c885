"""Every invariant of the funding models is named, and the database rejects a violation."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaValue,
    FundingStream,
    Grant,
    PortfolioArea,
)
from funding.tests.factories import (
    AllocationFactory,
    AllocationFormulaFactory,
    BudgetFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
    FundingStreamFactory,
    GrantFactory,
    MonitoringReturnFactory,
    PortfolioAreaFactory,
)
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _rejected(name, fn, *, columns=None):
    """The database refuses `fn`, naming the constraint (SQLite names the
    columns of a unique constraint on plain columns instead)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        fn()
    message = str(caught.value)
    assert name in message or (columns and f"UNIQUE constraint failed: {columns}" in message), (
        message
    )


def test_it_rejects_a_second_stream_of_the_same_name_from_a_funder():
    stream = FundingStreamFactory(name="Community Safety Fund")
    FundingStreamFactory(name="Community Safety Fund")
    _rejected(
        "stream_name_unique_per_funder",
        lambda: FundingStream.objects.create(
            funder=stream.funder, name="COMMUNITY safety fund", kind="other"
        ),
    )


def test_it_rejects_a_second_portfolio_of_the_same_name_from_a_funder():
    portfolio = PortfolioAreaFactory(name="Victims and Vulnerability")
    _rejected(
        "portfolio_name_unique_per_funder",
        lambda: PortfolioArea.objects.create(
            funder=portfolio.funder, name="victims and vulnerability"
        ),
    )


def test_it_rejects_a_second_budget_from_a_stream_to_a_holder_in_a_year():
    budget = BudgetFactory(year=2024)
    BudgetFactory(stream=budget.stream, holder=budget.holder, year=2025)
    _rejected(
        "budget_once_per_stream_holder_year",
        lambda: BudgetFactory(stream=budget.stream, holder=budget.holder, year=2024),
        columns="funding_budget.stream_id, funding_budget.holder_id, funding_budget.year",
    )


def test_it_rejects_a_negative_budget():
    _rejected("budget_amount_not_negative", lambda: BudgetFactory(amount=-1))


@pytest.mark.parametrize("year", [1989, 2101])
def test_it_rejects_an_implausible_year(year):
    _rejected("budget_year_plausible", lambda: BudgetFactory(year=year))


def test_it_rejects_an_allocation_to_nobody():
    budget = BudgetFactory()
    _rejected(
        "allocation_has_recipient",
        lambda: Allocation.objects.create(budget=budget, recipient_name="", amount=1),
    )


def test_it_rejects_a_negative_allocation():
    _rejected("allocation_not_negative", lambda: AllocationFactory(amount=-1))


def test_it_rejects_a_second_current_allocation_to_the_same_name():
    allocation = AllocationFactory(recipient_name="Youth Offending Team")
    AllocationFactory(recipient_name="Youth Offending Team")
    _rejected(
        "allocation_once_per_named_recipient",
        lambda: AllocationFactory(budget=allocation.budget, recipient_name="youth offending team"),
    )
    Allocation.objects.filter(pk=allocation.pk).update(withdrawn_at=timezone.now())
    AllocationFactory(budget=allocation.budget, recipient_name="Youth Offending Team")
    assert allocation.budget.allocations.count() == 2


def test_it_rejects_a_second_current_allocation_to_the_same_partnership():
    partnership = PartnershipFactory()
    allocation = AllocationFactory(recipient_name="", recipient_partnership=partnership)
    # Named lines for the same partnership are separate lines of the statement.
    AllocationFactory(budget=allocation.budget, recipient_partnership=partnership)
    _rejected(
        "allocation_once_per_partnership",
        lambda: AllocationFactory(
            budget=allocation.budget, recipient_name="", recipient_partnership=partnership
        ),
        columns="funding_allocation.budget_id, funding_allocation.recipient_partnership_id",
    )
    Allocation.objects.filter(pk=allocation.pk).update(withdrawn_at=timezone.now())
    AllocationFactory(
        budget=allocation.budget, recipient_name="", recipient_partnership=partnership
    )
    assert allocation.budget.allocations.count() == 3


def test_it_rejects_a_second_formula_with_the_same_version():
    formula = AllocationFormulaFactory(year=2024, version=1)
    AllocationFormulaFactory(holder=formula.holder, year=2025, version=1)
    _rejected(
        "formula_version_unique",
        lambda: AllocationFormulaFactory(holder=formula.holder, year=2024, version=1),
        columns=(
            "funding_allocationformula.holder_id, funding_allocationformula.year, "
            "funding_allocationformula.version"
        ),
    )


def test_it_rejects_a_confirmed_formula_without_a_date():
    formula = AllocationFormulaFactory()
    _rejected(
        "formula_confirmed_has_date",
        lambda: AllocationFormula.objects.filter(pk=formula.pk).update(status="confirmed"),
    )
    AllocationFormula.objects.filter(pk=formula.pk).update(
        status="confirmed", confirmed_at=timezone.now()
    )


def test_it_rejects_two_indicators_of_the_same_name_in_a_formula():
    indicator = FormulaIndicatorFactory(name="Recorded crime")
    _rejected(
        "formula_indicator_name_unique",
        lambda: FormulaIndicatorFactory(formula=indicator.formula, name="recorded CRIME"),
    )


def test_it_rejects_a_negative_weight():
    _rejected("formula_weight_not_negative", lambda: FormulaIndicatorFactory(weight=-1))


def test_it_rejects_an_area_without_a_recipient():
    _rejected(
        "formula_area_has_recipient",
        lambda: FormulaAreaFactory(recipient_name="", recipient_partnership=None),
    )


def test_it_rejects_two_values_for_one_indicator_and_area():
    indicator = FormulaIndicatorFactory()
    area = FormulaAreaFactory(formula=indicator.formula)
    FormulaValue.objects.create(indicator=indicator, area=area, value=1)
    _rejected(
        "formula_value_once",
        lambda: FormulaValue.objects.create(indicator=indicator, area=area, value=2),
        columns="funding_formulavalue.indicator_id, funding_formulavalue.area_id",
    )


def test_it_rejects_a_negative_value():
    indicator = FormulaIndicatorFactory()
    area = FormulaAreaFactory(formula=indicator.formula)
    _rejected(
        "formula_value_not_negative",
        lambda: FormulaValue.objects.create(indicator=indicator, area=area, value=-1),
    )


def test_it_rejects_a_negative_grant():
    _rejected("grant_amount_not_negative", lambda: GrantFactory(amount=-1))


def test_it_rejects_a_grant_that_ends_before_it_starts():
    _rejected(
        "grant_ends_after_it_starts",
        lambda: GrantFactory(
            planned_start=datetime.date(2024, 4, 1), planned_end=datetime.date(2024, 3, 31)
        ),
    )
    one_day = GrantFactory(
        planned_start=datetime.date(2024, 4, 1), planned_end=datetime.date(2024, 4, 1)
    )
    assert one_day.pk


@pytest.mark.parametrize("status", ["approved", "active", "completed"])
def test_it_rejects_an_awarded_grant_without_a_provider(status):
    _rejected("grant_awarded_has_provider", lambda: GrantFactory(status=status, provider=None))


@pytest.mark.parametrize("status", ["proposed", "withdrawn"])
def test_it_allows_a_grant_without_a_provider_before_it_is_awarded(status):
    assert GrantFactory(status=status, provider=None).pk


def test_it_rejects_a_return_due_more_than_a_year_after_its_period():
    _rejected("grant_return_days_within_a_year", lambda: GrantFactory(return_days=367))


def test_it_rejects_a_second_grant_with_the_same_identifier():
    GrantFactory(identifier="360G-swindon-2020-001")
    _rejected(
        "identifier",
        lambda: GrantFactory(identifier="360G-swindon-2020-001"),
    )


def test_it_rejects_two_returns_for_one_period():
    monitoring_return = MonitoringReturnFactory()
    _rejected(
        "return_once_a_period",
        lambda: MonitoringReturnFactory(
            grant=monitoring_return.grant, period_end=monitoring_return.period_end
        ),
        columns="funding_monitoringreturn.grant_id, funding_monitoringreturn.period_end",
    )


def test_it_keeps_the_history_of_a_budget_and_a_grant():
    budget = BudgetFactory(amount=1_000_00)
    budget.amount = 2_000_00
    budget.save(update_fields=["amount"])
    grant = GrantFactory(status=Grant.Status.ACTIVE)
    grant.status = Grant.Status.WITHDRAWN
    grant.save(update_fields=["status"])

    assert list(budget.history.order_by("history_date").values_list("amount", "history_type")) == [
        (1_000_00, "+"),
        (2_000_00, "~"),
    ]
    assert list(grant.history.order_by("history_date").values_list("status", flat=True)) == [
        "active",
        "withdrawn",
    ]
    assert Budget.history.count() == 2
