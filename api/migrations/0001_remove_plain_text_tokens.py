"""API tokens used to be kept in the clear (DRF's authtoken); they are now kept only
as hashes (django-rest-knox). The old table and every token in it go: administrators
issue the tokens again."""

from django.db import migrations


def remove_plain_text_tokens(apps, schema_editor):
    if "authtoken_token" in schema_editor.connection.introspection.table_names():
        schema_editor.execute("DROP TABLE authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(remove_plain_text_tokens, migrations.RunPython.noop)]
