"""What a unit must report now (本单位待填报): its items for each plan's open period, with their state.

Read-only, for the start page and the spreadsheet template; seven queries whatever the number of
plans and items. The workflow services decide again on every write.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import EntryState, Indicator, IndicatorEvaluation, ProgressEntry
from indicators.querysets import reporter_indicator_q
from plans.selectors import Period, reporting_periods
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility

if TYPE_CHECKING:
    from accounts.models import User

MISSING = "missing"
STATE_LABELS: dict[str, Any] = {MISSING: _("Not entered"), **dict(EntryState.choices)}
STATE_ORDER = [MISSING, EntryState.RETURNED, EntryState.DRAFT, EntryState.SUBMITTED, EntryState.APPROVED]


@dataclass(frozen=True)
class WorkItem:
    """One item the unit reports on, for one open year, with its yearly figure if entered."""

    kind: Literal["indicator", "project"]
    item: Indicator | KeyProject
    period: Period
    entry: ProgressEntry | ProjectProgress | None
    previous: ProgressEntry | ProjectProgress | None  # last year's approved figure
    evaluation: dict[str, Any] | None = None  # the stored evaluation of the year (indicators)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def state(self) -> str:
        return self.entry.state if self.entry is not None else MISSING

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]

    @property
    def may_submit(self) -> bool:
        return self.entry is not None and self.entry.state in {EntryState.DRAFT, EntryState.RETURNED}


@dataclass(frozen=True)
class Worklist:
    items: list[WorkItem]
    now: datetime

    @property
    def counts(self) -> list[tuple[str, Any, int]]:
        """(state, label, count) for every state, "not entered" first."""
        counts = Counter(item.state for item in self.items)
        return [(state, STATE_LABELS[state], counts[state]) for state in STATE_ORDER]

    @property
    def indicators(self) -> list[WorkItem]:
        return [item for item in self.items if item.kind == "indicator"]

    @property
    def projects(self) -> list[WorkItem]:
        return [item for item in self.items if item.kind == "project"]


def unit_indicators(user: User) -> list[Indicator]:
    """Indicators and task sub-targets the user's own unit answers for (inside the user's scope)."""
    if not user.unit_id:
        return []
    return list(
        Indicator.objects.for_user(user)
        .filter(reporter_indicator_q(user.unit_id))
        .select_related("plan", "task")
        .order_by("plan__start_year", "plan_id", "order", "pk")
    )


def unit_projects(user: User) -> list[KeyProject]:
    if not user.unit_id:
        return []
    own = ProjectResponsibility.objects.filter(project=OuterRef("pk"), unit_id=user.unit_id)
    return list(
        KeyProject.objects.for_user(user)
        .filter(Exists(own))
        .select_related("plan", "box")
        .order_by("plan__start_year", "plan_id", "order", "pk")
    )


def unit_worklist(user: User, *, now: datetime | None = None, projects: bool = True) -> Worklist:
    now = now or timezone.now()
    indicators = unit_indicators(user)
    key_projects = unit_projects(user) if projects else []
    plans = {item.plan_id: item.plan for item in [*indicators, *key_projects]}
    periods = reporting_periods(plans.values(), unit_id=user.unit_id, now=now) if plans else {}
    years = {period.year for plan_periods in periods.values() for period in plan_periods}
    wanted = years | {year - 1 for year in years}
    entries: dict[tuple[int, int], ProgressEntry] = {}
    evaluations: dict[tuple[int, int], dict[str, Any]] = {}
    if indicators:
        entries = {
            (entry.indicator_id, entry.year): entry
            for entry in ProgressEntry.objects.filter(
                indicator__in=indicators, year__in=wanted, quarter__isnull=True
            )
        }
        evaluations = {
            (row["indicator_id"], row["year"]): row
            for row in IndicatorEvaluation.objects.filter(indicator__in=indicators, year__in=years).values(
                "indicator_id", "year", "status", "explanation", "expected"
            )
        }
    progress: dict[tuple[int, int], ProjectProgress] = {}
    if key_projects:
        progress = {
            (entry.project_id, entry.year): entry
            for entry in ProjectProgress.objects.filter(
                project__in=key_projects, year__in=wanted, quarter__isnull=True
            )
        }
    items = [
        WorkItem(
            "indicator",
            indicator,
            period,
            entries.get((indicator.pk, period.year)),
            approved(entries.get((indicator.pk, period.year - 1))),
            evaluations.get((indicator.pk, period.year)),
        )
        for indicator in indicators
        for period in periods[indicator.plan_id]
    ]
    items += [
        WorkItem(
            "project",
            project,
            period,
            progress.get((project.pk, period.year)),
            approved(progress.get((project.pk, period.year - 1))),
        )
        for project in key_projects
        for period in periods[project.plan_id]
    ]
    return Worklist(items, now)


def approved(entry: Any) -> Any:
    return entry if entry is not None and entry.state == EntryState.APPROVED else None


def figure_with_unit(value: Decimal | None, unit: str) -> str:
    """A number as people write it: no trailing zeros, the unit right after it (12.5%, 240家)."""
    if value is None:
        return "—"
    return f"{value.normalize():f}{unit}"
