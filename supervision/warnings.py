"""The warning list (预警清单) of a unit or the office: indicators under 预警 and overdue milestones.

Indicators come with their stored colour, the run of consecutive warned years and the attention
due (indicators.selectors.warning_rows). A task's milestone past its due date and not completed is
a warning too, as of today whatever the year looked at: yellow when it is overdue up to
MILESTONE_RED_AFTER_DAYS days, red beyond (a month late is when practice sends a 督办 letter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.domain.early_warning import Colour
from indicators.selectors import WARNING_SEVERITY, WarningRow, warning_rows
from supervision.selectors import overdue_milestones

if TYPE_CHECKING:
    from accounts.models import User
    from supervision.models import Milestone

MILESTONE_RED_AFTER_DAYS = 30


@dataclass(frozen=True)
class WarningItem:
    """One line of the warning list: an indicator (with its run of years) or an overdue milestone."""

    kind: str  # "indicator" or "milestone"
    object_id: int
    name: str
    plan_id: int
    plan: str
    units: str
    colour: Colour
    attention: Colour
    explanation: str
    year: int | None = None  # indicators: the year judged, the run's first year and length
    since: int | None = None
    periods: int | None = None
    due_date: date | None = None  # milestones: when it was due, and how late it is
    days_overdue: int | None = None

    @property
    def escalated(self) -> bool:
        return self.attention != self.colour


def indicator_item(row: WarningRow) -> WarningItem:
    return WarningItem(
        kind="indicator",
        object_id=row.indicator_id,
        name=row.name,
        plan_id=row.plan_id,
        plan=row.plan,
        units=row.units,
        colour=row.colour,
        attention=row.attention,
        explanation=row.explanation,
        year=row.year,
        since=row.since,
        periods=row.periods,
    )


def milestone_item(milestone: Milestone, today: date) -> WarningItem:
    days = (today - milestone.due_date).days
    colour = Colour.RED if days > MILESTONE_RED_AFTER_DAYS else Colour.YELLOW
    task = milestone.task
    return WarningItem(
        kind="milestone",
        object_id=milestone.pk,
        name=f"{task.number}. {task.title}：{milestone.title}",
        plan_id=task.plan_id,
        plan=str(task.plan),
        units=milestone.owner.name,
        colour=colour,
        attention=colour,
        explanation=_("Milestone due on %(due)s, %(days)s days overdue.")
        % {"due": milestone.due_date.isoformat(), "days": days},
        due_date=milestone.due_date,
        days_overdue=days,
    )


def warning_items(
    user: User, *, years: Mapping[int, int], unit_id: int | None = None, today: date | None = None
) -> list[WarningItem]:
    """The warnings `user` may see in the given plans (plan id → year looked at), or only those of
    `unit_id`, worst first: four queries (three for the indicators, one for the milestones)."""
    if not years:
        return []
    today = today or timezone.localdate()
    milestones = overdue_milestones(today=today, user=user, plan_ids=years)
    if unit_id is not None:
        milestones = milestones.filter(owner_id=unit_id)
    items = [indicator_item(row) for row in warning_rows(user, years=years, unit_id=unit_id)]
    items += [milestone_item(milestone, today) for milestone in milestones]
    return sorted(
        items,
        key=lambda item: (
            WARNING_SEVERITY[item.attention],
            WARNING_SEVERITY[item.colour],
            item.kind,
            -(item.periods or item.days_overdue or 0),
            item.plan,
            item.name,
        ),
    )
