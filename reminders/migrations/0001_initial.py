"""The Reminder model moves here from meetings/ with the code that sends the
reminders. Only Django's idea of where it lives changes: the table keeps its name
(meetings_reminder), its rows, indexes and constraints, and no SQL runs. Its
content type moves with it, so the admin's permissions on it and the log of its
changes stay attached. meetings 0005 takes it out of meetings' state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="meetings", target="reminders"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="reminder").exists():
        return  # made after a migrate of its own: the old one, if any, stays stale
    ContentType.objects.filter(app_label=source, model="reminder").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="reminders", target="meetings")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0004_daily_reminders_schedule"),
        ("partnerships", "0003_person_digest_opt_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("digest", "Daily digest"),
                                    ("escalation", "Escalation to a chair"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("date", models.DateField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("sending", "Sending"), ("sent", "Sent")],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        (
                            "claim",
                            models.UUIDField(blank=True, help_text="The run that holds it.", null=True),
                        ),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("error", models.TextField(blank=True)),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="partnerships.person",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_reminder",
                        "ordering": ["-date", "kind", "id"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("person__isnull", False)),
                                fields=("person", "kind", "date"),
                                name="reminder_once_a_day_per_person",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("user__isnull", False)),
                                fields=("user", "kind", "date"),
                                name="reminder_once_a_day_per_user",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("person__isnull", False), ("user__isnull", True)),
                                    models.Q(("person__isnull", True), ("user__isnull", False)),
                                    _connector="OR",
                                ),
                                name="reminder_to_a_person_or_a_user",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("kind", "escalation"), _negated=True),
                                    ("person__isnull", False),
                                    _connector="OR",
                                ),
                                name="reminder_escalation_to_a_person",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "sent"), _negated=True),
                                    ("sent_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="reminder_sent_has_a_time",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "pending"), ("claimed_at__isnull", False), _connector="OR"
                                ),
                                name="reminder_claimed_has_a_time",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
