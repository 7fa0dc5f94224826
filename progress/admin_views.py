"""The reporter's worklist page (本单位待填报), generic over the registered entry kinds.

Each kind presents its own items (`EntryKind.present`); the rows are grouped by plan year, each
group with its deadline.
"""

from __future__ import annotations

from typing import Any

from progress.registry import KINDS
from progress.worklist import WorkItem, Worklist


def worklist_rows(worklist: Worklist) -> list[dict[str, Any]]:
    """What each row of the start page shows, in the units the item is measured in."""
    rows = []
    for item in worklist.items:
        period = item.period
        kind = KINDS[item.kind]
        rows.append(
            {
                "item": item,
                "kind": item.kind,
                "submit_field": kind.submit_field,
                "name": str(item.item),
                "plan": str(item.item.plan),
                "year": item.year,
                "state": item.state,
                "state_label": item.state_label,
                "return_reason": item.entry.return_reason if item.entry is not None else "",
                "deadline": period.deadline,
                "exception_expires": period.exception_expires,
                "is_open": period.is_open(worklist.now),
                "is_near": period.is_near(worklist.now),
                "entry_id": item.entry.pk if item.entry is not None else None,
                "may_submit": item.may_submit,
                **kind.present(item),
            }
        )
    return rows


def worklist_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows grouped by plan and year, in order: each group has one deadline."""
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        item: WorkItem = row["item"]
        key = (item.period.plan.pk, item.year)
        if key not in groups:
            groups[key] = {**{name: row[name] for name in GROUP_FIELDS}, "rows": []}
        groups[key]["rows"].append(row)
    return list(groups.values())


GROUP_FIELDS = ("plan", "year", "deadline", "exception_expires", "is_open", "is_near")
