"""Reported figures must fall inside their plan's period: a rule across tables, so a trigger.

A CHECK constraint cannot look at another table; these triggers make the database itself refuse a
progress entry or a project progress row whose year lies outside the plan's start–end years.

They are installed after every `migrate` and dropped before it, not created by a migration: SQLite
rebuilds a table to alter it, and a trigger that names the table being rebuilt would stop that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connections

GUARDED = [
    # (trigger name, table, foreign key column, item table)
    ("progress_year_inside_plan", "indicators_progressentry", "indicator_id", "indicators_indicator"),
    ("project_progress_year_inside_plan", "projects_projectprogress", "project_id", "projects_keyproject"),
]
TABLES = {"plans_plan", *(table for _n, table, _f, _i in GUARDED), *(item for _n, _t, _f, item in GUARDED)}


def _sqlite_create(name: str, table: str, fk: str, item: str) -> Iterator[str]:
    outside = (
        f"NOT EXISTS (SELECT 1 FROM {item} i JOIN plans_plan p ON p.id = i.plan_id "
        f"WHERE i.id = NEW.{fk} AND NEW.year BETWEEN p.start_year AND p.end_year)"
    )
    for event, suffix in (("INSERT", "insert"), (f"UPDATE OF year, {fk}", "update")):
        yield (
            f"CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} WHEN {outside} "
            f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
        )


def _sqlite_drop(name: str, table: str) -> Iterator[str]:
    yield f"DROP TRIGGER IF EXISTS {name}_insert"
    yield f"DROP TRIGGER IF EXISTS {name}_update"


def _postgresql_create(name: str, table: str, fk: str, item: str) -> Iterator[str]:
    yield f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM {item} i JOIN plans_plan p ON p.id = i.plan_id
                WHERE i.id = NEW.{fk} AND NEW.year BETWEEN p.start_year AND p.end_year
            ) THEN
                RAISE EXCEPTION 'year % is outside the plan period', NEW.year
                    USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
            END IF;
            RETURN NEW;
        END $$
    """
    yield (
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF year, {fk} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()"
    )


def _postgresql_drop(name: str, table: str) -> Iterator[str]:
    yield f"DROP TRIGGER IF EXISTS {name} ON {table}"


CREATE = {"sqlite": _sqlite_create, "postgresql": _postgresql_create}
DROP = {"sqlite": _sqlite_drop, "postgresql": _postgresql_drop}


def _run(using: str, statements: Iterator[str]) -> None:
    with connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)  # no parameters: PL/pgSQL's own % must stay as written


def _tables_exist(using: str) -> bool:
    connection = connections[using]
    return set(connection.introspection.table_names()) >= TABLES


def drop_triggers(using: str = "default", **_: Any) -> None:
    vendor = connections[using].vendor
    if vendor in DROP and _tables_exist(using):
        for name, table, _fk, _item in GUARDED:
            _run(using, DROP[vendor](name, table))


def install_triggers(using: str = "default", **_: Any) -> None:
    vendor = connections[using].vendor
    if vendor not in CREATE:
        raise NotImplementedError(f"plan-tracker supports SQLite and PostgreSQL, not {vendor}")
    if not _tables_exist(using):
        return
    drop_triggers(using)
    for guarded in GUARDED:
        _run(using, CREATE[vendor](*guarded))
