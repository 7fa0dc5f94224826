"""Moving EntryDeadline and LockException from plans to progress keeps an existing database's rows.

The database is taken back to the schema of the last release (before the progress app), filled
through the historical models as a user of that release would have, and migrated forward; then
every row is read back through today's models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.db_triggers import drop_triggers, install_triggers

# The leaf migrations before the progress app existed (commit a6ca7f6).
BEFORE = [
    ("accounts", "0002_api_token"),
    ("plans", "0002_deadlines_lock_exceptions_source_checksum"),
    ("indicators", "0005_reports_quarterly"),
    ("projects", "0003_submitted_by"),
    ("reports", "0002_default_schedules"),
    ("progress", None),
]
DEADLINE = datetime(2024, 3, 31, 16, 0, tzinfo=UTC)
EXPIRES = datetime(2024, 4, 15, 16, 0, tzinfo=UTC)


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    """As `manage.py migrate` does: the cross-table triggers come off before and go back after."""
    drop_triggers()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    install_triggers()
    return executor


def leaves() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_deadlines_exceptions_and_entries_survive_the_move() -> None:
    latest = leaves()
    old = migrate(BEFORE).loader.project_state([node for node in BEFORE if node[1] is not None]).apps

    jurisdiction = old.get_model("plans", "Jurisdiction").objects.create(name="泰安市", level="city")
    unit = old.get_model("plans", "Unit").objects.create(name="市科技局", jurisdiction=jurisdiction)
    user = old.get_model("accounts", "User").objects.create(username="fgw", unit=unit, role="planning_office")
    plan = old.get_model("plans", "Plan").objects.create(
        key="ta-14", title="泰安市十四五规划", kind="five_year", jurisdiction=jurisdiction,
        start_year=2021, end_year=2025, base_year=2020,
    )  # fmt: skip
    deadline = old.get_model("plans", "EntryDeadline").objects.create(plan=plan, year=2023, deadline=DEADLINE)
    exception = old.get_model("plans", "LockException").objects.create(
        plan=plan, year=2023, unit=unit, expires_at=EXPIRES, reason="数据延迟", granted_by=user
    )
    old.get_model("reports", "ReminderLog").objects.create(deadline=deadline, unit=unit, offset_days=-3)
    indicator = old.get_model("indicators", "Indicator").objects.create(
        plan=plan, key="1", name="研发投入强度"
    )
    old.get_model("indicators", "ProgressEntry").objects.create(
        indicator=indicator, year=2023, value=Decimal("2.6"), state="approved", created_by=user
    )
    project = old.get_model("projects", "KeyProject").objects.create(plan=plan, key="p1", name="泰山实验室")
    old.get_model("projects", "ProjectProgress").objects.create(
        project=project, year=2023, stage="construction", state="submitted", created_by=user
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    deadline_type = content_types.get_or_create(app_label="plans", model="entrydeadline")[0]
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=deadline_type, codename="set_deadline_test", name="set deadlines"
    )

    migrate(latest)

    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from indicators.models import ProgressEntry
    from progress.models import EntryDeadline, LockException
    from projects.models import ProjectProgress
    from reports.models import ReminderLog

    moved = EntryDeadline.objects.get()
    assert (moved.pk, moved.plan.key, moved.year, moved.deadline) == (deadline.pk, "ta-14", 2023, DEADLINE)
    kept = LockException.objects.select_related("unit", "granted_by").get()
    assert (kept.pk, kept.unit.name, kept.expires_at, kept.reason, kept.granted_by.username) == (
        exception.pk,
        "市科技局",
        EXPIRES,
        "数据延迟",
        "fgw",
    )
    assert ReminderLog.objects.get().deadline == moved
    assert list(ProgressEntry.objects.values_list("year", "value", "state")) == [
        (2023, Decimal("2.6"), "approved")
    ]
    assert list(ProjectProgress.objects.values_list("stage", "state")) == [("construction", "submitted")]
    # The related names still work from the plan's side, and new rows go to the same tables.
    assert list(moved.plan.deadlines.values_list("year", flat=True)) == [2023]
    EntryDeadline.objects.create(plan=moved.plan, year=2024, deadline=DEADLINE)
    assert EntryDeadline.objects.count() == 2
    # Permissions granted on the model follow it to its new app.
    assert Permission.objects.get(pk=permission.pk).content_type == ContentType.objects.get_for_model(
        EntryDeadline
    )
    assert ContentType.objects.get_for_model(EntryDeadline).pk == deadline_type.pk
