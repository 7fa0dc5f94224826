"""Reads for plan families: comparison across jurisdictions, roll-ups, family counts, baseline offers.

Each selector runs a constant number of queries whatever the number of plans, indicators or years,
and converts every figure into the common indicator's unit before comparing it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import FilteredRelation, Q, QuerySet
from django.utils import timezone

from families.domain import (
    Candidate,
    DecompositionCheck,
    Part,
    RollUp,
    Suggestion,
    check_decomposition,
    conversion_factor,
    rank,
    roll_up,
    suggest_links,
)
from families.models import CommonIndicator, Decomposition, IndicatorLink
from indicators.domain.evaluation import Direction
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from plans.models import Jurisdiction, Plan
from progress.models import EntryState

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Figure:
    year: int
    value: Decimal


def _approved_values(indicator_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], Decimal]:
    """Approved yearly figures of the indicators in the years: one query."""
    rows = ProgressEntry.objects.filter(
        indicator_id__in=list(indicator_ids),
        year__in=list(years),
        state=EntryState.APPROVED,
        quarter__isnull=True,
        value__isnull=False,
    ).values_list("indicator_id", "year", "value")
    return {(indicator_id, year): value for indicator_id, year, value in rows}


# --- suggestions -----------------------------------------------------------------------------------


def link_suggestions(indicators: Sequence[Indicator]) -> dict[int, list[tuple[CommonIndicator, Suggestion]]]:
    """Common indicators each plan indicator is likely to be (one query for the catalogue)."""
    catalogue = {common.pk: common for common in CommonIndicator.objects.all()}
    candidates = [
        Candidate(common.pk, common.name, tuple(common.aliases or ()), common.unit_of_measure)
        for common in catalogue.values()
    ]
    return {
        indicator.pk: [
            (catalogue[s.candidate_id], s)
            for s in suggest_links(indicator.name, indicator.unit_of_measure, candidates)
        ]
        for indicator in indicators
    }


# --- comparison (横向比较) --------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    indicator_id: int
    indicator_name: str
    plan_id: int
    plan_title: str
    jurisdiction: str
    unit: str
    value: Decimal | None
    weight: Decimal | None
    per_capita: Decimal | None
    status: str | None
    warning: str = ""
    rank: int | None = None


@dataclass
class Comparison:
    common: CommonIndicator
    year: int
    rows: list[ComparisonRow] = field(default_factory=list)


def _year_figures(queryset: QuerySet[Indicator], year: int) -> QuerySet[Indicator]:
    """Join each indicator's approved yearly figure and stored status of `year` (unique rows)."""
    return queryset.annotate(
        year_entry=FilteredRelation(
            "entries",
            condition=Q(
                entries__year=year, entries__state=EntryState.APPROVED, entries__quarter__isnull=True
            ),
        ),
        year_evaluation=FilteredRelation("evaluations", condition=Q(evaluations__year=year)),
    )


def comparison_year(*, user: User, common: CommonIndicator, today: date | None = None) -> int:
    """The year a comparison opens on: the latest with an approved yearly figure of a member the
    user sees, else last year."""
    members = Indicator.objects.for_user(user).filter(common_link__common=common)
    latest = ProgressEntry.objects.filter(indicator__in=members).latest_approved_year()
    return latest if latest is not None else (today or timezone.localdate()).year - 1


def comparison(*, user: User, common: CommonIndicator, year: int) -> Comparison:
    """Every linked indicator the user may see, side by side for a year, best first: two queries.

    One query for the members with their figure and status, one for the weights (when the catalogue
    names a weight). Values are in the common unit; per-capita divides by the weight indicator's
    figure of the same plan and year; ranks follow the direction, on per-capita values where every
    member has one.
    """
    members = list(
        _year_figures(Indicator.objects.for_user(user).filter(common_link__common=common), year)  # type: ignore[misc]
        .order_by()
        .values_list(
            "pk",
            "name",
            "plan_id",
            "plan__title",
            "plan__jurisdiction__name",
            "plan__jurisdiction__parent__name",
            "plan__jurisdiction__parent__level",
            "unit_of_measure",
            "common_link__factor",
            "year_entry__value",
            "year_evaluation__status",
            "year_evaluation__warning",
        )
    )
    weights: dict[int, Decimal] = {}
    if common.weight_id:
        weight_rows = _year_figures(  # type: ignore[misc]
            Indicator.objects.filter(
                common_link__common_id=common.weight_id, plan_id__in={row[2] for row in members}
            ),
            year,
        ).values_list("plan_id", "year_entry__value", "common_link__factor")
        for plan_id, value, factor in weight_rows.order_by("pk"):
            if value is not None:
                weights.setdefault(plan_id, value * factor)
    result = Comparison(common, year)
    for pk, name, plan_id, title, place, parent, parent_level, unit, factor, raw, status, warning in members:
        value = raw * factor if raw is not None else None
        weight = weights.get(plan_id)
        result.rows.append(
            ComparisonRow(
                indicator_id=pk,
                indicator_name=name,
                plan_id=plan_id,
                plan_title=title,
                jurisdiction=Jurisdiction.compose_full_name(place, parent, parent_level),
                unit=common.unit_of_measure or unit,
                value=value,
                weight=weight,
                per_capita=value / weight if value is not None and weight else None,
                status=status,
                warning=warning or "",
            )
        )
    use_per_capita = bool(result.rows) and all(row.per_capita is not None for row in result.rows)
    ranks = rank(
        [row.per_capita if use_per_capita else row.value for row in result.rows],
        lower_is_better=common.direction == Direction.LOWER,
    )
    for row, position in zip(result.rows, ranks, strict=True):
        row.rank = position
    result.rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.jurisdiction, row.plan_id))
    return result


# --- roll-up and decomposition ---------------------------------------------------------------------


@dataclass(frozen=True)
class RollUpView:
    """A higher-level indicator's own figure beside what its members add up to, never replacing it."""

    indicator_id: int
    year: int
    own: Decimal | None
    rule: str
    rolled_up: Decimal | None
    members: int
    members_reported: int
    targets: DecompositionCheck


def roll_ups(indicators: Sequence[Indicator], year: int) -> dict[int, RollUpView]:
    """For each higher-level indicator that was decomposed: five queries whatever their number."""
    parent_ids = [indicator.pk for indicator in indicators]
    children: dict[int, list[Indicator]] = defaultdict(list)
    for decomposition in Decomposition.objects.filter(parent_id__in=parent_ids).select_related("child"):
        children[decomposition.parent_id].append(decomposition.child)
    if not children:
        return {}
    member_ids = [child.pk for members in children.values() for child in members]
    rules = {
        link.indicator_id: link.common
        for link in IndicatorLink.objects.filter(indicator_id__in=parent_ids).select_related("common")
    }
    # The indicator weighing a member: the weight common indicator's link in the member's plan.
    weights: dict[tuple[int, int], int] = {}
    weight_commons = {common.weight_id for common in rules.values() if common.weight_id}
    if weight_commons:
        member_plans = {child.plan_id for members in children.values() for child in members}
        for indicator_id, plan_id, common_id in IndicatorLink.objects.filter(
            common_id__in=weight_commons, indicator__plan_id__in=member_plans
        ).values_list("indicator_id", "indicator__plan_id", "common_id"):
            weights.setdefault((plan_id, common_id), indicator_id)
    values = _approved_values([*parent_ids, *member_ids, *weights.values()], [year])
    views: dict[int, RollUpView] = {}
    for indicator in indicators:
        members = children.get(indicator.pk)
        if not members:
            continue
        common = rules.get(indicator.pk)
        rule = RollUp(common.roll_up) if common else RollUp.NONE
        parts: list[Part] = []
        target_parts: list[Part] = []
        for child in members:
            factor = conversion_factor(child.unit_of_measure, indicator.unit_of_measure) or Decimal(1)
            weight_common = common.weight_id if common else None
            weight_id = weights.get((child.plan_id, weight_common)) if weight_common else None
            weight = values.get((weight_id, year)) if weight_id else None
            figure = values.get((child.pk, year))
            if figure is not None:
                parts.append(Part(figure * factor, weight))
            if child.target_value is not None:
                target_parts.append(Part(child.target_value * factor, weight))
        targets = (
            check_decomposition(
                rule,
                indicator.target_value,
                target_parts,
                lower_is_better=indicator.direction == Direction.LOWER,
            )
            if len(target_parts) == len(members)
            else DecompositionCheck(None, None, None)
        )
        views[indicator.pk] = RollUpView(
            indicator_id=indicator.pk,
            year=year,
            own=values.get((indicator.pk, year)),
            rule=rule.value,
            rolled_up=roll_up(rule, parts) if len(parts) == len(members) else None,
            members=len(members),
            members_reported=len(parts),
            targets=targets,
        )
    return views


# --- plan families ---------------------------------------------------------------------------------


def plan_family(*, user: User, plan: Plan) -> list[Plan]:
    """The plan and every plan below it (children, their children …) the user may see: one query."""
    visible = list(Plan.objects.for_user(user).select_related("jurisdiction").order_by("pk"))
    by_parent: dict[int | None, list[Plan]] = defaultdict(list)
    for member in visible:
        by_parent[member.parent_id].append(member)
    family, queue, seen = [plan], [plan.pk], {plan.pk}
    while queue:
        for child in by_parent.get(queue.pop(0), []):
            if child.pk not in seen:
                seen.add(child.pk)
                family.append(child)
                queue.append(child.pk)
    return family


@dataclass(frozen=True)
class MemberCounts:
    plan: Plan
    counts: dict[str, int]
    indicators: int


def family_counts(*, user: User, plan: Plan, year: int) -> list[MemberCounts]:
    """Counts per status of each member of the plan's family for a year ("1 + 16 + 56"): three queries."""
    family = plan_family(user=user, plan=plan)
    visible = Indicator.objects.for_user(user).filter(plan__in=family).order_by()
    totals = Counter(visible.values_list("plan_id", flat=True))
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for plan_id, status in (
        IndicatorEvaluation.objects.filter(indicator__in=visible, year=year)
        .order_by()
        .values_list("indicator__plan_id", "status")
    ):
        counts[plan_id][status] += 1
    return [MemberCounts(member, dict(counts[member.pk]), totals[member.pk]) for member in family]


# --- continuity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineOffer:
    indicator: Indicator
    predecessor_indicator_id: int
    figure: Figure


def baseline_offers(indicators: Sequence[Indicator]) -> dict[int, BaselineOffer]:
    """Estimated baselines that the preceding plan's approved figure can now replace: three queries.

    The successor's indicator and the predecessor's are matched through the common indicator both are
    linked to (never by name), in the preceding plan of the same jurisdiction, for the baseline year.
    """
    estimated = [i for i in indicators if i.baseline_is_estimate and i.plan.predecessor_id]
    if not estimated:
        return {}
    own_links = IndicatorLink.objects.filter(indicator__in=estimated)
    commons = {
        indicator_id: (common_id, factor)
        for indicator_id, common_id, factor in own_links.values_list("indicator_id", "common_id", "factor")
    }
    predecessors = {i.plan.predecessor_id for i in estimated}
    earlier: dict[tuple[int, int], tuple[int, Decimal]] = {}
    for indicator_id, plan_id, common_id, factor in IndicatorLink.objects.filter(  # type: ignore[misc]
        common_id__in={common_id for common_id, _factor in commons.values()},
        indicator__plan_id__in=predecessors,
    ).values_list("indicator_id", "indicator__plan_id", "common_id", "factor"):
        earlier.setdefault((plan_id, common_id), (indicator_id, factor))
    years = {i.baseline_year or i.plan.base_year for i in estimated}
    values = _approved_values([pair[0] for pair in earlier.values()], years)
    offers: dict[int, BaselineOffer] = {}
    for indicator in estimated:
        own = commons.get(indicator.pk)
        match = earlier.get((indicator.plan.predecessor_id, own[0])) if own else None  # type: ignore[arg-type]
        if own is None or match is None:
            continue
        year = indicator.baseline_year or indicator.plan.base_year
        value = values.get((match[0], year))
        if value is None:
            continue
        # Both figures read in the common unit through their links' factors.
        offers[indicator.pk] = BaselineOffer(indicator, match[0], Figure(year, value * match[1] / own[1]))
    return offers


def predecessor_figure(indicator: Indicator) -> Figure | None:
    offer = baseline_offers([indicator]).get(indicator.pk)
    return offer.figure if offer else None


def common_indicators(user: User) -> QuerySet[CommonIndicator]:
    """The catalogue is shared: every active user reads it."""
    return CommonIndicator.objects.all() if user.is_active else CommonIndicator.objects.none()
