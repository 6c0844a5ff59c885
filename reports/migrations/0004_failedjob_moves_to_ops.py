"""FailedJob is the ops app's now (ops/migrations/0001_initial.py): it leaves this
app's state only; its table, reports_failedjob, stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0001_initial"),
        ("reports", "0003_requeue_waiting_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FailedJob")],
            database_operations=[],
        ),
    ]
