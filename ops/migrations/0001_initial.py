"""FailedJob comes from the reports app, whose table it keeps (reports_failedjob):
the move is in Django's state only, and no row is touched. Its content type is
renamed, so the admin's log and any permission given on it follow it."""

import django.utils.timezone
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="reports", new="ops"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="failedjob").exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model="failedjob").update(app_label=new)


def rename_content_type_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="ops", new="reports")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0003_requeue_waiting_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FailedJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("task", models.CharField(max_length=200)),
                        ("task_id", models.CharField(blank=True, max_length=100)),
                        ("arguments", models.JSONField(default=dict)),
                        ("error", models.TextField()),
                        ("details", models.TextField(blank=True)),
                        ("failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("resolved", models.BooleanField(default=False)),
                    ],
                    options={
                        "db_table": "reports_failedjob",
                        "ordering": ["-failed_at", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, rename_content_type_back),
    ]
