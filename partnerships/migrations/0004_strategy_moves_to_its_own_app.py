"""The strategy's models now belong to the strategy app (strategy 0001): they leave
this app's state only. Their tables, history tables and many-to-many tables stay
as they are, under their old names, so no data moves and no SQL runs.

It runs after funding 0003, which points a grant's priority at strategy.Priority:
until then a grant still refers to this app's Priority."""

from django.db import migrations

MOVED = [
    "HistoricalIndicator",
    "HistoricalIndicatorValue",
    "HistoricalMilestone",
    "HistoricalPlan",
    "HistoricalPriority",
    "HistoricalPriorityUpdate",
    "HistoricalStrategicAssessment",
    "IndicatorTarget",
    "IndicatorValue",
    "Milestone",
    "PriorityUpdate",
    "Indicator",
    "Priority",
    "Plan",
    "StrategicAssessment",
]


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_person_digest_opt_out"),
        ("strategy", "0001_initial"),
        ("funding", "0003_grant_priority_in_strategy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
