"""A budget is never committed past its amount, unless it is a past year copied as reported."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from conftest import wait_for_lock_waiters
from funding.models import Allocation, Budget, Grant
from funding.services import allocation_save, allocation_withdraw, budget_save, grant_save
from funding.tests.factories import AllocationFactory, BudgetFactory, GrantFactory
from partnerships.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

THOUSAND = 1_000_00


def _new_allocation(budget, amount, name="Youth service"):
    return Allocation(budget=budget, recipient_name=name, amount=amount)


def _new_grant(budget, amount):
    return GrantFactory.build(
        budget=budget,
        partnership=budget.holder,
        funder=budget.stream.funder,
        provider=OrganisationFactory(),
        amount=amount,
    )


def _refused(save, **kwargs):
    with pytest.raises(ValidationError) as caught:
        save(**kwargs)
    assert list(caught.value.message_dict) == ["amount"]
    [message] = caught.value.message_dict["amount"]
    return message


def test_it_refuses_an_allocation_beyond_the_budget_and_says_what_is_left():
    budget = BudgetFactory(amount=THOUSAND)
    AllocationFactory(budget=budget, amount=600_00)

    message = _refused(allocation_save, allocation=_new_allocation(budget, 400_01))

    assert message == (
        f"That is more than the budget allows: {budget} is £1,000, "
        "£600 is already committed and £400 is left."
    )
    assert Allocation.objects.filter(budget=budget).count() == 1
    assert budget.committed_now() == 600_00


def test_it_accepts_an_allocation_that_uses_the_last_penny():
    budget = BudgetFactory(amount=THOUSAND)
    AllocationFactory(budget=budget, amount=600_00)

    allocation_save(allocation=_new_allocation(budget, 400_00))

    assert budget.committed_now() == THOUSAND


def test_it_refuses_a_grant_beyond_what_allocations_and_grants_leave():
    budget = BudgetFactory(amount=THOUSAND)
    AllocationFactory(budget=budget, amount=300_00)
    grant_save(grant=_new_grant(budget, 200_00))

    message = _refused(grant_save, grant=_new_grant(budget, 500_01))

    assert message.endswith("£500 is already committed and £500 is left.")
    assert Grant.objects.filter(budget=budget).count() == 1
    assert budget.committed_now() == 500_00


def test_it_saves_a_grant_and_its_co_funders_within_the_budget():
    budget = BudgetFactory(amount=THOUSAND)
    police = OrganisationFactory(name="Northshire Police")

    grant = grant_save(grant=_new_grant(budget, THOUSAND), co_funders=[police])

    assert list(grant.co_funders.all()) == [police]
    assert budget.committed_now() == THOUSAND


def test_it_counts_an_edited_allocations_old_amount_only_once():
    budget = BudgetFactory(amount=THOUSAND)
    allocation = AllocationFactory(budget=budget, amount=600_00)

    allocation.amount = THOUSAND
    allocation_save(allocation=allocation)
    allocation.amount = THOUSAND + 1
    message = _refused(allocation_save, allocation=allocation)

    assert message.endswith("£0 is already committed and £1,000 is left.")
    allocation.refresh_from_db()
    assert allocation.amount == THOUSAND


def test_it_counts_an_edited_grants_old_amount_only_once():
    budget = BudgetFactory(amount=THOUSAND)
    grant = grant_save(grant=_new_grant(budget, 600_00))

    grant.amount = THOUSAND
    grant_save(grant=grant)
    grant.amount = THOUSAND + 1
    _refused(grant_save, grant=grant)

    grant.refresh_from_db()
    assert grant.amount == THOUSAND


def test_it_counts_an_allocation_moved_from_another_budget_in_full():
    budget = BudgetFactory(amount=THOUSAND)
    other = BudgetFactory(holder=budget.holder, amount=THOUSAND)
    AllocationFactory(budget=other, amount=600_00)
    allocation = AllocationFactory(budget=budget, amount=600_00)

    allocation.budget = other
    message = _refused(allocation_save, allocation=allocation)

    assert message.endswith("£600 is already committed and £400 is left.")
    assert Allocation.objects.get(pk=allocation.pk).budget == budget


def test_it_leaves_withdrawn_allocations_and_grants_out_of_the_sum():
    budget = BudgetFactory(amount=THOUSAND)
    allocation = AllocationFactory(budget=budget, amount=600_00)
    allocation_withdraw(allocation=allocation)
    grant = grant_save(grant=_new_grant(budget, 400_00))
    grant.status = Grant.Status.WITHDRAWN
    grant_save(grant=grant)

    allocation_save(allocation=_new_allocation(budget, THOUSAND, name="Another service"))

    assert budget.committed_now() == THOUSAND
    assert Allocation.objects.filter(budget=budget).count() == 2


def test_it_counts_the_whole_of_a_grant_brought_back_from_withdrawal():
    budget = BudgetFactory(amount=THOUSAND)
    grant = grant_save(grant=_new_grant(budget, 600_00))
    grant.status = Grant.Status.WITHDRAWN
    grant_save(grant=grant)
    allocation_save(allocation=_new_allocation(budget, THOUSAND))

    grant.status = Grant.Status.ACTIVE
    message = _refused(grant_save, grant=grant)

    assert message.endswith("£1,000 is already committed and £0 is left.")
    assert Grant.objects.get(pk=grant.pk).status == Grant.Status.WITHDRAWN
    assert budget.committed_now() == THOUSAND


def test_it_counts_the_whole_of_an_allocation_brought_back_from_withdrawal():
    budget = BudgetFactory(amount=THOUSAND)
    allocation = AllocationFactory(budget=budget, amount=600_00)
    allocation.withdrawn_at = timezone.now()
    allocation_save(allocation=allocation)
    allocation_save(allocation=_new_allocation(budget, 500_00, name="Another service"))

    allocation.withdrawn_at = None
    message = _refused(allocation_save, allocation=allocation)

    assert message.endswith("£500 is already committed and £500 is left.")
    assert budget.committed_now() == 500_00


def test_it_accepts_an_over_allocation_of_a_budget_as_reported():
    budget = BudgetFactory(amount=THOUSAND, as_reported=True)
    AllocationFactory(budget=budget, amount=600_00)

    allocation_save(allocation=_new_allocation(budget, 400_75))
    grant_save(grant=_new_grant(budget, 1_00))

    assert budget.committed_now() == 1_001_75


def test_it_refuses_to_lower_a_budget_below_what_is_committed():
    budget = BudgetFactory(amount=THOUSAND)
    AllocationFactory(budget=budget, amount=400_00)
    grant_save(grant=_new_grant(budget, 200_00))

    budget.amount = 600_00 - 1
    message = _refused(budget_save, budget=budget)

    assert message == (
        "£600 is already allocated or granted from this budget: the amount cannot be less than that."
    )
    assert Budget.objects.get(pk=budget.pk).amount == THOUSAND
    budget.amount = 600_00
    budget_save(budget=budget)
    assert Budget.objects.get(pk=budget.pk).amount == 600_00


def test_it_lets_a_budget_as_reported_fall_below_its_lines():
    budget = BudgetFactory(amount=THOUSAND, as_reported=True)
    AllocationFactory(budget=budget, amount=THOUSAND)

    budget.amount = 707_00
    budget_save(budget=budget)

    assert Budget.objects.get(pk=budget.pk).amount == 707_00


def test_it_saves_a_new_budget():
    budget = BudgetFactory.build(amount=THOUSAND, stream=BudgetFactory().stream)
    budget.holder.save()

    budget_save(budget=budget)

    assert Budget.objects.filter(pk=budget.pk, amount=THOUSAND).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_allocations_through():
    budget = BudgetFactory(amount=THOUSAND)
    outcomes = []

    def allocate(name):
        try:
            allocation_save(allocation=_new_allocation(budget, THOUSAND // 2 + 1, name))
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.message_dict["amount"][0])
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(name,)) for name in ("A", "B")]
    # Hold the budget's row so that both threads are waiting on it before either goes on.
    with transaction.atomic():
        Budget.objects.select_for_update().get(pk=budget.pk)
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(2)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [
        "That is more than the budget allows: "
        f"{budget} is £1,000, £500.01 is already committed and £499.99 is left.",
        "saved",
    ]
    assert Allocation.objects.filter(budget=budget).count() == 1
    assert budget.committed_now() == THOUSAND // 2 + 1
