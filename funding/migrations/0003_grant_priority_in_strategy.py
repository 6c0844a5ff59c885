"""A grant's priority is strategy.Priority now the strategy has an app of its own.
The column and its table are the same as before, so this changes the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_grant_list_order"),
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="grant",
                    name="priority",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="grants",
                        to="strategy.priority",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalgrant",
                    name="priority",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategy.priority",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
