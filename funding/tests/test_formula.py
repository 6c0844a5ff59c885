"""The needs-based formula reproduces a hand-worked allocation to the penny."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from funding import services
from funding.models import Allocation, AllocationFormula, FormulaValue
from funding.tests.factories import (
    AllocationFactory,
    AllocationFormulaFactory,
    BudgetFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
)
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

POT = 1_000_000  # £10,000.00


def _formula():
    """Three areas, three indicators:

                      weight   Northtown   Midvale   Southport   total
    Recorded crime       3        100        200        300       600
    Population (000s)    2         41.7       41.7       41.7     125.1
    Deprivation score    1          0.4      (none)       1.0       1.4
    """
    formula = AllocationFormulaFactory(year=2024)
    crime = FormulaIndicatorFactory(formula=formula, name="Recorded crime", weight=3, position=1)
    people = FormulaIndicatorFactory(
        formula=formula, name="Population (000s)", weight=2, position=2
    )
    need = FormulaIndicatorFactory(formula=formula, name="Deprivation score", weight=1, position=3)
    north = FormulaAreaFactory(
        formula=formula,
        recipient_name="",
        recipient_partnership=PartnershipFactory(name="Northtown CSP"),
        position=1,
    )
    mid = FormulaAreaFactory(formula=formula, recipient_name="Midvale CSP", position=2)
    south = FormulaAreaFactory(formula=formula, recipient_name="Southport CSP", position=3)
    grid = {
        crime: {north: "100", mid: "200", south: "300"},
        people: {north: "41.7", mid: "41.7", south: "41.7"},
        need: {north: "0.4", south: "1.0"},
    }
    FormulaValue.objects.bulk_create(
        FormulaValue(indicator=indicator, area=area, value=Decimal(value))
        for indicator, row in grid.items()
        for area, value in row.items()
    )
    return formula, (crime, people, need), (north, mid, south)


def test_it_reproduces_a_hand_worked_allocation_to_the_penny():
    formula, _, _ = _formula()
    indicators, areas, values = formula.inputs()

    # Each area's part of each indicator's total:
    #   crime        100/600 = 1/6     200/600 = 2/6          300/600 = 3/6
    #   population   41.7/125.1 = 1/3  1/3                    1/3
    #   deprivation  0.4/1.4 = 2/7     0 (no value)           1.0/1.4 = 5/7
    # Weighted mean, weights 3, 2, 1 (sum 6):
    #   Northtown  (3·1/6 + 2·1/3 + 1·2/7) / 6 = (21/42 + 28/42 + 12/42) / 6 =  61/252
    #   Midvale    (3·2/6 + 2·1/3 + 0)     / 6 = (42/42 + 28/42)         / 6 =  70/252
    #   Southport  (3·3/6 + 2·1/3 + 1·5/7) / 6 = (63/42 + 28/42 + 30/42) / 6 = 121/252
    assert formula.shares(indicators, areas, values) == [
        Fraction(61, 252),
        Fraction(70, 252),
        Fraction(121, 252),
    ]

    # £10,000.00 = 1,000,000p:
    #   Northtown  61,000,000 / 252 = 242,063.492…  -> 242,063
    #   Midvale    70,000,000 / 252 = 277,777.777…  -> 277,777
    #   Southport 121,000,000 / 252 = 480,158.730…  -> 480,158
    # Rounded down they make 999,998p: the 2 pennies left go to the largest
    # remainders, .777… (Midvale) and .730… (Southport), not to the first area.
    proposal = formula.propose(POT, indicators, areas, values)

    assert proposal == [242_063, 277_778, 480_159]
    assert sum(proposal) == POT


def test_it_splits_a_hundred_pounds_over_three_equal_areas_as_3334_3333_3333():
    formula = AllocationFormulaFactory()
    indicator = FormulaIndicatorFactory(formula=formula, weight=Decimal("0.5"))
    for _ in range(3):
        area = FormulaAreaFactory(formula=formula)
        FormulaValue.objects.create(indicator=indicator, area=area, value=Decimal("12.345"))
    indicators, areas, values = formula.inputs()

    # 10,000p × 1/3 = 3,333.33… each: 9,999p rounded down, the tied penny to the first.
    assert formula.propose(10_000, indicators, areas, values) == [3334, 3333, 3333]


def test_it_answers_a_what_if_with_other_weights_and_changes_nothing():
    formula, (crime, people, need), _ = _formula()
    indicators, areas, values = formula.inputs()

    # Weights 1, 0, 1 (sum 2): population drops out.
    #   Northtown  (1/6 + 2/7) / 2 = (7/42 + 12/42) / 2 = 19/84 -> 226,190.476…
    #   Midvale    (2/6 + 0)   / 2 = 14/42 / 2          = 14/84 -> 166,666.666…
    #   Southport  (3/6 + 5/7) / 2 = (21/42 + 30/42) / 2 = 51/84 -> 607,142.857…
    # Rounded down: 999,998p; the pennies go to .857… (Southport) and .666… (Midvale).
    what_if = {crime.pk: Decimal(1), people.pk: Decimal(0), need.pk: Decimal(1)}

    assert formula.shares(indicators, areas, values, what_if) == [
        Fraction(19, 84),
        Fraction(14, 84),
        Fraction(51, 84),
    ]
    assert formula.propose(POT, indicators, areas, values, what_if) == [
        226_190,
        166_667,
        607_143,
    ]
    assert [i.weight for i in formula.indicators.order_by("position")] == [3, 2, 1]


def test_it_refuses_a_formula_without_a_usable_indicator():
    formula, (crime, people, need), _ = _formula()
    indicators, areas, values = formula.inputs()
    no_weight = {crime.pk: 0, people.pk: 0, need.pk: 0}
    with pytest.raises(ValueError, match="at least one indicator with a weight above zero"):
        formula.propose(POT, indicators, areas, values, no_weight)

    empty = AllocationFormulaFactory()
    FormulaIndicatorFactory(formula=empty, weight=1)
    area = FormulaAreaFactory(formula=empty)
    FormulaValue.objects.create(indicator=empty.indicators.get(), area=area, value=0)
    with pytest.raises(ValueError, match="values above zero"):
        empty.propose(POT, *empty.inputs())


# Confirming a formula --------------------------------------------------------


def test_it_confirms_the_proposal_as_allocations(officer):
    formula, _, (north, mid, south) = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=POT)

    made = services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert len(made) == 3
    rows = list(
        Allocation.objects.filter(budget=budget)
        .order_by("amount")
        .values_list("recipient_partnership", "recipient_name", "amount", "formula")
    )
    assert rows == [
        (north.recipient_partnership_id, "", 242_063, formula.pk),
        (None, "Midvale CSP", 277_778, formula.pk),
        (None, "Southport CSP", 480_159, formula.pk),
    ]
    assert budget.committed_now() == POT
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.CONFIRMED
    assert formula.confirmed_at is not None
    assert formula.confirmed_by == officer


def test_it_refuses_to_confirm_a_formula_twice(officer):
    formula, _, _ = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=3 * POT)
    services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    with pytest.raises(ValidationError, match="already confirmed"):
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert Allocation.objects.filter(budget=budget).count() == 3


@pytest.mark.parametrize("other", ["holder", "year"])
def test_it_refuses_a_budget_of_another_holder_or_year(officer, other):
    formula, _, _ = _formula()
    budget = BudgetFactory(
        holder=PartnershipFactory() if other == "holder" else formula.holder,
        year=2025 if other == "year" else 2024,
        amount=POT,
    )

    with pytest.raises(ValidationError, match="for 2024/25"):
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert not Allocation.objects.exists()
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.DRAFT


def test_it_refuses_a_pot_the_budget_has_no_room_for_and_saves_nothing(officer):
    formula, _, _ = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=POT)
    AllocationFactory(budget=budget, recipient_name="Youth service", amount=1)

    with pytest.raises(ValidationError) as caught:
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert "£0.01 is already committed and £9,999.99 is left" in caught.value.messages[0]
    assert list(Allocation.objects.values_list("recipient_name", flat=True)) == ["Youth service"]
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.DRAFT
    assert formula.confirmed_at is None


def test_it_refuses_when_an_area_already_has_an_allocation(officer):
    formula, _, (north, _, _) = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=3 * POT)
    AllocationFactory(
        budget=budget, recipient_name="", recipient_partnership=north.recipient_partnership
    )
    AllocationFactory(budget=budget, recipient_name="SOUTHPORT csp")

    with pytest.raises(ValidationError) as caught:
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert caught.value.messages == [
        "These already have an allocation from the budget; withdraw it first: "
        "Northtown CSP, Southport CSP."
    ]
    assert Allocation.objects.filter(budget=budget).count() == 2
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.DRAFT


def test_it_refuses_an_area_named_like_an_allocation_to_another_partnership(officer):
    # The database allows one current allocation per name, whoever it is for.
    formula, _, _ = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=3 * POT)
    AllocationFactory(
        budget=budget, recipient_name="Midvale CSP", recipient_partnership=PartnershipFactory()
    )

    with pytest.raises(ValidationError, match="withdraw it first: Midvale CSP"):
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert Allocation.objects.filter(budget=budget).count() == 1


def test_it_refuses_a_formula_that_names_an_area_twice(officer):
    formula, _, _ = _formula()
    FormulaAreaFactory(formula=formula, recipient_name="midvale csp", position=4)
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=POT)

    with pytest.raises(ValidationError) as caught:
        services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert caught.value.messages == [
        "An area can have only one allocation; these appear more than once in the formula: "
        "Midvale CSP, midvale csp."
    ]
    assert not Allocation.objects.exists()


def test_it_confirms_beside_a_withdrawn_allocation_to_the_same_area(officer):
    formula, _, (_, mid, _) = _formula()
    budget = BudgetFactory(holder=formula.holder, year=2024, amount=POT)
    old = AllocationFactory(budget=budget, recipient_name="Midvale CSP", amount=POT)
    services.allocation_withdraw(allocation=old)

    made = services.formula_confirm(formula=formula, budget=budget, pot=POT, by=officer)

    assert sorted(a.amount for a in made) == [242_063, 277_778, 480_159]
    assert Allocation.objects.current().filter(budget=budget).count() == 3


def test_it_copies_a_formula_as_the_next_version():
    formula, _, _ = _formula()

    copy = services.formula_new_version(formula=formula, year=2024)

    assert (copy.holder, copy.year, copy.version) == (formula.holder, 2024, 2)
    assert copy.based_on == formula
    assert copy.status == AllocationFormula.Status.DRAFT
    assert copy.name == formula.name
    old_indicators, old_areas, old_values = formula.inputs()
    indicators, areas, values = copy.inputs()
    assert [(i.name, i.weight, i.position) for i in indicators] == [
        (i.name, i.weight, i.position) for i in old_indicators
    ]
    assert [(a.recipient, a.recipient_partnership_id) for a in areas] == [
        (a.recipient, a.recipient_partnership_id) for a in old_areas
    ]
    assert {i.pk for i in indicators}.isdisjoint(i.pk for i in old_indicators)
    old_by_name = {
        (ind.name, area.recipient): old_values[ind.pk, area.pk]
        for ind in old_indicators
        for area in old_areas
        if (ind.pk, area.pk) in old_values
    }
    new_by_name = {
        (ind.name, area.recipient): values[ind.pk, area.pk]
        for ind in indicators
        for area in areas
        if (ind.pk, area.pk) in values
    }
    assert new_by_name == old_by_name
    assert len(new_by_name) == 8
    assert copy.propose(POT, indicators, areas, values) == [242_063, 277_778, 480_159]


def test_it_numbers_a_copy_for_another_year_from_that_years_versions():
    formula, _, _ = _formula()
    AllocationFormulaFactory(holder=formula.holder, year=2025, version=1)
    AllocationFormulaFactory(holder=formula.holder, year=2025, version=2)

    copy = services.formula_new_version(formula=formula, year=2025)

    assert (copy.year, copy.version) == (2025, 3)
    assert copy.indicators.count() == 3 and copy.areas.count() == 3
