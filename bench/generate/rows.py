"""Rows written in bulk without making a model instance of each: on PostgreSQL one
COPY a table, as a restore does; elsewhere bulk_create in batches. The big tables
of the synthetic register (seats, agenda items, attendance, actions) are written
this way; a county's hundred thousand rows take a second, not fifteen."""

import io

from django.db import connection

BATCH = 5000


def insert(model, fields, rows):
    """Write rows (tuples of values in the order of fields, attribute names such as
    "meeting_id") into model's table. A column left out takes its field's default,
    worked out once: nothing here has a default that differs from row to row."""
    fields = list(fields)
    given = set(fields)
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in given]
    for field in rest:
        if field.has_default() and callable(field.default):
            raise ValueError(f"{model.__name__}.{field.name} needs a value in each row")
    defaults = tuple(field.get_default() for field in rest)
    if connection.vendor != "postgresql":
        names = fields + [f.attname for f in rest]
        model.objects.bulk_create(
            (model(**dict(zip(names, row + defaults, strict=True))) for row in rows),
            batch_size=BATCH,
        )
        return
    columns = ", ".join(
        connection.ops.quote_name(c)
        for c in [model._meta.get_field(n).column for n in fields] + [f.column for f in rest]
    )
    text = io.StringIO()
    for row in rows:
        text.write("\t".join(_text(v) for v in row + defaults))
        text.write("\n")
    text.seek(0)
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", text)


def _text(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
