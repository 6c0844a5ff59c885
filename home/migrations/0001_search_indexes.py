"""The search's full-text indexes (home/search.py), on PostgreSQL only: one GIN index
a kind, over the very expression the search filters by. They are not in any model's
Meta (SQLite has no GIN indexes), so this migration makes them and Django's model
state does not know of them."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "english"  # as home/search.py searches


class SearchIndexes(migrations.operations.base.Operation):
    """CREATE (or DROP) the indexes where the database is PostgreSQL."""

    reduces_to_sql = False
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def _each(self, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for label, fields, name in TABLES:
            model = self.apps.get_model(label)
            yield model, GinIndex(SearchVector(*fields, config=CONFIG), name=name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self.apps = to_state.apps
        for model, index in self._each(schema_editor):
            schema_editor.add_index(model, index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self.apps = from_state.apps
        for model, index in self._each(schema_editor):
            schema_editor.remove_index(model, index)

    def describe(self):
        return "Full-text search indexes (PostgreSQL)"


TABLES = [
    ("partnerships.Group", ("name", "purpose"), "search_group"),
    ("partnerships.Person", ("name", "job_title"), "search_person"),
    ("partnerships.Organisation", ("name",), "search_organisation"),
    ("meetings.Meeting", ("place", "minutes"), "search_meeting"),
    ("meetings.AgendaItem", ("title", "presenter"), "search_agenda_item"),
    ("meetings.Decision", ("text",), "search_decision"),
    ("meetings.Action", ("description",), "search_action"),
    ("strategy.Priority", ("title", "description", "rationale"), "search_priority"),
    ("funding.Grant", ("title", "description", "evaluation_summary"), "search_grant"),
    (
        "scrutiny.Review",
        ("title", "purpose", "terms_of_reference", "background", "conclusion"),
        "search_review",
    ),
    ("scrutiny.Recommendation", ("text", "response_text"), "search_recommendation"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_links_revoked_at"),
        ("meetings", "0005_reminder_moves_to_reminders"),
        ("strategy", "0002_content_types_follow_the_models"),
        ("funding", "0003_grant_priority_in_strategy"),
        ("scrutiny", "0008_finding_tallies"),
    ]

    operations = [SearchIndexes()]
