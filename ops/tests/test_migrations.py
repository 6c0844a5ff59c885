"""FailedJob moved from the reports app to ops in Django's state only: the rows
recorded before the move are there after it, in the same table, and its content
type is the same row under its new app."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ops.models import FailedJob

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = ("reports", "0003_requeue_waiting_schedule")


def _migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_it_keeps_the_rows_and_the_table_of_failed_jobs():
    executor = _migrate(("ops", None))
    try:
        old = executor.loader.project_state(BEFORE_THE_MOVE).apps
        old_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="reports", model="failedjob"
        )[0]
        old.get_model("reports", "FailedJob").objects.create(
            task="reports.build", arguments={"args": ["7"]}, error="ValueError: broken"
        )
    finally:
        _migrate(*_latest())

    job = FailedJob.objects.get()
    assert (job.task, job.arguments, job.error) == (
        "reports.build",
        {"args": ["7"]},
        "ValueError: broken",
    )
    assert FailedJob._meta.db_table == "reports_failedjob"
    tables = connection.introspection.table_names()
    assert "reports_failedjob" in tables and "ops_failedjob" not in tables

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(FailedJob).pk == old_type.pk
    assert not ContentType.objects.filter(app_label="reports", model="failedjob").exists()
