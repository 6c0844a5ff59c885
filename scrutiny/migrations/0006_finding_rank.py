from django.db import migrations, models
from django.db.models import Case, Value, When

# The order of the severities, as scrutiny.health.SEVERITY_ORDER has it when written.
ORDER = {"high": 0, "medium": 1, "low": 2}


def rank_the_findings(apps, schema_editor):
    """The open findings: only they are listed in order."""
    HealthFinding = apps.get_model("scrutiny", "HealthFinding")
    HealthFinding.objects.filter(resolved_at__isnull=True).update(
        rank=Case(
            *(When(severity=name, then=Value(place)) for name, place in ORDER.items()),
            default=Value(9),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0005_drawn_dashboards"),
    ]

    operations = [
        migrations.AddField(
            model_name="healthfinding",
            name="rank",
            field=models.PositiveSmallIntegerField(
                default=9, help_text="The severity's place, most severe first: the lists' order."
            ),
        ),
        migrations.RunPython(rank_the_findings, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="healthfinding",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["rank", "check_name", "subject", "id"],
                name="health_finding_open_order",
            ),
        ),
    ]
