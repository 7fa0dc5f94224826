"""Seeded plans with figures entered and approved through the workflow, and eager Celery.

泰山区's plan (seeded from fixtures/plans/000) gets its lead unit 区政府 on every indicator, a
reporter there (ruth) who enters and submits the figures of 2021–2023, and an office user of
区发展改革部门 (owen) who approves them. The figures are chosen to give a mix of statuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.models import User
from importer.seeding import seed_plans
from indicators.models import Indicator, IndicatorResponsibility, ProgressEntry
from plans.models import Plan, ResponsibilityRole, Unit
from progress.services import entry_approve, entry_save, entry_submit
from tests.conftest import World, make_user
from tracker.celery import app as celery_app

# indicator key → {year: figure}
TAISHAN_FIGURES: dict[str, dict[int, str]] = {
    "r1": {2021: "8.0", 2022: "3.0", 2023: "5.5"},  # 地区生产总值增速, 5.5 a year
    "r2": {2021: "89.8", 2022: "89.9", 2023: "90.0"},  # 城镇化率 89.72 → 91: lagging
    "r5": {2021: "6.1", 2022: "6.9", 2023: "7.5"},  # 专利 5.42 → 7.4: achieved early
    "r6": {2021: "6.0", 2022: "6.5", 2023: "6.2"},  # 收入增长 >5.5
    "r8": {2021: "1.8", 2022: "1.9", 2023: "1.95"},  # 医师 1.7 → 2
    "r15": {2021: "39.5", 2022: "39.3", 2023: "39.0"},  # 森林覆盖率 binding, must not fall
}
EXPLANATIONS = {("r15", 2023): "受森林火灾影响，覆盖率下降。", ("r2", 2023): "人口统计口径调整。"}


@dataclass
class Taishan:
    plan: Plan
    office: User
    reporter: User
    lead: Unit
    indicators: dict[str, Indicator]


@pytest.fixture
def eager() -> Iterator[None]:
    """Run tasks in-process whatever CELERY_BROKER_URL says (CI sets it)."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def enter(
    indicator: Indicator, year: int, value: str, *, by: User, approver: User, explanation: str = ""
) -> None:
    entry = ProgressEntry(indicator=indicator, year=year, value=Decimal(value), explanation=explanation)
    entry = entry_save(entry=entry, user=by)
    entry = entry_submit(entry=entry, user=by)
    entry_approve(entry=entry, user=approver)


@pytest.fixture
def seeded(world: World) -> World:
    seed_plans()
    return world


@pytest.fixture
def taishan(seeded: World) -> Taishan:
    plan = Plan.objects.get(key="taishan-14th-fyp")
    lead = Unit.objects.get(jurisdiction=plan.jurisdiction, name="区政府")
    office_unit = Unit.objects.get(jurisdiction=plan.jurisdiction, name="区发展改革部门")
    office = make_user("owen", unit=office_unit, role=User.Role.PLANNING_OFFICE)
    reporter = make_user("ruth", unit=lead, role=User.Role.REPORTER)
    indicators = {indicator.key: indicator for indicator in Indicator.objects.filter(plan=plan)}
    IndicatorResponsibility.objects.bulk_create(
        IndicatorResponsibility(indicator=indicator, unit=lead, role=ResponsibilityRole.LEAD)
        for indicator in indicators.values()
    )
    for key, figures in TAISHAN_FIGURES.items():
        for year, value in figures.items():
            enter(
                indicators[key],
                year,
                value,
                by=reporter,
                approver=office,
                explanation=EXPLANATIONS.get((key, year), ""),
            )
    return Taishan(plan=plan, office=office, reporter=reporter, lead=lead, indicators=indicators)
