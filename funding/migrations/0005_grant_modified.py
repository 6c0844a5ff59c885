"""When each grant's record last changed (a grant's dateModified in 360Giving data).

A grant already saved is given the date of the latest entry in its history, the
last time it really changed; one with no history keeps the time of this migration.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def date_from_history(apps, schema_editor):
    Grant = apps.get_model("funding", "Grant")
    HistoricalGrant = apps.get_model("funding", "HistoricalGrant")
    latest = (
        HistoricalGrant.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    Grant.objects.update(modified=Coalesce(Subquery(latest), "modified"))


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_grant_identifier_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="grant",
            name="modified",
            field=models.DateTimeField(
                auto_now=True,
                help_text="When the record last changed: a grant's dateModified in 360Giving data.",
                verbose_name="Last changed",
            ),
        ),
        migrations.RunPython(date_from_history, migrations.RunPython.noop),
    ]
