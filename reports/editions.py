"""Compare two editions of a report: which figures and statuses changed between their snapshots.

Each report kind names the rows it compares (an indicator, a task's target, a project) and the
values a reader would notice changing. Rows only in one edition are reported as added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from reports import frames
from reports.builders.common import Snapshot
from reports.writers.cells import missing, plain_number


@dataclass(frozen=True)
class Change:
    item: str  # the row as a reader names it
    field: str  # the column's header
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    table: str
    keys: tuple[str, ...]
    label: str  # the column that names the row
    fields: tuple[tuple[str, str], ...]  # (column, header)


def comparison(snapshot: Snapshot) -> Comparison:
    if snapshot.kind in ("monitoring", "midterm"):
        years = [int(y) for y in snapshot.facts["years"]]
        return Comparison(
            table="indicators",
            keys=("indicator_id",),
            label="name",
            fields=(
                *[(frames.year_column(y), _("%(year)s figure") % {"year": y}) for y in years],
                ("actual_growth", _("Actual yearly growth or cumulative")),
                ("completion", _("Completion")),
                ("assessment", _("Progress assessment")),
            ),
        )
    if snapshot.kind == "tasks":
        return Comparison(
            table="tasks",
            keys=("plan", "task_number", "target", "unit"),
            label="target",
            fields=(("value", _("Figure")), ("assessment", _("Status")), ("entry_state", _("Entry state"))),
        )
    return Comparison(
        table="projects",
        keys=("plan", "name"),
        label="name",
        fields=(
            ("stage", _("Stage")),
            ("planned", _("Planned investment (10,000 yuan)")),
            ("completed", _("Completed investment (10,000 yuan)")),
        ),
    )


def text(value: Any) -> str:
    if missing(value):
        return ""
    if isinstance(value, float):
        return plain_number(value, 4)
    return str(value)


def keyed(table: pd.DataFrame, keys: Sequence[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    if table.empty:
        return {}
    return {tuple(row[k] for k in keys): row for row in table.to_dict("records")}


def editions_compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """The changes from one edition to the other, in the newer edition's row order."""
    if before.kind != after.kind:
        raise ValueError("editions of different report kinds")
    spec = comparison(after)
    old = keyed(before.tables[spec.table], spec.keys)
    new = keyed(after.tables[spec.table], spec.keys)
    fields = [field for field in spec.fields if field[0] in after.tables[spec.table].columns]
    changes = []
    for key, row in new.items():
        name = str(row[spec.label]) or str(key)
        previous = old.get(key)
        if previous is None:
            changes.append(Change(name, _("Row"), "", _("Added")))
            continue
        for column, header in fields:
            was, now = text(previous.get(column)), text(row.get(column))
            if was != now:
                changes.append(Change(name, header, was, now))
    for key, row in old.items():
        if key not in new:
            changes.append(Change(str(row[spec.label]) or str(key), _("Row"), _("Removed"), ""))
    return changes
