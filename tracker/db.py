"""Database helpers the ORM lacks: writing many rows, each with its own values, and their history;
reading with a query compiled once."""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from django.db import connection, models
from django.db.models import Expression, F, Q
from django.db.models.sql.constants import MULTI
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


def column_converters(compiler: Any) -> dict[int, tuple[list[Callable[..., Any]], Any]]:
    """The compiled query's per-column value converters (Django's, by column position)."""
    return compiler.get_converters([selected[0] for selected in compiler.select[: compiler.col_count]])  # type: ignore[no-any-return]


def value_rows(queryset: models.QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list(*fields)` queryset (plain fields, no expressions), as iterating it
    gives them, for tens of thousands of rows: a decimal column is converted once per distinct
    value, not once per row (SQLite keeps decimals as floats and Django rounds each back, a few
    microseconds apiece); Decimals being immutable, rows sharing a value share its object. Zero and
    missing values are converted every time (0.0 and -0.0 are equal keys, not equal Decimals)."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    rows = list(chain.from_iterable(compiler.execute_sql(MULTI)))
    converters = column_converters(compiler)
    if not rows or not converters:
        return rows
    columns = list(zip(*rows, strict=True))
    for position, (functions, expression) in converters.items():
        memo: dict[Any, Any] | None = {} if isinstance(expression.output_field, models.DecimalField) else None
        columns[position] = tuple(
            _converted(columns[position], functions, expression, compiler.connection, memo)
        )
    return list(zip(*columns, strict=True))


def _converted(
    column: Sequence[Any],
    functions: Sequence[Callable[..., Any]],
    expression: Any,
    using: Any,
    memo: dict[Any, Any] | None,
) -> list[Any]:
    def convert(value: Any) -> Any:
        for function in functions:
            value = function(value, expression, using)
        return value

    if memo is None:
        return [convert(value) for value in column]
    values = []
    for value in column:
        if not value:
            values.append(convert(value))
        elif value in memo:
            values.append(memo[value])
        else:
            values.append(memo.setdefault(value, convert(value)))
    return values


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
            kind = postgresql_type(field)
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


@functools.cache
def postgresql_type(field: models.Field[Any, Any]) -> str:
    """The field's column type without its size (`varchar`, `numeric`), worked out once per field."""
    return field.db_type(connection).split("(")[0]  # type: ignore[union-attr]


def table_and_key(model: type[models.Model]) -> tuple[str, models.Field[Any, Any], str]:
    """The model's quoted table name, its primary key, and the key's quoted column."""
    pk = model._meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), pk, quote(pk.column)  # type: ignore[arg-type]


def column_list(fields: Sequence[models.Field[Any, Any]]) -> str:
    quote = connection.ops.quote_name  # once: each `connection.` goes through a thread-local lookup
    return ", ".join(quote(field.column) for field in fields)  # type: ignore[arg-type]


def insert_rows(
    objs: Sequence[models.Model], fields: Sequence[str], *, stored: Sequence[models.Field[Any, Any]] = ()
) -> None:
    """Insert the objects with `fields` and set their primary keys: one INSERT … RETURNING per
    thousand rows. `stored`: fields set back to what the rows hold, returned by the same statement
    (a database may keep a value otherwise than written: SQLite its decimals as floating point).

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
    returning = ", ".join([key, column_list(stored)]) if stored else key
    for start in range(0, len(objs), ROWS_PER_STATEMENT):
        chunk = objs[start : start + ROWS_PER_STATEMENT]
        source, params = rows_source(chunk, written)  # type: ignore[arg-type]
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({names}) {source} RETURNING {returning}", params)
            for obj, (ident, *values) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = ident
                obj._state.adding, obj._state.db = False, connection.alias
                if stored:
                    set_as_stored(obj, stored, values)


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
    set_as_stored(obj, fields, row)


def set_as_stored(obj: models.Model, fields: Sequence[models.Field[Any, Any]], row: Sequence[Any]) -> None:
    """Set `fields` of the object from their columns' values as the database returned them, through
    the converters Django's compiler would apply."""
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
    given = {
        "history_date": date,
        "history_type": history_type,
        "history_user": None if user is None else user.pk,
        "history_change_reason": reason,
    }
    statement, given_fields = history_statement(model, connection.vendor)
    extra = [field.get_db_prep_save(given[field.name], connection) for field in given_fields]
    for start in range(0, len(pks), ROWS_PER_STATEMENT):
        chunk = list(pks[start : start + ROWS_PER_STATEMENT])
        among, keys = (
            ("= ANY(%s)", [chunk])
            if connection.vendor == "postgresql"
            else (f"IN ({', '.join(['%s'] * len(chunk))})", chunk)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"{statement} {among}", [*extra, *keys])


@functools.cache
def history_statement(model: type[models.Model], vendor: str) -> tuple[str, list[models.Field[Any, Any]]]:
    """`INSERT INTO <history> (…) SELECT <tracked>, %s… FROM <table> WHERE <key>` for `history_rows`,
    and the history's fields of the given values (when, type, who, why) in the order of their `%s`."""
    history = model.history.model  # type: ignore[attr-defined]
    tracked = history.tracked_fields
    given_fields = [
        history._meta.get_field(name)
        for name in ("history_date", "history_type", "history_user", "history_change_reason")
    ]
    target = column_list([*(history._meta.get_field(field.name) for field in tracked), *given_fields])
    source = ", ".join([column_list(tracked), *["%s"] * len(given_fields)])
    table, _pk, key = table_and_key(model)
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({target}) SELECT {source} FROM {table} WHERE {key}",
        given_fields,
    )


# --- queries compiled once ----------------------------------------------------------------------

COMPILED_PER_THREAD = 256  # shapes kept; a list endpoint has a few per scope of its callers


class Parameter(Expression):
    """A value given when a compiled query runs (see `compiled`): its SQL is a placeholder."""

    def __init__(self, name: str, output_field: models.Field[Any, Any] | None = None) -> None:
        super().__init__(output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return "%s", (self,)

    def value(self, values: Mapping[str, Any]) -> Any:
        return values[self.name]


class ListParameter(Parameter):
    """A list of integers given when a compiled query runs, as one value whatever its length (see
    `Among`): an array on PostgreSQL, JSON text elsewhere."""

    def value(self, values: Mapping[str, Any]) -> Any:
        given = [int(item) for item in values[self.name]]
        return given if connection.vendor == "postgresql" else json.dumps(given)


class Among(Expression):
    """The condition that a column is one of the integers a `ListParameter` gives: one placeholder
    for any number of them, so the query is compiled once (PostgreSQL: `= ANY(array)`, SQLite: the
    rows of `json_each`)."""

    conditional = True

    def __init__(self, column: str, values: ListParameter) -> None:
        super().__init__(output_field=models.BooleanField())
        self.column, self.values = F(column), values

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.values]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        self.column, self.values = expressions

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.column)
        among = "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
        return f"{column} {among}", (*params, self.values)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[Any, ...]

    def run(self, values: Mapping[str, Any], suffix: str = "") -> list[Any]:
        params = [p.value(values) if isinstance(p, Parameter) else p for p in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql + suffix, params)
            return list(cursor.fetchall())


class CompiledQuery:
    """A queryset's SQL with its `Parameter`s left open, its rows' conversions, and its COUNT,
    compiled when first asked (most queries are never counted: a lookup, a page that is not full)."""

    def __init__(
        self,
        rows: Statement,
        convert: Callable[[list[Any]], list[tuple[Any, ...]]],
        counting: Callable[[], models.QuerySet[Any]],
    ) -> None:
        self.rows, self.convert, self.counting = rows, convert, counting

    @functools.cached_property
    def count(self) -> Statement:
        counted = self.counting().order_by().values("pk")
        inner, params = counted.query.get_compiler(connection=connection, elide_empty=False).as_sql()
        return Statement(f"SELECT COUNT(*) FROM ({inner}) counted", tuple(params))

    def given(self, values: Mapping[str, Any]) -> CompiledRows:
        return CompiledRows(self, values)


@dataclass(frozen=True)
class CompiledRows:
    """A compiled query with its values: rows a paginator slices and counts, as it does a queryset."""

    query: CompiledQuery
    values: Mapping[str, Any]
    ordered = True

    def __getitem__(self, rows: slice) -> list[tuple[Any, ...]]:
        if rows.stop is not None and rows.stop <= (rows.start or 0):
            return []
        limit = connection.ops.limit_offset_sql(rows.start, rows.stop)
        return self.query.convert(self.query.rows.run(self.values, f" {limit}"))

    def all(self) -> list[tuple[Any, ...]]:
        return self.query.convert(self.query.rows.run(self.values))

    def count(self) -> int:
        return int(self.query.count.run(self.values)[0][0])


class CompiledQueries(threading.local):
    """A thread's compiled queries by shape, most recently used last. Per thread, as each keeps the
    conversions of the thread's connection."""

    def __init__(self) -> None:
        self.queries: OrderedDict[Hashable, CompiledQuery] = OrderedDict()


_compiled = CompiledQueries()


def compiled(
    key: Hashable | None,
    build: Callable[[], models.QuerySet[Any]],
    *,
    stored_decimals: bool = False,
    counted: Callable[[], models.QuerySet[Any]] | None = None,
) -> CompiledQuery:
    """`build()`, an ordered values_list queryset whose request values are `Parameter`s, compiled
    once per `key` (None: for this one use).

    Building and compiling a queryset costs the ORM more than the database takes to run it for a
    short list (about half of a 40-row list request); a list takes few shapes, so each is compiled
    once and run with every request's values. `key` must name everything the SQL depends on
    besides the `Parameter`s (and a key is always compiled with the same `stored_decimals`).

    With `stored_decimals`, decimal columns come as the database returns them (a Decimal from
    PostgreSQL, a float or an int from SQLite), for a caller that turns them into text itself:
    Django's Decimal of each SQLite value costs more than fetching it.

    `counted`, if given, builds the same rows with fewer joins (those that add columns but never
    rows) for the COUNT; by default `build()`'s rows are counted.
    """
    queries = _compiled.queries
    cache_key = (connection.alias, key)
    query = queries.get(cache_key) if key is not None else None
    if query is not None:
        queries.move_to_end(cache_key)
        return query
    queryset = build()
    # elide_empty=False: a scope of nothing compiles to a condition that is never true.
    compiler = queryset.query.get_compiler(connection=connection, elide_empty=False)
    rows = Statement(*compiler.as_sql())
    converters = column_converters(compiler)
    if stored_decimals:
        converters = {
            position: (functions, expression)
            for position, (functions, expression) in converters.items()
            if not isinstance(expression.output_field, models.DecimalField)
        }

    def convert(fetched: list[Any]) -> list[tuple[Any, ...]]:
        return list(map(tuple, compiler.apply_converters(fetched, converters))) if converters else fetched

    query = CompiledQuery(rows, convert, counted or (lambda: queryset))
    if key is not None:
        queries[cache_key] = query
        if len(queries) > COMPILED_PER_THREAD:
            queries.popitem(last=False)
    return query


@dataclass(frozen=True)
class Joined:
    """One model of a row that selects it with related ones, as `select_related` joins them: `path`
    from the first model ("" for it, "user", "user__unit") and the fields read, in the model's order
    (as `Model.from_db` takes them)."""

    path: str
    model: type[models.Model]
    fields: tuple[models.Field[Any, Any], ...]

    @property
    def columns(self) -> list[str]:
        prefix = f"{self.path}__" if self.path else ""
        return [prefix + field.attname for field in self.fields]


def joined_columns(joined: Sequence[Joined]) -> list[str]:
    """The `values_list` names of the joined models' fields, in order."""
    return [column for each in joined for column in each.columns]


def load_joined(row: Sequence[Any], joined: Sequence[Joined]) -> Any:
    """The first model of `joined` from one row of `joined_columns`, each related one loaded and
    cached on the one before it in its path as `select_related` does (None where the join found no
    row)."""
    values = iter(row)
    loaded: dict[str, Any] = {}
    for each in joined:
        names = [field.attname for field in each.fields]
        instance: Any = each.model.from_db(connection.alias, names, [next(values) for _ in names])
        if each.path:
            parent_path, _, name = each.path.rpartition("__")
            parent = loaded[parent_path]
            instance = instance if instance.pk is not None else None
            if parent is not None:
                parent._meta.get_field(name).set_cached_value(parent, instance)
        loaded[each.path] = instance
    return loaded[""]


def plain_q(q: Q) -> bool:
    """Whether the Q holds plain values only (no expression or queryset): equal such Qs compile to
    the same SQL, so one can be part of a compiled query's key."""
    return all(
        plain_q(child) if isinstance(child, Q) else isinstance(child, tuple) and plain_value(child[1])
        for child in q.children
    )


def plain_value(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(plain_value(item) for item in value)
    return value is None or isinstance(value, int | str)
