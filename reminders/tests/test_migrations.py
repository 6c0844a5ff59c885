"""Reminder moved from meetings/ to reminders/ without moving a row: a database
migrated before the move keeps its reminders, their table and their content type,
and migrates back again."""

import datetime
import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_celery_beat.models import PeriodicTask

from partnerships.tests.factories import PersonFactory
from reminders.models import Reminder

BEFORE = [("meetings", "0004_daily_reminders_schedule"), ("reminders", None)]
OLD_DESCRIPTION = "One digest a person, and escalations to chairs: see meetings/reminders.py."


def _migrate(targets):
    """Migrate to the targets; the models as the applied migrations have them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_reminders():
    old = _migrate(BEFORE)
    # A transactional test run earlier may have flushed the schedule that meetings'
    # migration made: make it again as that migration does (it keeps one if there).
    beat = importlib.import_module("meetings.migrations.0004_daily_reminders_schedule")
    beat.install(old, None)
    person = PersonFactory()
    sent = old.get_model("meetings", "Reminder").objects.create(
        kind="digest",
        date=datetime.date(2026, 11, 23),
        person_id=person.pk,
        status="sent",
        claimed_at=datetime.datetime(2026, 11, 23, 7, tzinfo=datetime.UTC),
        sent_at=datetime.datetime(2026, 11, 23, 7, 1, tzinfo=datetime.UTC),
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="meetings", model="reminder"
    )[0]
    PeriodicTask.objects.filter(task="meetings.tasks.send_daily_reminders").update(
        description=OLD_DESCRIPTION
    )

    _migrate(_latest())

    reminder = Reminder.objects.get()
    assert (reminder.pk, reminder.person, reminder.status) == (sent.pk, person, "sent")
    assert Reminder._meta.db_table == "meetings_reminder"
    assert ContentType.objects.get_for_model(Reminder).pk == old_type.pk
    assert not ContentType.objects.filter(app_label="meetings", model="reminder").exists()
    schedule = PeriodicTask.objects.get(task="meetings.tasks.send_daily_reminders")
    assert schedule.description.endswith("see reminders/services.py.")

    _migrate(BEFORE)  # and back, as it was

    assert old.get_model("meetings", "Reminder").objects.get().pk == sent.pk
    assert ContentType.objects.get(app_label="meetings", model="reminder").pk == old_type.pk
    schedule.refresh_from_db()
    assert schedule.description == OLD_DESCRIPTION
    _migrate(_latest())
