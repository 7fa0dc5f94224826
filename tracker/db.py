"""Database helpers the ORM lacks: writing many rows, each with its own values, and their history."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from simple_history.manager import HistoryManager as LibraryHistoryManager

ROWS_PER_STATEMENT = 1000  # parameters per statement stay far below SQLite's and PostgreSQL's limits


class HistoryManager(LibraryHistoryManager):  # type: ignore[misc]
    """django-simple-history's, for `HistoricalRecords(history_manager=…)`: its `Model.history`
    descriptor builds the manager class from the queryset class on every access (an
    `inspect.getmembers` walk, ~0.5 ms per save); the class depends on nothing else, so once."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class: type[Any], class_name: str | None = None) -> Any:
        return super().from_queryset(queryset_class, class_name)


def prepared(objs: Sequence[models.Model], fields: Sequence[models.Field[Any, Any]]) -> list[list[Any]]:
    """Each object's values of `fields` as the database takes them, one list per field.

    A batch repeats most values (its moment, its user, NULL): a value that is the very object the
    previous row had is not prepared again.
    """
    columns: list[list[Any]] = []
    for field in fields:
        column, seen, ready = [], object(), None
        for obj in objs:
            value = getattr(obj, field.attname)
            if value is not seen:
                seen, ready = value, field.get_db_prep_save(value, connection)
            column.append(ready)
        columns.append(column)
    return columns


def rows_source(
    objs: Sequence[models.Model], fields: Sequence[models.Field[Any, Any]]
) -> tuple[str, list[Any]]:
    """The objects' values of `fields` as rows to select from, and its parameters.

    PostgreSQL: UNNEST of one array per field, as `bulk_create` does there, since the driver's
    client-side binding splits a query at every placeholder (a multi-row VALUES would cost more than
    the insert); the types leave out sizes so nothing is truncated. A field with one value for
    every row (a batch's moment, its user, blanks) is passed once, not as an array. Elsewhere, VALUES.
    """
    columns = prepared(objs, fields)
    if connection.vendor == "postgresql":
        selected, constants, arrays, unnested = [], [], [], []
        for n, (field, column) in enumerate(zip(fields, columns, strict=True)):
            kind = field.db_type(connection).split("(")[0]  # type: ignore[union-attr]
            if n and all(value is column[0] for value in column):  # the first gives UNNEST its rows
                selected.append(f"(%s)::{kind}")
                constants.append(column[0])
            else:
                selected.append(f"c{n}")
                arrays.append((f"c{n}", f"(%s)::{kind}[]"))
                unnested.append(column)
        names = ", ".join(name for name, _array in arrays)
        source = ", ".join(array for _name, array in arrays)
        return f"SELECT {', '.join(selected)} FROM UNNEST({source}) AS u ({names})", [*constants, *unnested]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"VALUES {', '.join([row] * len(objs))}", [
        value for values in zip(*columns, strict=True) for value in values
    ]


def table_and_key(model: type[models.Model]) -> tuple[str, models.Field[Any, Any], str]:
    """The model's quoted table name, its primary key, and the key's quoted column."""
    pk = model._meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), pk, quote(pk.column)  # type: ignore[arg-type]


def column_list(fields: Sequence[models.Field[Any, Any]]) -> str:
    quote = connection.ops.quote_name  # once: each `connection.` goes through a thread-local lookup
    return ", ".join(quote(field.column) for field in fields)  # type: ignore[arg-type]


def insert_rows(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Insert the objects with `fields` and set their primary keys: one INSERT … RETURNING per
    thousand rows.

    Django's `bulk_create` compiles every value through its field (pre_save, placeholder, prepare)
    and on SQLite splits at 999 parameters, 55 rows of an entry; this prepares each value once.
    Fields' `pre_save` (auto_now) is not called: the caller sets every field it names. The keys come
    back in the order of the rows, as `bulk_create` relies on too.
    """
    if not objs:
        return
    model = type(objs[0])
    table, _pk, key = table_and_key(model)
    written = [model._meta.get_field(name) for name in fields]
    names = column_list(written)  # type: ignore[arg-type]
    for start in range(0, len(objs), ROWS_PER_STATEMENT):
        chunk = objs[start : start + ROWS_PER_STATEMENT]
        source, params = rows_source(chunk, written)  # type: ignore[arg-type]
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({names}) {source} RETURNING {key}", params)
            for obj, (ident,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = ident
                obj._state.adding, obj._state.db = False, connection.alias


def read_back(obj: models.Model, fields: Sequence[models.Field[Any, Any]]) -> None:
    """Set `fields` of a saved object to what its row holds, as `refresh_from_db` would: one SELECT
    and the fields' converters, without the ORM building the query (~0.4 ms, a twentieth of a
    figure's whole POST)."""
    if not fields:
        return
    table, _pk, key = table_and_key(type(obj))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column_list(fields)} FROM {table} WHERE {key} = %s", [obj.pk])
        row = cursor.fetchone()
    for field, value in zip(fields, row, strict=True):
        column = field.get_col(type(obj)._meta.db_table)
        for convert in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
            value = convert(value, column, connection)
        setattr(obj, field.attname, value)


def update_rows(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of each object to its row, each row its own values: one UPDATE … FROM per
    thousand rows.

    Django's `bulk_update` builds a CASE with a WHEN per row and field, whose compilation costs about
    a millisecond per row; this passes each value as one parameter.
    """
    if not objs:
        return
    model = type(objs[0])
    quote = connection.ops.quote_name
    table, pk, key = table_and_key(model)
    written = [model._meta.get_field(name) for name in fields]
    every = [pk, *written]
    names = column_list(every)  # type: ignore[arg-type]
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in written)  # type: ignore[arg-type, union-attr]
    for start in range(0, len(objs), ROWS_PER_STATEMENT):
        source, params = rows_source(objs[start : start + ROWS_PER_STATEMENT], every)  # type: ignore[arg-type]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v ({names}) AS ({source}) UPDATE {table} SET {assignments} FROM v "
                f"WHERE {table}.{key} = v.{key}",
                params,
            )


def history_rows(
    model: type[models.Model],
    pks: Sequence[Any],
    *,
    history_type: str,
    user: Any,
    date: datetime,
    reason: str | None = None,
) -> None:
    """Record the rows' history as they are stored now: one INSERT … SELECT per thousand rows.

    What django-simple-history's `bulk_history_create` writes (the tracked fields, who, when, why,
    `+` created or `~` changed), without a historical model instance per row; it sends no signals
    either.
    """
    history = model.history.model  # type: ignore[attr-defined]
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    given = {
        "history_date": date,
        "history_type": history_type,
        "history_user": None if user is None else user.pk,
        "history_change_reason": reason,
    }
    names = [field.name for field in tracked] + list(given)
    target = column_list([history._meta.get_field(name) for name in names])
    source = ", ".join([column_list(tracked), *["%s"] * len(given)])
    extra = [
        history._meta.get_field(name).get_db_prep_save(value, connection) for name, value in given.items()
    ]
    table, _pk, key = table_and_key(model)
    for start in range(0, len(pks), ROWS_PER_STATEMENT):
        chunk = list(pks[start : start + ROWS_PER_STATEMENT])
        among, keys = (
            ("= ANY(%s)", [chunk])
            if connection.vendor == "postgresql"
            else (f"IN ({', '.join(['%s'] * len(chunk))})", chunk)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({target}) "
                f"SELECT {source} FROM {table} WHERE {key} {among}",
                [*extra, *keys],
            )
