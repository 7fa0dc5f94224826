"""The planning office's dashboard, read: statuses, binding indicators not met, units owing figures.

Nine queries whatever the number of indicators, projects and units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from indicators.summary import PlanYearSummary, SummaryRow, plan_year_summary
from plans.models import Plan
from progress.models import EntryDeadline, EntryState
from progress.selectors import UnitSubmissions, unit_submissions

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class Dashboard:
    plan: Plan
    year: int
    summary: PlanYearSummary
    units: list[UnitSubmissions]
    deadline: datetime | None
    entry_states: Counter[str]
    figures: dict[int, str] = field(default_factory=dict)  # indicator → state of its yearly figure
    previous_statuses: dict[int, str] = field(default_factory=dict)  # indicator → last year's status

    @property
    def indicators(self) -> list[SummaryRow]:
        return self.summary.rows

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = self.summary.status_counts
        return [(status, counts[status.value]) for status in Status]

    @property
    def status_comparison(self) -> list[tuple[Status, int, int]]:
        """(status, this year, last year) for every status; unevaluated last year counts as no data."""
        now = Counter(row.status for row in self.indicators)
        before = Counter(self.previous_statuses.get(row.pk, Status.NO_DATA.value) for row in self.indicators)
        return [(status, now[status.value], before[status.value]) for status in Status]

    @property
    def unowned_without_figure(self) -> list[SummaryRow]:
        """Indicators no unit answers for and with no figure submitted: nobody will report them."""
        owned = {item_id for unit in self.units for kind, item_id in unit.items if kind == "indicator"}
        done = {EntryState.SUBMITTED, EntryState.APPROVED}
        return [
            row for row in self.indicators if row.pk not in owned and self.figures.get(row.pk) not in done
        ]

    @property
    def categories(self) -> list[tuple[str, list[tuple[Status, int]], int]]:
        """(category, counts per status, total), in the order categories first appear."""
        return [
            (category, [(status, counts[status.value]) for status in Status], sum(counts.values()))
            for category, counts in self.summary.category_counts.items()
        ]

    @property
    def binding_not_met(self) -> list[SummaryRow]:
        return [row for row in self.summary.not_met if row.binding]

    def units_missing(self) -> list[UnitSubmissions]:
        return sorted((unit for unit in self.units if unit.missing), key=lambda u: (-u.missing, u.name))


def dashboard_plans(user: User) -> list[Plan]:
    """The plans a user may look at, those the user's office manages first: one query."""
    plans = list(Plan.objects.for_user(user).select_related("jurisdiction__parent"))
    own = getattr(getattr(user, "unit", None), "jurisdiction_id", None)
    return sorted(plans, key=lambda plan: plan.jurisdiction_id != own)


def plan_dashboard(*, user: User, plan: Plan, year: int, now: datetime | None = None) -> Dashboard:
    """Statuses (and last year's), binding indicators not met and units missing figures for a plan
    year: ten queries."""
    now = now or timezone.now()
    indicators = Indicator.objects.for_user(user).filter(plan=plan)
    deadline = EntryDeadline.objects.filter(plan=plan, year=year).values_list("deadline", flat=True).first()
    figures = dict(
        ProgressEntry.objects.filter(indicator__in=indicators, year=year, quarter__isnull=True).values_list(
            "indicator_id", "state"
        )
    )
    previous = dict(
        IndicatorEvaluation.objects.filter(indicator__in=indicators, year=year - 1).values_list(
            "indicator_id", "status"
        )
    )
    return Dashboard(
        plan=plan,
        year=year,
        summary=plan_year_summary(user=user, plan=plan, year=year),
        units=unit_submissions(plan, year, user=user, now=now, known_states={"indicator": figures}),
        deadline=deadline,
        entry_states=Counter(figures.values()),
        figures=figures,
        previous_statuses=previous,
    )
