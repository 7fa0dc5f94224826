"""Reads of the review state: which plan years are being reported now, and who still owes figures.

Nothing here decides whether a write is allowed: `progress.services.EntryGate` is the gate
every save and submit goes through. These selectors only choose what the pages show, each in a
constant number of queries whatever the number of plans, items and units.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from progress.models import EntryDeadline, EntryState, LockException
from progress.registry import entry_kinds

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan

# A deadline this close is "near": the dashboard flags units still missing figures.
DEADLINE_NEAR = timedelta(days=7)


def reporting_year(plan: Plan, today: date) -> int:
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
            years = {reporting_year(plan, timezone.localdate(now))}
        periods[plan_id] = [
            Period(plan, year, deadlines[plan_id].get(year), exceptions.get((plan_id, year)))
            for year in sorted(years)
        ]
    return periods


# --- who still owes figures ---------------------------------------------------------------


@dataclass
class UnitSubmissions:
    """One responsible unit's figures for the plan year: how many are owed, and in which state."""

    unit_id: int
    name: str
    states: Counter[str] = field(default_factory=Counter)
    exception_expires: datetime | None = None
    items: frozenset[tuple[str, int]] = frozenset()  # (entry kind, item id) it answers for

    @property
    def owed(self) -> int:
        return sum(self.states.values())

    @property
    def missing(self) -> int:
        """Not yet submitted: never entered, still a draft, or returned."""
        return self.states["missing"] + self.states[EntryState.DRAFT] + self.states[EntryState.RETURNED]


def unit_submissions(
    plan: Plan,
    year: int,
    *,
    user: User,
    now: datetime,
    known_states: Mapping[str, Mapping[int, str]] | None = None,
) -> list[UnitSubmissions]:
    """Each responsible unit's yearly figures for the plan year, by state.

    A unit owes a figure for every item its unit answers for, as each entry kind counts it (an
    indicator also through a task the unit shares). `known_states` gives, per kind, the state of
    each item's yearly figure when the caller has read them already; the others are read here.
    Queries: each kind's obligations, each unknown kind's states, and the lock exceptions.
    """
    known_states = known_states or {}
    owed: dict[int, set[tuple[str, int]]] = defaultdict(set)
    names: dict[int, str] = {}
    states: dict[tuple[str, int], str] = {}
    for kind in entry_kinds():
        for unit_id, name, item_id in kind.obligations(plan, user):
            owed[unit_id].add((kind.name, item_id))
            names[unit_id] = name
        if kind.name in known_states:
            kind_states = known_states[kind.name]
        else:
            item = kind.entry_model.item_field
            kind_states = dict(
                kind.entry_model._default_manager.filter(
                    **{f"{item}__plan": plan, "year": year, "quarter__isnull": True}
                ).values_list(f"{item}_id", "state")
            )
        states.update(((kind.name, item_id), state) for item_id, state in kind_states.items())
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
            items=frozenset(items),
        )
        for unit_id, items in owed.items()
    ]
