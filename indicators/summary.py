"""One plan-year summary and one default year: what the API, the dashboard and every report count.

The rules, decided once:

- **Which indicators**: every indicator of the plan the user sees: the indicator table, the targets
  in its text (`MAIN_ORIGINS`, the monitoring and mid-term reports) and the tasks' sub-targets (the
  task bulletin), so an annual task list, which has only the latter, is counted too.
- **A missing evaluation**: the stored evaluation of the year is used; an indicator without one
  (a store not refreshed yet) is evaluated on the spot, in one batch, so every surface gives the
  status the stored one will have. Nothing is ever counted as "not evaluated".
- **Categories**: the indicator's category as the plan writes it; a task's sub-target without one
  takes its task's section title, else 任务N; anything else without one is `OTHER_CATEGORY` (其他).
- **The default year** (`default_year`): the latest plan year with an approved yearly figure for
  any indicator of the plan; without one, last calendar year (figures for a year are reported in
  the next), kept inside the plan's period.

`year_evaluations` serves the reports (the indicators without a stored evaluation); `plan_year_summary` serves
the API summary and the dashboard for one plan and one user.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from indicators.selectors import evaluate_indicators
from indicators.services import evaluation_fields
from progress.selectors import reporting_year

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan

MAIN_ORIGINS = (Indicator.Origin.TABLE, Indicator.Origin.TEXT)
OTHER_CATEGORY = "其他"
EVALUATION_FIELDS = [
    "indicator_id",
    "year",
    "status",
    "expected",
    "completion",
    "time_progress",
    "actual",
    "assessed",
    "target_value",
    "rule",
    "explanation",
    # the forecast of the target year's value and the 预警 colour (indicators.domain)
    "forecast_value",
    "forecast_outlook",
    "warning",
    "warning_explanation",
]


def default_year(plan: Plan, today: date | None = None) -> int:
    """The year a plan opens on: its latest year with an approved figure, else last year (in the plan)."""
    latest = ProgressEntry.objects.filter(indicator__plan=plan).latest_approved_year(plan.years)
    if latest is not None:
        return latest
    return reporting_year(plan, today or timezone.localdate())


def category_of(category: str | None, task_section: str | None = None, task_number: int | None = None) -> str:
    if category:
        return category
    if task_section:
        return task_section
    return f"任务{task_number}" if task_number else OTHER_CATEGORY


def year_evaluations(indicator_ids: Collection[int], year: int) -> tuple[list[dict[str, Any]], int]:
    """The evaluation of `year` of each indicator (`EVALUATION_FIELDS`), stored or else computed now,
    and how many were computed: one query, three more when some are not stored."""
    stored = list(
        IndicatorEvaluation.objects.filter(indicator_id__in=list(indicator_ids), year=year).values(
            *EVALUATION_FIELDS
        )
    )
    missing = set(indicator_ids) - {row["indicator_id"] for row in stored}
    if not missing:
        return stored, 0
    indicators = list(Indicator.objects.filter(pk__in=missing).select_related("plan"))
    computed = [
        {"indicator_id": pk, **evaluation_fields(evaluation)}
        for pk, evaluation in evaluate_indicators(indicators, year).items()
    ]
    return stored + computed, len(computed)


@dataclass(frozen=True)
class SummaryRow:
    pk: int
    origin: str
    key: str
    number: str
    name: str
    category: str
    attribute: str
    binding: bool
    unit_of_measure: str
    target_text: str
    status: str
    explanation: str
    actual: Decimal | None


@dataclass
class PlanYearSummary:
    plan: Plan
    year: int
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def status_counts(self) -> Counter[str]:
        return Counter(row.status for row in self.rows)

    @property
    def category_counts(self) -> dict[str, Counter[str]]:
        """Counts per status of each category, in the order categories first appear in the plan."""
        categories: dict[str, Counter[str]] = {}
        for row in self.rows:
            categories.setdefault(row.category, Counter())[row.status] += 1
        return categories

    @property
    def not_met(self) -> list[SummaryRow]:
        """Indicators not met, binding (约束性) ones first, each group in plan order."""
        rows = [row for row in self.rows if row.status == Status.NOT_MET.value]
        return sorted(rows, key=lambda row: not row.binding)


def plan_year_summary(*, user: User, plan: Plan, year: int) -> PlanYearSummary:
    """The user's visible indicators of the plan with their evaluation of the year: two queries
    (five when some evaluations are not stored yet)."""
    indicators = list(
        Indicator.objects.for_user(user)
        .filter(plan=plan)
        .select_related("task__section")
        .order_by("order", "pk")
    )
    rows, _computed = year_evaluations([indicator.pk for indicator in indicators], year)
    evaluations = {row["indicator_id"]: row for row in rows}
    summary = PlanYearSummary(plan=plan, year=year)
    for indicator in indicators:
        evaluation = evaluations[indicator.pk]
        summary.rows.append(
            SummaryRow(
                pk=indicator.pk,
                origin=indicator.origin,
                key=indicator.key,
                number=indicator.number,
                name=indicator.name,
                category=category_of(
                    indicator.category,
                    indicator.task.section.title if indicator.task and indicator.task.section else None,
                    indicator.task.number if indicator.task else None,
                ),
                attribute=indicator.attribute,
                binding=indicator.attribute == Indicator.Attribute.BINDING,
                unit_of_measure=indicator.unit_of_measure,
                target_text=indicator.target_text,
                status=evaluation["status"],
                explanation=evaluation["explanation"],
                actual=evaluation["actual"],
            )
        )
    return summary
