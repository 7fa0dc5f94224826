"""Build a Report (reports/content.py) for a kind, a set of plans and a year: collect a Snapshot
from the database, then compose the Report from it (see reports/builders/common.py)."""

from __future__ import annotations

from collections.abc import Sequence

from plans.models import Plan
from reports.builders.bulletins import collect_projects, collect_tasks, compose_projects, compose_tasks
from reports.builders.common import Snapshot, middle_year
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
) -> Snapshot:
    if kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        return collect_indicators(
            kind=kind,
            plans=plans,
            year=year,
            jurisdiction_name=jurisdiction_name,
            with_paths=charts_wanted and len(plans) == 1,
        )
    if kind == ReportKind.TASKS:
        return collect_tasks(plans=plans, year=year, jurisdiction_name=jurisdiction_name)
    return collect_projects(plans=plans, year=year, jurisdiction_name=jurisdiction_name)


def compose(snapshot: Snapshot, *, charts_wanted: bool = True) -> Report:
    if snapshot.kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        return compose_indicators(snapshot, charts_wanted=charts_wanted)
    if snapshot.kind == ReportKind.TASKS:
        return compose_tasks(snapshot)
    return compose_projects(snapshot)


def build(
    kind: str,
    *,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None = None,
    charts_wanted: bool = True,
) -> Report:
    snapshot = collect(
        kind, plans=plans, year=year, jurisdiction_name=jurisdiction_name, charts_wanted=charts_wanted
    )
    return compose(snapshot, charts_wanted=charts_wanted)
