"""The planning office's dashboard, read: statuses, binding indicators not met, units owing figures.

Nine queries whatever the number of indicators, projects and units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from plans.models import Plan
from progress.models import EntryDeadline, EntryState
from progress.selectors import UnitSubmissions, unit_submissions

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class IndicatorRow:
    pk: int
    number: str
    name: str
    category: str  # the indicator's category; for a task sub-target, its task's part of the plan
    binding: bool
    unit_of_measure: str
    target_text: str
    status: str
    explanation: str
    actual: Decimal | None


@dataclass
class Dashboard:
    plan: Plan
    year: int
    indicators: list[IndicatorRow]
    units: list[UnitSubmissions]
    deadline: datetime | None
    entry_states: Counter[str]
    figures: dict[int, str] = field(default_factory=dict)  # indicator → state of its yearly figure
    previous_statuses: dict[int, str] = field(default_factory=dict)  # indicator → last year's status

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = Counter(row.status for row in self.indicators)
        return [(status, counts[status.value]) for status in Status]

    @property
    def status_comparison(self) -> list[tuple[Status, int, int]]:
        """(status, this year, last year) for every status; unevaluated last year counts as no data."""
        now = Counter(row.status for row in self.indicators)
        before = Counter(self.previous_statuses.get(row.pk, Status.NO_DATA.value) for row in self.indicators)
        return [(status, now[status.value], before[status.value]) for status in Status]

    @property
    def unowned_without_figure(self) -> list[IndicatorRow]:
        """Indicators no unit answers for and with no figure submitted: nobody will report them."""
        owned = {item_id for unit in self.units for kind, item_id in unit.items if kind == "indicator"}
        done = {EntryState.SUBMITTED, EntryState.APPROVED}
        return [
            row for row in self.indicators if row.pk not in owned and self.figures.get(row.pk) not in done
        ]

    @property
    def categories(self) -> list[tuple[str, list[tuple[Status, int]], int]]:
        """(category, counts per status, total), in the order categories first appear."""
        by_category: dict[str, Counter[str]] = {}
        for row in self.indicators:
            by_category.setdefault(row.category, Counter())[row.status] += 1
        return [
            (category, [(status, counts[status.value]) for status in Status], sum(counts.values()))
            for category, counts in by_category.items()
        ]

    @property
    def binding_not_met(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.binding and row.status == Status.NOT_MET.value]

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
    stored = {
        indicator_id: (status, explanation, actual)
        for indicator_id, status, explanation, actual in IndicatorEvaluation.objects.filter(
            indicator__in=indicators, year=year
        ).values_list("indicator_id", "status", "explanation", "actual")
    }
    rows = [
        indicator_row(values, stored.get(values["pk"]))
        for values in indicators.order_by("order", "pk").values(
            "pk",
            "number",
            "name",
            "category",
            "attribute",
            "unit_of_measure",
            "target_text",
            "task__number",
            "task__section__title",
        )
    ]
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
        indicators=rows,
        units=unit_submissions(plan, year, user=user, now=now, known_states={"indicator": figures}),
        deadline=deadline,
        entry_states=Counter(figures.values()),
        figures=figures,
        previous_statuses=previous,
    )


def indicator_row(values: dict[str, Any], stored: tuple[str, str, Decimal | None] | None) -> IndicatorRow:
    """An indicator with its stored evaluation; with none stored, "no data"."""
    status, explanation, actual = stored or (Status.NO_DATA.value, "", None)
    task = values["task__number"]
    return IndicatorRow(
        pk=values["pk"],
        number=values["number"],
        name=values["name"],
        category=values["category"] or values["task__section__title"] or (f"任务{task}" if task else ""),
        binding=values["attribute"] == Indicator.Attribute.BINDING,
        unit_of_measure=values["unit_of_measure"],
        target_text=values["target_text"],
        status=status,
        explanation=explanation,
        actual=actual,
    )
