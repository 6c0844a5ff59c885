"""Money and status changes under concurrency, on PostgreSQL with two real
connections: two requests at once cannot both pass a check.

Each test holds an EXCLUSIVE lock on the history table the saves write to, so
each request gets as far as its history entry and waits there, or waits
earlier on a row lock. With the row locked for the check the second request
waits before it reads, then sees the first's change; without the lock both
read the same state and both save."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from config.tests.test_stale_edits import loaded
from conftest import need, wait_for_lock_waiters
from funding.models import Allocation, Grant
from funding.tests.factories import BudgetFactory, GrantFactory
from meetings.models import Action
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres():
    need(connection.vendor == "postgresql", "PostgreSQL, for two connections and row locks")


def _at_once(history_model, posts):
    """Send the posts from threads, each with its own connection, while the
    history table is locked; let them go once both are waiting. Returns the
    status codes, sorted."""
    outcomes = []

    def send(user, url, data):
        try:
            client = Client()
            client.force_login(user)
            outcomes.append(client.post(url, data).status_code)
        except Exception as error:  # reported by the caller's assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=post) for post in posts]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{history_model._meta.db_table}" IN EXCLUSIVE MODE')
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(len(posts))
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes, key=str)


def _version(model, pk):
    return str(model.history.filter(id=pk).order_by("-history_id").first().history_id)


def _officers(partnership, n=2):
    return [UserFactory(role="officer", partnerships=[partnership]) for _ in range(n)]


def test_two_allocations_that_together_exceed_the_budget_one_succeeds(partnership):
    budget = BudgetFactory(holder=partnership, amount=1_000_00)
    url = reverse("funding:allocation_create", args=[budget.pk])
    jane, omar = _officers(partnership)

    outcomes = _at_once(
        Allocation.history.model,
        [
            (jane, url, {"recipient_name": "North ward", "amount": "600"}),
            (omar, url, {"recipient_name": "South ward", "amount": "600"}),
        ],
    )

    assert outcomes == [200, 302]  # the second is shown the form with the budget's error
    assert list(Allocation.objects.filter(budget=budget).values_list("amount", flat=True)) == [
        600_00
    ]


def test_the_same_action_closed_twice_is_closed_once(partnership, board):
    action = ActionFactory(group=board)
    url = action.get_absolute_url()
    seen = _version(Action, action.pk)
    jane, omar = _officers(partnership)

    outcomes = _at_once(
        Action.history.model,
        [
            (jane, url, {"status": "done", "text": "Done", "seen_version": seen}),
            (omar, url, {"status": "done", "text": "Done too", "seen_version": seen}),
        ],
    )

    assert outcomes == [302, 409]
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.updates.count() == 1
    assert action.history.filter(status=Action.Status.DONE).count() == 1


def test_a_grant_status_change_sent_twice_is_applied_once(partnership):
    budget = BudgetFactory(holder=partnership, amount=50_000_00)
    grant = GrantFactory(partnership=partnership, budget=budget, status=Grant.Status.APPROVED)
    url = reverse("funding:grant_edit", args=[grant.pk])
    jane, omar = _officers(partnership)
    client = Client()
    client.force_login(jane)
    data = loaded(client, url)
    data["status"] = "active"

    outcomes = _at_once(Grant.history.model, [(jane, url, data), (omar, url, dict(data))])

    assert outcomes == [302, 409]
    assert Grant.objects.get(pk=grant.pk).status == Grant.Status.ACTIVE
    assert grant.history.filter(status=Grant.Status.ACTIVE).count() == 1
