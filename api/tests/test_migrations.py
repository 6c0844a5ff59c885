"""The tokens kept in the clear before tokens were hashed are removed, table and all."""

import importlib

import pytest
from django.db import connection

migration = importlib.import_module("api.migrations.0001_remove_plain_text_tokens")


@pytest.mark.django_db(transaction=True)  # SQLite alters tables only outside a transaction
def test_it_removes_the_plain_text_tokens(officer):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef', %s)", [officer.pk])
    with connection.schema_editor() as editor:
        migration.remove_plain_text_tokens(None, editor)
    assert "authtoken_token" not in connection.introspection.table_names()

    with connection.schema_editor() as editor:  # on a new database, there is none to remove
        migration.remove_plain_text_tokens(None, editor)
