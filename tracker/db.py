"""Database helpers the ORM lacks."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

ROWS_PER_STATEMENT = 1000  # parameters per statement stay far below SQLite's and PostgreSQL's limits


def update_rows(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of each object to its row, each row its own values: one UPDATE … FROM VALUES
    per thousand rows.

    Django's `bulk_update` builds a CASE with a WHEN per row and field, whose compilation costs about
    a millisecond per row; this passes each value as one parameter. PostgreSQL needs the VALUES
    typed (a column of NULLs would be text); SQLite converts by the column's affinity.
    """
    if not objs:
        return
    model = type(objs[0])
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    written = [model._meta.get_field(name) for name in fields]
    every = [pk, *written]

    def placeholder(field: models.Field) -> str:  # type: ignore[type-arg]
        return f"CAST(%s AS {field.cast_db_type(connection)})" if connection.vendor == "postgresql" else "%s"

    row = "(" + ", ".join(placeholder(field) for field in every) + ")"  # type: ignore[arg-type]
    table = quote(model._meta.db_table)
    key = quote(pk.column)  # type: ignore[arg-type]
    names = ", ".join(quote(field.column) for field in every)  # type: ignore[arg-type, union-attr]
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in written)  # type: ignore[arg-type, union-attr]
    for start in range(0, len(objs), ROWS_PER_STATEMENT):
        chunk = objs[start : start + ROWS_PER_STATEMENT]
        params = [
            field.get_db_prep_save(getattr(obj, field.attname), connection)  # type: ignore[union-attr]
            for obj in chunk
            for field in every
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([row] * len(chunk))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{key} = v.{key}",
                params,
            )
