"""Reads for the admin pages: which plan years are being reported now, and the office's dashboard.

Nothing here decides whether a write is allowed: `indicators.services.period_open` is the gate
every save and submit goes through. These selectors only choose what the pages show, each in a
constant number of queries whatever the number of plans, items and units.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from indicators.domain.evaluation import Status
from indicators.models import (
    EntryState,
    Indicator,
    IndicatorEvaluation,
    IndicatorResponsibility,
    ProgressEntry,
    TaskResponsibility,
)
from plans.models import EntryDeadline, LockException, Plan
from projects.models import ProjectProgress, ProjectResponsibility

if TYPE_CHECKING:
    from accounts.models import User

# A deadline this close is "near": the dashboard flags units still missing figures.
DEADLINE_NEAR = timedelta(days=7)


def default_year(plan: Plan, today: date) -> int:
    """The year being reported when the office has opened none: last year (figures for a year are
    reported early in the next), kept inside the plan's period."""
    return min(max(today.year - 1, plan.start_year), plan.end_year)


@dataclass(frozen=True)
class Period:
    """A plan year as the entry pages show it: its deadline, and the unit's lock exception if any."""

    plan: Plan
    year: int
    deadline: datetime | None = None
    exception_expires: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        """What the page announces; the services decide again on every write."""
        if self.deadline is None or now <= self.deadline:
            return True
        return self.exception_expires is not None and now < self.exception_expires

    def is_near(self, now: datetime) -> bool:
        return self.deadline is not None and now <= self.deadline <= now + DEADLINE_NEAR


def reporting_periods(
    plans: Iterable[Plan], *, unit_id: int | None, now: datetime | None = None
) -> dict[int, list[Period]]:
    """For each plan, the years whose figures are being collected now: two queries.

    A year is being collected while its deadline lies ahead, or while the unit holds an unexpired
    lock exception for it. When no year is, the plan's default year is shown (closed if its
    deadline has passed), so that a unit always sees what it still owes.
    """
    now = now or timezone.now()
    plans = {plan.pk: plan for plan in plans}
    deadlines: dict[int, dict[int, datetime]] = defaultdict(dict)
    for plan_id, year, deadline in EntryDeadline.objects.filter(plan_id__in=plans).values_list(
        "plan_id", "year", "deadline"
    ):
        deadlines[plan_id][year] = deadline
    exceptions: dict[tuple[int, int], datetime] = {}
    if unit_id is not None:
        for plan_id, year, expires in LockException.objects.filter(
            plan_id__in=plans, unit_id=unit_id, expires_at__gt=now
        ).values_list("plan_id", "year", "expires_at"):
            exceptions[plan_id, year] = max(expires, exceptions.get((plan_id, year), expires))
    periods: dict[int, list[Period]] = {}
    for plan_id, plan in plans.items():
        years = {year for year, deadline in deadlines[plan_id].items() if deadline >= now}
        years |= {year for (exception_plan, year) in exceptions if exception_plan == plan_id}
        years = {year for year in years if plan.start_year <= year <= plan.end_year}
        if not years:
            years = {default_year(plan, timezone.localdate(now))}
        periods[plan_id] = [
            Period(plan, year, deadlines[plan_id].get(year), exceptions.get((plan_id, year)))
            for year in sorted(years)
        ]
    return periods


# --- the planning office's dashboard ---------------------------------------------------------


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
class UnitSubmissions:
    """One responsible unit's figures for the plan year: how many are owed, and in which state."""

    unit_id: int
    name: str
    states: Counter[str] = field(default_factory=Counter)
    exception_expires: datetime | None = None

    @property
    def owed(self) -> int:
        return sum(self.states.values())

    @property
    def missing(self) -> int:
        """Not yet submitted: never entered, still a draft, or returned."""
        return self.states["missing"] + self.states[EntryState.DRAFT] + self.states[EntryState.RETURNED]


@dataclass
class Dashboard:
    plan: Plan
    year: int
    indicators: list[IndicatorRow]
    units: list[UnitSubmissions]
    deadline: datetime | None
    entry_states: Counter[str]

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = Counter(row.status for row in self.indicators)
        return [(status, counts[status.value]) for status in Status]

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
    """Statuses, binding indicators not met and units missing figures for a plan year: nine queries."""
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
    return Dashboard(
        plan=plan,
        year=year,
        indicators=rows,
        units=unit_submissions(plan, year, now=now, indicator_ids=[row.pk for row in rows], figures=figures),
        deadline=deadline,
        entry_states=Counter(figures.values()),
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


def unit_submissions(
    plan: Plan, year: int, *, now: datetime, indicator_ids: Sequence[int], figures: dict[int, str]
) -> list[UnitSubmissions]:
    """Each responsible unit's yearly figures for the plan year, by state: five queries.

    A unit owes a figure for every indicator it is responsible for (directly, or through a task it
    shares) and every key project it is responsible for. `figures` is the state of each indicator's
    yearly figure for the year.
    """
    owed: dict[int, set[tuple[str, int]]] = defaultdict(set)
    names: dict[int, str] = {}
    for unit_id, name, indicator_id in IndicatorResponsibility.objects.filter(
        indicator_id__in=indicator_ids
    ).values_list("unit_id", "unit__name", "indicator_id"):
        owed[unit_id].add(("indicator", indicator_id))
        names[unit_id] = name
    for unit_id, name, indicator_id in TaskResponsibility.objects.filter(
        task__targets__in=indicator_ids
    ).values_list("unit_id", "unit__name", "task__targets"):
        owed[unit_id].add(("indicator", indicator_id))
        names[unit_id] = name
    for unit_id, name, project_id in ProjectResponsibility.objects.filter(project__plan=plan).values_list(
        "unit_id", "unit__name", "project_id"
    ):
        owed[unit_id].add(("project", project_id))
        names[unit_id] = name
    states: dict[tuple[str, int], str] = {("indicator", item): state for item, state in figures.items()}
    states.update(
        (("project", item), state)
        for item, state in ProjectProgress.objects.filter(
            project__plan=plan, year=year, quarter__isnull=True
        ).values_list("project_id", "state")
    )
    exceptions = dict(
        LockException.objects.filter(plan=plan, year=year, expires_at__gt=now)
        .order_by("expires_at")
        .values_list("unit_id", "expires_at")
    )
    return [
        UnitSubmissions(
            unit_id=unit_id,
            name=names[unit_id],
            states=Counter(states.get(item, "missing") for item in items),
            exception_expires=exceptions.get(unit_id),
        )
        for unit_id, items in owed.items()
    ]
