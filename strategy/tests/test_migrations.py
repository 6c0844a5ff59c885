"""The strategy moved from partnerships/ to strategy/ without moving a row: a
database migrated before the move reads the same plans, priorities, updates,
indicators, values and their history through the strategy app, keeps writing to
the same tables, and migrates back again. No migration of the move runs SQL."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from funding.models import Grant
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory
from strategy.models import Indicator, IndicatorTarget, IndicatorValue, Plan, Priority

BEFORE = [
    ("partnerships", "0003_person_digest_opt_out"),
    ("funding", "0002_grant_list_order"),
    ("strategy", None),
]
THE_MOVE = [
    ("strategy", "0001_initial"),
    ("funding", "0003_grant_priority_in_strategy"),
    ("partnerships", "0004_strategy_moves_to_its_own_app"),
]
ADDED = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)


def _migrate(targets):
    """Migrate to the targets; the models as the applied migrations have them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _history_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM partnerships_historicalpriority")
        return cursor.fetchone()[0]


@pytest.fixture
def no_findings_recompute(monkeypatch):
    """Before the move there are no kept findings to recompute: a saved record's
    request for one is left unsent."""
    from scrutiny import tasks

    monkeypatch.setattr(tasks, "changed", lambda ids: None)


@pytest.mark.django_db(transaction=True)  # SQLite migrates only outside a transaction
def test_a_database_migrated_before_the_move_keeps_its_strategy(no_findings_recompute):
    old = _migrate(BEFORE)
    partnership = PartnershipFactory()
    # The person, group and action as the models were then (each has fields added since).
    lead = old.get_model("partnerships", "Person").objects.create(name="Lead")
    group = old.get_model("partnerships", "Group").objects.create(
        partnership_id=partnership.pk, name="Board", kind="board"
    )
    action = old.get_model("meetings", "Action").objects.create(
        group_id=group.pk, description="Draft the plan", due=datetime.date(2026, 6, 1)
    )
    plan = old.get_model("partnerships", "Plan").objects.create(
        partnership_id=partnership.pk,
        title="Community Safety Plan",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )
    priority = old.get_model("partnerships", "Priority").objects.create(
        plan=plan, title="Reduce serious violence", lead_person_id=lead.pk
    )
    priority.actions.add(action.pk)
    old.get_model("partnerships", "HistoricalPriority").objects.create(
        id=priority.pk,
        plan_id=plan.pk,
        position=1,
        title=priority.title,
        lead_person_id=lead.pk,
        history_date=ADDED,
        history_type="+",
    )
    old.get_model("partnerships", "PriorityUpdate").objects.create(
        priority=priority, period_end=datetime.date(2026, 9, 30), rag="amber"
    )
    indicator = old.get_model("partnerships", "Indicator").objects.create(
        partnership_id=partnership.pk, name="Knife crime"
    )
    indicator.priorities.add(priority)
    old.get_model("partnerships", "IndicatorTarget").objects.create(
        indicator=indicator, period="2026-Q2", period_start=datetime.date(2026, 4, 1), value=40
    )
    old.get_model("partnerships", "IndicatorValue").objects.create(
        indicator=indicator, period="2026-Q2", period_start=datetime.date(2026, 4, 1), value=42
    )
    # The grant as the model was then too (it has fields added since).
    grant = old.get_model("funding", "Grant").objects.create(
        identifier="360G-test-0001",
        title="Knife crime project",
        description="Youth work.",
        partnership_id=partnership.pk,
        funder_id=OrganisationFactory().pk,
        amount=1_000_00,
        priority_id=priority.pk,
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="partnerships", model="priority"
    )[0]

    _migrate(_latest())

    moved = Priority.objects.get()
    assert (moved.pk, moved.title, moved.lead_person_id) == (priority.pk, priority.title, lead.pk)
    assert moved.plan == Plan.objects.get(pk=plan.pk)
    assert list(moved.actions.values_list("pk", flat=True)) == [action.pk]
    assert [(u.period_end, u.rag) for u in moved.updates.all()] == [
        (datetime.date(2026, 9, 30), "amber")
    ]
    assert list(moved.indicators.all()) == [Indicator.objects.get(pk=indicator.pk)]
    assert IndicatorTarget.objects.get().value == Decimal("40")
    assert IndicatorValue.objects.get().value == Decimal("42")
    assert Grant.objects.get(pk=grant.pk).priority == moved
    [history] = moved.history.all()
    assert (history.history_date, history.history_type) == (ADDED, "+")
    assert ContentType.objects.get_for_model(Priority).pk == old_type.pk
    assert not ContentType.objects.filter(app_label="partnerships", model="priority").exists()

    moved.title = "Reduce knife crime"
    moved.save()  # the history goes on in the same table
    assert _history_rows() == 2
    assert [h.title for h in moved.history.all()] == ["Reduce knife crime", priority.title]

    old = _migrate(BEFORE)  # and back, as it was

    assert old.get_model("partnerships", "Priority").objects.get().title == "Reduce knife crime"
    assert ContentType.objects.get(app_label="partnerships", model="priority").pk == old_type.pk
    _migrate(_latest())


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor, even to write SQL out
def test_the_move_runs_no_sql():
    for app, name in THE_MOVE:
        out = io.StringIO()
        call_command("sqlmigrate", app, name, stdout=out)
        statements = [
            line
            for line in out.getvalue().splitlines()
            if line.strip() and not line.startswith("--") and line not in {"BEGIN;", "COMMIT;"}
        ]
        assert statements == [], (app, name)
