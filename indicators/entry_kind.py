"""Indicators (and task sub-targets) as an entry kind of the review workflow (`progress.registry`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorResponsibility,
    ProgressEntry,
    TaskResponsibility,
)
from indicators.querysets import reporter_indicator_q
from indicators.services import evaluations_refresh
from progress.registry import EntryKind, Obligation

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan
    from progress.models import ReviewedEntry


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


def indicator_obligations(plan: Plan, user: User) -> Iterator[Obligation]:
    """Units owing a figure for the plan's indicators the user sees, directly or through a task."""
    visible = Indicator.objects.for_user(user).filter(plan=plan).values("pk")
    yield from IndicatorResponsibility.objects.filter(indicator__in=visible).values_list(
        "unit_id", "unit__name", "indicator_id"
    )
    yield from TaskResponsibility.objects.filter(task__targets__in=visible).values_list(
        "unit_id", "unit__name", "task__targets"
    )


def indicator_evaluations(
    indicators: list[Indicator], years: Collection[int]
) -> dict[tuple[int, int], dict[str, Any]]:
    """The stored evaluation of each indicator's open years, as the worklist shows them (one query)."""
    return {
        (row["indicator_id"], row["year"]): row  # type: ignore[misc]
        for row in IndicatorEvaluation.objects.filter(indicator__in=indicators, year__in=years).values(
            "indicator_id", "year", "status", "explanation", "expected"
        )
    }


def refresh_evaluations(entries: Sequence[ReviewedEntry]) -> None:
    """Approved figures feed the stored evaluations of their indicators (and those linked to them)."""
    evaluations_refresh(indicator_ids={entry.item_id for entry in entries})  # type: ignore[misc]


def indicator_kind() -> EntryKind:
    from indicators.admin_views import indicator_work

    return EntryKind(
        name="indicator",
        entry_model=ProgressEntry,
        unit_items=unit_indicators,
        obligations=indicator_obligations,
        year_details=indicator_evaluations,
        present=indicator_work,
        submit_field="entry",
        revisable_fields=frozenset({"value", "judgement"}),
        on_approved=refresh_evaluations,
    )
