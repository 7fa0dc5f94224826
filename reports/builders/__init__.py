"""Build a Report (reports/content.py) for a kind, a set of plans and a year: collect a Snapshot
from the database, then compose the Report from it (see reports/builders/common.py)."""

from __future__ import annotations

from collections.abc import Sequence

from plans.models import Plan, Unit
from reports.builders.bulletins import collect_projects, collect_tasks, compose_projects, compose_tasks
from reports.builders.common import Snapshot, as_extract, middle_year
from reports.builders.indicators import IndicatorData, collect_indicators, compose_indicators, indicator_data
from reports.content import Report
from reports.models import ReportKind

__all__ = [
    "IndicatorData",
    "Snapshot",
    "build",
    "collect",
    "compose",
    "indicator_data",
    "middle_year",
]


def collect(
    kind: str,
    *,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None = None,
    charts_wanted: bool = True,
    unit: Unit | None = None,
) -> Snapshot:
    """The snapshot of the report; with a unit, of its own extract: the items it answers for."""
    unit_id = unit.pk if unit is not None else None
    snapshot: Snapshot
    if kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        snapshot = collect_indicators(
            kind=kind,
            plans=plans,
            year=year,
            jurisdiction_name=jurisdiction_name,
            with_paths=charts_wanted and len(plans) == 1,
            unit_id=unit_id,
        )
    elif kind == ReportKind.TASKS:
        snapshot = collect_tasks(plans=plans, year=year, jurisdiction_name=jurisdiction_name, unit_id=unit_id)
    else:
        snapshot = collect_projects(
            plans=plans, year=year, jurisdiction_name=jurisdiction_name, unit_id=unit_id
        )
    if unit is not None:
        snapshot.facts["unit"] = unit.name
    return snapshot


def compose(snapshot: Snapshot, *, charts_wanted: bool = True) -> Report:
    if snapshot.kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        report = compose_indicators(snapshot, charts_wanted=charts_wanted)
    elif snapshot.kind == ReportKind.TASKS:
        report = compose_tasks(snapshot)
    else:
        report = compose_projects(snapshot)
    return as_extract(report, snapshot)


def build(
    kind: str,
    *,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None = None,
    charts_wanted: bool = True,
    unit: Unit | None = None,
) -> Report:
    snapshot = collect(
        kind,
        plans=plans,
        year=year,
        jurisdiction_name=jurisdiction_name,
        charts_wanted=charts_wanted,
        unit=unit,
    )
    return compose(snapshot, charts_wanted=charts_wanted)
