"""Reported figures must fall inside their plan's period: a rule across tables, so a trigger.

A CHECK constraint cannot look at another table; these triggers make the database itself refuse
a progress entry or a project progress row whose year lies outside the plan's start–end years.
"""

from django.db import migrations

GUARDED = [
    # (constraint name, table, foreign key column, item table)
    ("progress_year_inside_plan", "indicators_progressentry", "indicator_id", "indicators_indicator"),
    ("project_progress_year_inside_plan", "projects_projectprogress", "project_id", "projects_keyproject"),
]


def sqlite_statements(name, table, fk, item):
    outside = (
        f"NOT EXISTS (SELECT 1 FROM {item} i JOIN plans_plan p ON p.id = i.plan_id "
        f"WHERE i.id = NEW.{fk} AND NEW.year BETWEEN p.start_year AND p.end_year)"
    )
    for event, suffix in (("INSERT", "insert"), (f"UPDATE OF year, {fk}", "update")):
        yield (
            f"CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} WHEN {outside} "
            f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
        )


def postgresql_statements(name, table, fk, item):
    yield f"""
        CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
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


def drop_statements(vendor, name, table):
    if vendor == "sqlite":
        yield f"DROP TRIGGER IF EXISTS {name}_insert"
        yield f"DROP TRIGGER IF EXISTS {name}_update"
    else:
        yield f"DROP TRIGGER IF EXISTS {name} ON {table}"
        yield f"DROP FUNCTION IF EXISTS {name}()"


BUILDERS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in BUILDERS:
        raise NotImplementedError(f"plan-tracker supports SQLite and PostgreSQL, not {vendor}")
    for guarded in GUARDED:
        for statement in BUILDERS[vendor](*guarded):
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for name, table, _fk, _item in GUARDED:
        for statement in drop_statements(schema_editor.connection.vendor, name, table):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("indicators", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
