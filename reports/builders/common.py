"""What every report kind shares: the scope's name, dates, and the snapshot.

A report is built in two steps: *collect* reads the database into a Snapshot (the tables the report
is made of, as DataFrames, and the few facts around them), *compose* turns a snapshot into a Report.
The snapshot is stored on the run as JSON, so an edition can be rebuilt identically and two
editions compared, whatever happened to the figures since.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan
from reports.content import Report

DOCX_TABLE_ROWS = 400
SNAPSHOT_VERSION = 1


def middle_year(plan: Plan) -> int:
    """The year a mid-term evaluation looks at: 2023 for 2021–2025."""
    return plan.start_year + (plan.end_year - plan.start_year) // 2


def scope_title(plans: Sequence[Plan], jurisdiction_name: str | None) -> str:
    if jurisdiction_name:
        return jurisdiction_name
    plan = plans[0]
    return plan.short_title or plan.title


def local_text(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def chinese_date(moment: datetime) -> str:
    """The date as a 落款 writes it: 2024年3月5日."""
    day = timezone.localtime(moment)
    return f"{day.year}年{day.month}月{day.day}日"


def pct(share: float | None) -> str:
    return "" if share is None or pd.isna(share) else f"{share * 100:.1f}%"


@dataclass
class Snapshot:
    """The data one edition of a report was built from."""

    kind: str
    year: int
    scope: str
    generated_at: datetime
    plans: list[dict[str, Any]]  # id, title, short_title, start_year, end_year, base_year
    tables: dict[str, pd.DataFrame]
    facts: dict[str, Any] = field(default_factory=dict)  # anything else compose needs (JSON-able)

    @property
    def single(self) -> bool:
        return len(self.plans) == 1

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "kind": self.kind,
            "year": self.year,
            "scope": self.scope,
            "generated_at": self.generated_at.isoformat(),
            "plans": self.plans,
            "facts": self.facts,
            "tables": {
                name: json.loads(table.to_json(orient="split", index=False, date_format="iso"))
                for name, table in self.tables.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        return cls(
            kind=data["kind"],
            year=int(data["year"]),
            scope=data["scope"],
            generated_at=datetime.fromisoformat(data["generated_at"]),
            plans=list(data["plans"]),
            facts=dict(data["facts"]),
            tables={
                name: restore_frame(table["columns"], table["data"]) for name, table in data["tables"].items()
            },
        )


def restore_frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    """A stored table back as a DataFrame: a column of numbers with gaps (or only gaps) as float64,
    as it was built; whole-number columns without gaps and text columns as they come."""
    table = pd.DataFrame(rows, columns=columns)
    for column in table.columns:
        present = table[column].dropna()
        numbers = present.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).all()
        whole = not present.empty and present.map(lambda v: isinstance(v, int)).all()
        if numbers and not whole:
            table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    return table


def as_extract(report: Report, snapshot: Snapshot) -> Report:
    """A unit's own extract says so: its title names the unit, its facts and notes say what it
    holds (the report was composed from the unit's items only, so every count is over those)."""
    unit = snapshot.facts.get("unit")
    if not unit:
        return report
    report.title = _("%(title)s (%(unit)s)") % {"title": report.title, "unit": unit}
    report.facts.insert(0, (_("Responsible unit"), unit))
    report.notes.insert(
        0,
        _("This is the extract of %(unit)s: only the items it answers for; every count is over them.")
        % {"unit": unit},
    )
    report.summary = {**report.summary, "unit": unit}
    return report
