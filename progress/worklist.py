"""What a unit must report now (本单位待填报): its items for each plan's open period, with their state.

Read-only, for the start page and the spreadsheet template; per registered entry kind one query
for the items, one for their figures and one for extra details, plus two for the periods, whatever
the number of plans and items. The workflow services decide again on every write.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from progress.models import EntryState, ReviewedEntry
from progress.registry import entry_kinds
from progress.selectors import Period, reporting_periods

if TYPE_CHECKING:
    from accounts.models import User

MISSING = "missing"
STATE_LABELS: dict[str, Any] = {MISSING: _("Not entered"), **dict(EntryState.choices)}
STATE_ORDER = [MISSING, EntryState.RETURNED, EntryState.DRAFT, EntryState.SUBMITTED, EntryState.APPROVED]


@dataclass(frozen=True)
class WorkItem:
    """One item the unit reports on, for one open year, with its yearly figure if entered."""

    kind: str  # the registered entry kind: "indicator", "project"
    item: Any
    period: Period
    entry: Any  # the kind's ReviewedEntry, or None
    previous: Any  # last year's approved figure, or None
    evaluation: dict[str, Any] | None = None  # the kind's details for the year (an indicator's evaluation)

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

    def of_kind(self, kind: str) -> list[WorkItem]:
        return [item for item in self.items if item.kind == kind]


def unit_worklist(
    user: User, *, now: datetime | None = None, kinds: Collection[str] | None = None
) -> Worklist:
    """The user's unit's items of every registered kind (or of `kinds`), per open period."""
    now = now or timezone.now()
    chosen = [kind for kind in entry_kinds() if kinds is None or kind.name in kinds]
    items_of = {kind.name: kind.unit_items(user) if user.unit_id else [] for kind in chosen}
    plans = {item.plan_id: item.plan for items in items_of.values() for item in items}
    periods = reporting_periods(plans.values(), unit_id=user.unit_id, now=now) if plans else {}
    years = {period.year for plan_periods in periods.values() for period in plan_periods}
    wanted = years | {year - 1 for year in years}
    work: list[WorkItem] = []
    for kind in chosen:
        items = items_of[kind.name]
        if not items:
            continue
        entries: dict[tuple[int, int], ReviewedEntry] = {
            (entry.item_id, entry.year): entry  # type: ignore[misc]
            for entry in kind.entry_model._default_manager.filter(
                **{f"{kind.entry_model.item_field}__in": items, "year__in": wanted, "quarter__isnull": True}
            )
        }
        details = kind.year_details(items, years) if kind.year_details is not None else {}
        work += [
            WorkItem(
                kind.name,
                item,
                period,
                entries.get((item.pk, period.year)),
                approved(entries.get((item.pk, period.year - 1))),
                details.get((item.pk, period.year)),
            )
            for item in items
            for period in periods[item.plan_id]
        ]
    return Worklist(work, now)


def approved(entry: Any) -> Any:
    return entry if entry is not None and entry.state == EntryState.APPROVED else None


BARE_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def target_with_unit(text: str, unit: str) -> str:
    """A target as written, with the unit when the cell holds a bare number (91 → 91%)."""
    text = text.strip()
    if text in {"", "-", "—", "－"}:
        return "—"
    return f"{text}{unit}" if BARE_NUMBER.fullmatch(text) else text


def figure_with_unit(value: Decimal | None, unit: str) -> str:
    """A number as people write it: no trailing zeros, the unit right after it (12.5%, 240家)."""
    if value is None:
        return "—"
    return f"{value.normalize():f}{unit}"
