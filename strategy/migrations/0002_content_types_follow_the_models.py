"""The moved models' content types say strategy instead of partnerships, renamed in
place so their ids stay and what refers to them (permissions, the admin's log) goes
on referring to them. A database made after the move has none to rename."""

from django.db import migrations

MOVED = [
    "strategicassessment",
    "plan",
    "priority",
    "milestone",
    "priorityupdate",
    "indicator",
    "indicatortarget",
    "indicatorvalue",
    "historicalstrategicassessment",
    "historicalplan",
    "historicalpriority",
    "historicalmilestone",
    "historicalpriorityupdate",
    "historicalindicator",
    "historicalindicatorvalue",
]


def _relabel(apps, old, new):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    taken = content_types.filter(app_label=new, model__in=MOVED).values_list("model", flat=True)
    content_types.filter(app_label=old, model__in=MOVED).exclude(model__in=list(taken)).update(
        app_label=new
    )


def forwards(apps, schema_editor):
    _relabel(apps, "partnerships", "strategy")


def backwards(apps, schema_editor):
    _relabel(apps, "strategy", "partnerships")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("strategy", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
