"""Workflows that move money: each locks the budget it draws on, so two people
allocating from the same budget at once can never take it past its amount."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from funding.models import Allocation, AllocationFormula, Budget, FormulaValue, Grant
from funding.money import pounds


def _locked_budget(pk):
    return Budget.objects.select_for_update().select_related("stream", "holder").get(pk=pk)


def _old_amount(counted, obj):
    """What the saved row already takes from its budget: 0 for a new row, or one
    withdrawn (`counted` is the queryset of rows that count against a budget)."""
    if obj.pk is None:
        return 0, None
    old = counted.filter(pk=obj.pk).values("amount", "budget_id").first()
    if old is None:
        return 0, None
    return old["amount"], old["budget_id"]


def allocation_save(*, allocation):
    """Save an allocation unless it would take its budget past its amount."""
    with transaction.atomic():
        budget = _locked_budget(allocation.budget_id)
        old_amount, old_budget = _old_amount(Allocation.objects.current(), allocation)
        replacing = old_amount if old_budget == budget.pk else 0
        if allocation.withdrawn_at is None:
            try:
                budget.check_room_for(allocation.amount, replacing=replacing)
            except ValidationError as error:
                raise ValidationError({"amount": error.messages}) from None
        allocation.full_clean(exclude=["budget", "formula"])
        allocation.save()
    return allocation


def grant_save(*, grant, co_funders=None):
    """Save a grant unless its budget would be overspent by it."""
    with transaction.atomic():
        if grant.budget_id:
            budget = _locked_budget(grant.budget_id)
            old_amount, old_budget = _old_amount(
                Grant.objects.exclude(status=Grant.Status.WITHDRAWN), grant
            )
            replacing = old_amount if old_budget == budget.pk else 0
            if grant.status != Grant.Status.WITHDRAWN:
                try:
                    budget.check_room_for(grant.amount, replacing=replacing)
                except ValidationError as error:
                    raise ValidationError({"amount": error.messages}) from None
        grant.save()
        if co_funders is not None:
            grant.co_funders.set(co_funders)
    return grant


def budget_save(*, budget):
    """Save a budget; its amount may not fall below what is already committed."""
    with transaction.atomic():
        if budget.pk and not budget.as_reported:
            locked = Budget.objects.select_for_update().get(pk=budget.pk)
            committed = locked.committed_now()
            if budget.amount < committed:
                raise ValidationError(
                    {
                        "amount": f"{pounds(committed)} is already allocated or granted from "
                        f"this budget: the amount cannot be less than that."
                    }
                )
        budget.save()
    return budget


def allocation_withdraw(*, allocation):
    """Withdraw once, with the row locked, so the withdrawal is in the history and
    an edit loaded before it is refused rather than bringing the allocation back."""
    with transaction.atomic():
        locked = (
            Allocation.objects.select_for_update()
            .filter(pk=allocation.pk, withdrawn_at__isnull=True)
            .first()
        )
        if locked is None:
            return False
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
    return True


def _recipient_key(row):
    if row.recipient_name:
        return ("name", row.recipient_name.lower())
    return ("partnership", row.recipient_partnership_id)


def formula_confirm(*, formula, budget, pot, by):
    """Turn the formula's proposal for `pot` pence into allocations from `budget`.

    All or nothing: refused when the formula is already confirmed, when it names
    an area twice, when an area already has an allocation from the budget, or
    when the budget lacks room.
    Returns the allocations made.
    """
    with transaction.atomic():
        formula = AllocationFormula.objects.select_for_update().get(pk=formula.pk)
        if formula.status == AllocationFormula.Status.CONFIRMED:
            raise ValidationError("This version of the formula is already confirmed.")
        budget = _locked_budget(budget.pk)
        if budget.holder_id != formula.holder_id or budget.year != formula.year:
            raise ValidationError(
                f"The budget must be one of {formula.holder}'s for {formula.year_label}."
            )
        indicators, areas, values = formula.inputs()
        try:
            amounts = formula.propose(pot, indicators, areas, values)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        # The database's rule: one current allocation per name, or per partnership when unnamed.
        keys = [_recipient_key(area) for area in areas]
        repeated = {area.recipient for area in areas if keys.count(_recipient_key(area)) > 1}
        if repeated:
            raise ValidationError(
                "An area can have only one allocation; these appear more than once in the "
                "formula: " + ", ".join(sorted(repeated)) + "."
            )
        taken = {_recipient_key(a) for a in budget.allocations.current()}
        clashes = [area.recipient for area in areas if _recipient_key(area) in taken]
        if clashes:
            raise ValidationError(
                "These already have an allocation from the budget; withdraw it first: "
                + ", ".join(clashes)
                + "."
            )
        budget.check_room_for(pot)
        made = Allocation.objects.bulk_create(
            [
                Allocation(
                    budget=budget,
                    recipient_partnership_id=area.recipient_partnership_id,
                    recipient_name=area.recipient_name,
                    amount=amount,
                    formula=formula,
                    notes=f"Proposed by {formula}.",
                )
                for area, amount in zip(areas, amounts, strict=True)
            ]
        )
        formula.status = AllocationFormula.Status.CONFIRMED
        formula.confirmed_at = timezone.now()
        formula.confirmed_by = by
        formula.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return made


def formula_new_version(*, formula, year):
    """A draft copy of `formula` for `year`: same indicators, areas and values."""
    with transaction.atomic():
        latest = (
            AllocationFormula.objects.filter(holder=formula.holder, year=year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        copy = AllocationFormula.objects.create(
            holder=formula.holder,
            year=year,
            version=(latest or 0) + 1,
            name=formula.name,
            description=formula.description,
            based_on=formula,
        )
        indicators, areas, values = formula.inputs()
        new_ind = {
            ind.pk: copy.indicators.create(
                name=ind.name, source=ind.source, weight=ind.weight, position=ind.position
            )
            for ind in indicators
        }
        new_area = {
            area.pk: copy.areas.create(
                recipient_partnership_id=area.recipient_partnership_id,
                recipient_name=area.recipient_name,
                position=area.position,
            )
            for area in areas
        }
        FormulaValue.objects.bulk_create(
            [
                FormulaValue(indicator=new_ind[i], area=new_area[a], value=v)
                for (i, a), v in values.items()
            ]
        )
    return copy
