"""Reads that evaluate: approved figures joined to their indicators, judged by the domain rules.

Evaluating any number of indicators costs three queries: the indicators (by the caller), their
approved yearly figures with those of the indicators they are linked to, and their quotas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, Value
from django.utils import timezone

from indicators.domain.assessment import Assessment, assess
from indicators.domain.early_warning import Colour, WarningRules, escalate
from indicators.domain.evaluation import (
    Direction,
    Evaluation,
    IndicatorSpec,
    Measure,
    Thresholds,
    YearTarget,
    evaluate,
)
from indicators.domain.opensdg import OpenSdgResult, open_sdg_progress
from indicators.domain.target_grammar import STRETCH_WORDS
from indicators.domain.targets import Column, Comparator, Target, TargetKind, parse_target
from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorQuota,
    IndicatorResponsibility,
    PlanWarningRules,
    ProgressEntry,
    TaskResponsibility,
)
from indicators.querysets import reporter_indicator_q
from plans.models import ResponsibilityRole
from progress.models import EntryState

if TYPE_CHECKING:
    from accounts.models import User


def thresholds() -> Thresholds:
    """The evaluation margins from settings (EVALUATION_* environment variables), else the defaults."""
    defaults = Thresholds()
    values = {}
    for name in ("on_track_margin", "ahead_margin", "approx_tolerance"):
        raw = getattr(settings, f"EVALUATION_{name.upper()}", "")
        try:
            values[name] = Decimal(raw) if raw else getattr(defaults, name)
        except InvalidOperation:
            values[name] = getattr(defaults, name)
    return Thresholds(**values)  # type: ignore[arg-type]


def stored_target(
    raw: str,
    kind: str,
    comparator: str,
    value: Decimal | None,
    unit: str = "",
    relative_to: str = "",
    *,
    column: Column = Column.TARGET,
) -> Target:
    """The stored parse of a cell; a cell with a stretch clause (">7、力争8") is read again for it."""
    stretch = (
        parse_target(raw, column=column).stretch_target if any(w in raw for w in STRETCH_WORDS) else None
    )
    return Target(
        raw=raw,
        kind=TargetKind(kind),
        comparator=Comparator(comparator) if comparator else None,
        value=value,
        unit=unit,
        relative_to=relative_to,
        stretch_target=stretch,
    )


def indicator_spec(indicator: Indicator) -> IndicatorSpec:
    """The domain's view of an indicator, from its stored (parsed) fields."""
    plan = indicator.plan
    # A baseline older than the plan's base year (a starred 2019 figure) keeps the plan's years
    # and only moves where time progress starts; a later one replaces the base year, as before.
    older = indicator.baseline_year is not None and indicator.baseline_year < plan.base_year
    return IndicatorSpec(
        direction=Direction(indicator.direction),
        measure=Measure(indicator.measure),
        binding=indicator.is_binding,
        base_year=plan.base_year if older else indicator.baseline_year or plan.base_year,
        baseline_year=indicator.baseline_year if older else None,
        target_year=indicator.target_year or plan.end_year,
        baseline=indicator.baseline_value,
        target=stored_target(
            indicator.target_text,
            indicator.target_kind,
            indicator.target_comparator,
            indicator.target_value,
            indicator.target_unit,
            indicator.relative_to_text,
        ),
        annual=stored_target(
            indicator.annual_text,
            indicator.annual_kind,
            indicator.annual_comparator,
            indicator.annual_value,
            column=Column.ANNUAL,
        ),
        name=indicator.name,
        unit=indicator.unit_of_measure,
    )


@dataclass(frozen=True)
class IndicatorFigures:
    """Everything approved about one indicator that its evaluation needs."""

    values: dict[int, Decimal]
    judgements: dict[int, str]
    yearly_targets: dict[int, YearTarget]  # quotas handed down, rates set year by year
    is_level: bool = False  # its figures are levels (known once one is approved)


def approved_figures(indicator_ids: Iterable[int]) -> dict[int, IndicatorFigures]:
    """Approved yearly figures, judgements and quotas for the given indicators: two queries."""
    ids = set(indicator_ids)
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    judgements: dict[int, dict[int, str]] = defaultdict(dict)
    yearly: dict[int, dict[int, YearTarget]] = defaultdict(dict)
    levels: set[int] = set()
    entries = ProgressEntry.objects.filter(
        indicator_id__in=ids, state=EntryState.APPROVED, quarter__isnull=True
    ).values_list("indicator_id", "year", "value", "judgement", "indicator__measure")
    for indicator_id, year, value, judgement, measure in entries:
        if measure == Measure.LEVEL:
            levels.add(indicator_id)
        if value is not None:
            values[indicator_id][year] = value
        if judgement:
            judgements[indicator_id][year] = judgement
    for indicator_id, year, comparator, value in IndicatorQuota.objects.filter(
        indicator_id__in=ids
    ).values_list("indicator_id", "year", "comparator", "value"):
        yearly[indicator_id][year] = YearTarget(Comparator(comparator), value)
    return {
        indicator_id: IndicatorFigures(
            values[indicator_id], judgements[indicator_id], yearly[indicator_id], indicator_id in levels
        )
        for indicator_id in ids
    }


def default_year(indicator: Indicator, figures: IndicatorFigures) -> int:
    """The latest year with an approved figure, else the current year clamped into the plan."""
    years = [*figures.values, *figures.judgements]
    if years:
        return max(years)
    plan = indicator.plan
    return min(max(timezone.localdate().year, plan.start_year), plan.end_year)


@dataclass(frozen=True)
class EvaluationInput:
    indicator: Indicator
    spec: IndicatorSpec
    figures: IndicatorFigures
    linked: dict[int, Decimal] | None

    def evaluate(self, year: int, margins: Thresholds) -> Evaluation:
        return evaluate(
            self.spec,
            self.figures.values,
            year,
            thresholds=margins,
            linked=self.linked,
            judgements=self.figures.judgements,
            yearly_targets=self.figures.yearly_targets,
        )

    def assess(self, year: int, margins: Thresholds, rules: WarningRules) -> Assessment:
        """The evaluation with its end-of-plan forecast and its warning colour."""
        return assess(
            self.spec,
            self.figures.values,
            year,
            thresholds=margins,
            rules=rules,
            linked=self.linked,
            judgements=self.figures.judgements,
            yearly_targets=self.figures.yearly_targets,
        )


def evaluation_inputs(indicators: Sequence[Indicator]) -> list[EvaluationInput]:
    """Each indicator with its approved figures and those it is linked to: two queries."""
    linked_ids = {i.relative_to_id for i in indicators if i.relative_to_id}
    figures = approved_figures([i.pk for i in indicators] + list(linked_ids))
    inputs = []
    for indicator in indicators:
        spec, linked = indicator_spec(indicator), None
        if indicator.relative_to_id:
            linked = figures[indicator.relative_to_id]
            spec = replace(spec, linked_is_level=linked.is_level)
        inputs.append(
            EvaluationInput(indicator, spec, figures[indicator.pk], linked.values if linked else None)
        )
    return inputs


def evaluate_indicators(indicators: Sequence[Indicator], year: int | None = None) -> dict[int, Evaluation]:
    """Evaluate each indicator for `year` (default: its latest year with approved data).

    The indicators must come with their plan (select_related); the cost is two more queries.
    """
    margins = thresholds()
    return {
        item.indicator.pk: item.evaluate(
            year if year is not None else default_year(item.indicator, item.figures), margins
        )
        for item in evaluation_inputs(indicators)
    }


def warning_rules(plan_ids: Iterable[int]) -> dict[int, WarningRules]:
    """Each plan's 预警 rules (the defaults where the office has set none): one query."""
    stored = PlanWarningRules.objects.filter(plan_id__in=set(plan_ids))
    return defaultdict(WarningRules, {rules.plan_id: rules.as_rules() for rules in stored})


def assess_indicators(indicators: Sequence[Indicator], year: int) -> dict[int, Assessment]:
    """Evaluate, forecast and warn each indicator for `year`: three queries."""
    margins, rules = thresholds(), warning_rules(i.plan_id for i in indicators)
    return {
        item.indicator.pk: item.assess(year, margins, rules[item.indicator.plan_id])
        for item in evaluation_inputs(indicators)
    }


def evaluate_years(
    indicators: Sequence[Indicator], rules: Mapping[int, WarningRules] | None = None
) -> Iterator[tuple[Indicator, Assessment]]:
    """Every plan year of each indicator, evaluated, forecast and warned: three queries for the batch
    (two when the plans' warning rules are given)."""
    margins = thresholds()
    rules = rules if rules is not None else warning_rules(i.plan_id for i in indicators)
    for item in evaluation_inputs(indicators):
        for year in item.indicator.plan.years:
            yield item.indicator, item.assess(year, margins, rules[item.indicator.plan_id])


@dataclass(frozen=True)
class WarningRow:
    """One indicator under warning: what, since when, for how many consecutive years, and why."""

    indicator_id: int
    name: str
    units: str
    year: int
    colour: Colour
    since: int
    periods: int
    attention: Colour
    explanation: str
    plan_id: int = 0
    plan: str = ""


WARNING_SEVERITY = {Colour.RED: 0, Colour.YELLOW: 1}


def warning_list(user: User, *, plan_id: int, year: int) -> list[WarningRow]:
    """The yellow and red indicators of a plan in `year` that `user` may see: three queries."""
    return warning_rows(user, years={plan_id: year})


def warning_rows(user: User, *, years: Mapping[int, int], unit_id: int | None = None) -> list[WarningRow]:
    """The yellow and red indicators `user` may see in the given plans (plan id → year), or only
    those `unit_id` answers for, worst first, with their run of consecutive warned years and the
    attention due (two yellows call for red): three queries whatever the number of plans."""
    if not years:
        return []
    indicators = Indicator.objects.for_user(user).filter(plan_id__in=list(years))
    if unit_id is not None:
        indicators = indicators.filter(reporter_indicator_q(unit_id))
    up_to_year = Q()
    for plan_id, year in years.items():
        up_to_year |= Q(indicator__plan_id=plan_id, year__lte=year)
    stored = IndicatorEvaluation.objects.filter(up_to_year, indicator__in=indicators).exclude(warning="")
    history: dict[int, dict[int, Colour | None]] = defaultdict(dict)
    latest: dict[int, tuple[str, str, int, str]] = {}
    for indicator_id, row_year, colour, explanation, name, plan_id, short, title in stored.values_list(
        "indicator_id",
        "year",
        "warning",
        "warning_explanation",
        "indicator__name",
        "indicator__plan_id",
        "indicator__plan__short_title",
        "indicator__plan__title",
    ):
        history[indicator_id][row_year] = Colour(colour)
        if row_year == years[plan_id]:
            latest[indicator_id] = (name, explanation, plan_id, short or title)
    rules = warning_rules(years)
    units = lead_unit_names(list(latest))
    rows = []
    for indicator_id, (name, explanation, plan_id, plan) in latest.items():
        streak = escalate(history[indicator_id], rules=rules[plan_id])
        if streak.colour in WARNING_SEVERITY and streak.since is not None and streak.attention:
            rows.append(
                WarningRow(
                    indicator_id,
                    name,
                    units.get(indicator_id, ""),
                    years[plan_id],
                    streak.colour,
                    streak.since,
                    streak.periods,
                    streak.attention,
                    explanation,
                    plan_id,
                    plan,
                )
            )
    return sorted(
        rows,
        key=lambda row: (
            WARNING_SEVERITY[row.attention],
            WARNING_SEVERITY[row.colour],
            -row.periods,
            row.plan,
            row.name,
        ),
    )


def lead_units(indicator_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """The units answering for each indicator (id, name), by name: its own, or for a task's
    sub-target without any, the task's (as the indicator admin lists them); of either, the lead
    units, or all when none is marked lead. One query."""
    ids = list(indicator_ids)
    # No ordering inside a UNION (the models' default ones would add it): sorted below.
    own = (
        IndicatorResponsibility.objects.filter(indicator_id__in=ids)
        .order_by()
        .values_list("indicator_id", "unit_id", "unit__name", "role", Value(0))
    )
    via_task = (
        TaskResponsibility.objects.filter(task__targets__in=ids)
        .order_by()
        .values_list("task__targets__id", "unit_id", "unit__name", "role", Value(1))
    )
    found: dict[int, dict[int, list[tuple[int, str, bool]]]] = defaultdict(lambda: defaultdict(list))
    for indicator_id, unit_id, name, role, source in own.union(via_task, all=True):
        found[indicator_id][source].append((unit_id, name, role == ResponsibilityRole.LEAD))
    units = {}
    for indicator_id, sources in found.items():
        candidates = sources[min(sources)]
        leads = [unit for unit in candidates if unit[2]] or candidates
        units[indicator_id] = sorted(((unit_id, name) for unit_id, name, _lead in leads), key=lambda u: u[1])
    return units


def lead_unit_names(indicator_ids: Iterable[int]) -> dict[int, str]:
    return {
        indicator_id: "、".join(name for _unit_id, name in units)
        for indicator_id, units in lead_units(indicator_ids).items()
    }


def open_sdg_for(indicator: Indicator, year: int | None = None) -> OpenSdgResult:
    """The second method: Open SDG's observed vs required compound growth, for `year` or the latest."""
    figures = approved_figures([indicator.pk])[indicator.pk]
    chosen = year if year is not None else default_year(indicator, figures)
    return open_sdg_progress(indicator_spec(indicator), figures.values, chosen)
