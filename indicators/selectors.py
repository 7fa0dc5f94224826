"""Reads that evaluate: approved figures joined to their indicators, judged by the domain rules.

Evaluating any number of indicators costs three queries: the indicators (by the caller), their
approved yearly figures with those of the indicators they are linked to, and their quotas.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet, Value
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
from tracker.db import value_rows
from tracker.memory import cycle_collection_paused

if TYPE_CHECKING:
    from accounts.models import User


_STRETCH = re.compile("|".join(STRETCH_WORDS))


@lru_cache(maxsize=4096)
def stretch_clause(raw: str, column: Column) -> Target | None:
    """The stretch target of a cell, parsed once per text: every evaluation reads every cell again."""
    return parse_target(raw, column=column).stretch_target if _STRETCH.search(raw) else None


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
    stretch = stretch_clause(raw, column)
    return Target(
        raw=raw,
        kind=TargetKind(kind),
        comparator=Comparator(comparator) if comparator else None,
        value=value,
        unit=unit,
        relative_to=relative_to,
        stretch_target=stretch,
    )


# What evaluating an indicator reads of it and of its plan, in the order `evaluated_row` takes it.
EVALUATED_FIELDS = (
    "pk",
    "plan_id",
    "relative_to_id",
    "plan__start_year",
    "plan__end_year",
    "plan__base_year",
    "direction",
    "measure",
    "attribute",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_text",
    "target_kind",
    "target_comparator",
    "target_value",
    "target_unit",
    "relative_to_text",
    "annual_text",
    "annual_kind",
    "annual_comparator",
    "annual_value",
    "name",
    "unit_of_measure",
)
_FROM_OBJECT = attrgetter(*(name.replace("__", ".") for name in EVALUATED_FIELDS))


class Evaluated(NamedTuple):
    """An indicator as evaluation sees it: its ids, its plan's years and the domain's spec.

    This and the other records built for each indicator of a batch are named tuples: as immutable
    as frozen dataclasses, which cost ten times as much to build."""

    pk: int
    plan_id: int
    relative_to_id: int | None
    start_year: int
    end_year: int
    spec: IndicatorSpec

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


# A batch's cells repeat (a province: under a thousand distinct targets in twelve thousand cells):
# each distinct cell becomes one Target, shared by the specs (both are immutable). The value is
# keyed by its type and text, so that equal numbers written otherwise (5.0, 5.00) stay apart.
CellKey = tuple[Column, str, str, str, type, str, str, str]


# A cell as stored: its text, kind, comparator, value, unit and what it is relative to.
Cell = tuple[str, str, str, Decimal | None, str, str]


def shared_target(targets: dict[CellKey, Target], column: Column, cell: Cell) -> Target:
    """`stored_target` of a cell, once per distinct cell of a batch."""
    raw, kind, comparator, value, unit, relative_to = cell
    key = (column, raw, kind, comparator, type(value), str(value), unit, relative_to)
    target = targets.get(key)
    if target is None:
        target = targets[key] = stored_target(*cell, column=column)
    return target


_DIRECTIONS = {member.value: member for member in Direction}
_MEASURES = {member.value: member for member in Measure}


def evaluated_row(row: Sequence[Any], targets: dict[CellKey, Target] | None = None) -> Evaluated:
    """The domain's view of an indicator, from its stored (parsed) fields in `EVALUATED_FIELDS` order.
    `targets`: the cells already read in its batch."""
    targets = {} if targets is None else targets
    (
        pk,
        plan_id,
        relative_to_id,
        start_year,
        end_year,
        plan_base_year,
        direction,
        measure,
        attribute,
        baseline_year,
        baseline_value,
        target_year,
        target_text,
        target_kind,
        target_comparator,
        target_value,
        target_unit,
        relative_to_text,
        annual_text,
        annual_kind,
        annual_comparator,
        annual_value,
        name,
        unit_of_measure,
    ) = row
    # A baseline older than the plan's base year (a starred 2019 figure) keeps the plan's years
    # and only moves where time progress starts; a later one replaces the base year, as before.
    older = baseline_year is not None and baseline_year < plan_base_year
    spec = IndicatorSpec(
        # Looked up rather than called: an enum's call costs a microsecond, thousands of times;
        # an unknown value still raises the enum's error.
        direction=_DIRECTIONS.get(direction) or Direction(direction),
        measure=_MEASURES.get(measure) or Measure(measure),
        binding=attribute == Indicator.Attribute.BINDING,
        base_year=plan_base_year if older else baseline_year or plan_base_year,
        baseline_year=baseline_year if older else None,
        target_year=target_year or end_year,
        baseline=baseline_value,
        target=shared_target(
            targets,
            Column.TARGET,
            (target_text, target_kind, target_comparator, target_value, target_unit, relative_to_text),
        ),
        annual=shared_target(
            targets, Column.ANNUAL, (annual_text, annual_kind, annual_comparator, annual_value, "", "")
        ),
        name=name,
        unit=unit_of_measure,
    )
    return Evaluated(pk, plan_id, relative_to_id, start_year, end_year, spec)


def evaluated(indicators: Sequence[Indicator] | QuerySet[Indicator]) -> list[Evaluated]:
    """Indicators as evaluation sees them: a queryset in one query of `EVALUATED_FIELDS` alone (no
    model objects: a province is thousands of indicators), a list from its objects with their plan."""
    targets: dict[CellKey, Target] = {}
    if isinstance(indicators, QuerySet):
        rows = value_rows(indicators.values_list(*EVALUATED_FIELDS))
        return [evaluated_row(row, targets) for row in rows]
    return [evaluated_row(_FROM_OBJECT(indicator), targets) for indicator in indicators]


def indicator_spec(indicator: Indicator) -> IndicatorSpec:
    """The domain's view of an indicator fetched with its plan."""
    return evaluated_row(_FROM_OBJECT(indicator)).spec


class IndicatorFigures(NamedTuple):
    """Everything approved about one indicator that its evaluation needs."""

    values: dict[int, Decimal]
    judgements: dict[int, str]
    yearly_targets: dict[int, YearTarget]  # quotas handed down, rates set year by year
    is_level: bool = False  # its figures are levels (known once one is approved)


def approved_figures(
    indicator_ids: Iterable[int],
    where: Q | None = None,
    measures: Mapping[int, str] | None = None,
    up_to: int | None = None,
) -> dict[int, IndicatorFigures]:
    """Approved yearly figures, judgements and quotas for the given indicators: two queries.

    `where` selects the same indicators' rows in SQL (by `indicator_id`), where thousands of ids
    as parameters would cost more than the query itself. `measures`: the indicators' measures, when
    the caller has them, saves joining each figure to its indicator for it. `up_to`: figures and
    judgements of later years are left out (quotas are all read)."""
    ids = set(indicator_ids)
    where = where if where is not None else Q(indicator_id__in=ids)
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    judgements: dict[int, dict[int, str]] = defaultdict(dict)
    yearly: dict[int, dict[int, YearTarget]] = defaultdict(dict)
    in_years = Q() if up_to is None else Q(year__lte=up_to)
    # No ORDER BY: the domain reads figures by year, never in the order they come.
    approved = (
        ProgressEntry.objects.filter(where, in_years, state=EntryState.APPROVED, quarter__isnull=True)
        .order_by()
        .values_list("indicator_id", "year", "value", "judgement")
    )
    if measures is None:
        joined = value_rows(
            approved.values_list("indicator_id", "year", "value", "judgement", "indicator__measure")
        )
        measures = {row[0]: row[4] for row in joined}
        entries = [row[:4] for row in joined]
    else:
        entries = value_rows(approved)
    for indicator_id, year, value, judgement in entries:
        if value is not None:
            values[indicator_id][year] = value
        if judgement:
            judgements[indicator_id][year] = judgement
    for indicator_id, year, comparator, value in value_rows(
        # One quota per indicator and year: no ORDER BY (its default one joins up to the plans).
        IndicatorQuota.objects.filter(where)
        .order_by()
        .values_list("indicator_id", "year", "comparator", "value")
    ):
        yearly[indicator_id][year] = YearTarget(Comparator(comparator), value)
    # A level's figures are levels once one is approved (a row holds a value or a judgement).
    return {
        indicator_id: IndicatorFigures(
            values[indicator_id],
            judgements[indicator_id],
            yearly[indicator_id],
            measures.get(indicator_id) == Measure.LEVEL
            and bool(values[indicator_id] or judgements[indicator_id]),
        )
        for indicator_id in ids
    }


def default_year(indicator: Evaluated, figures: IndicatorFigures) -> int:
    """The latest year with an approved figure, else the current year clamped into the plan."""
    years = [*figures.values, *figures.judgements]
    if years:
        return max(years)
    return min(max(timezone.localdate().year, indicator.start_year), indicator.end_year)


class EvaluationInput(NamedTuple):
    indicator: Evaluated
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


Indicators = Sequence[Indicator] | QuerySet[Indicator]


def evaluation_inputs(
    subjects: Sequence[Evaluated], source: QuerySet[Indicator] | None = None, year: int | None = None
) -> list[EvaluationInput]:
    """Each indicator with its approved figures and those it is linked to: two queries. `source`:
    the queryset the indicators were read from, which the figures' queries select them by. `year`:
    the one year they will be judged for, whose later figures are not read."""
    pks = {i.pk for i in subjects}
    linked_ids = {i.relative_to_id for i in subjects if i.relative_to_id}
    where = None
    if source is not None:
        where = Q(indicator_id__in=source.values("pk")) | Q(indicator_id__in=linked_ids - pks)
    # The linked indicators' measures are known when they are evaluated too (a province, a plan).
    measures = {i.pk: i.spec.measure for i in subjects} if linked_ids <= pks else None
    # Judging a year (evaluation, forecast, binding test) reads the figures up to it and, as a
    # baseline, the figure of the baseline's year, which can be later. A linked indicator with no
    # figure up to then is never compared, so that its later ones make it a level changes nothing.
    up_to = None if year is None else max([year, *(i.spec.origin for i in subjects)])
    figures = approved_figures(pks | linked_ids, where, measures, up_to)
    inputs = []
    for subject in subjects:
        spec, linked = subject.spec, None
        if subject.relative_to_id:
            linked = figures[subject.relative_to_id]
            spec = replace(spec, linked_is_level=linked.is_level)
        inputs.append(EvaluationInput(subject, spec, figures[subject.pk], linked.values if linked else None))
    return inputs


def inputs_of(indicators: Indicators, year: int | None = None) -> list[EvaluationInput]:
    """The indicators with their figures, for `year` alone when given."""
    source = indicators if isinstance(indicators, QuerySet) else None
    return evaluation_inputs(evaluated(indicators), source, year)


def evaluate_indicators(indicators: Indicators, year: int | None = None) -> dict[int, Evaluation]:
    """Evaluate each indicator for `year` (default: its latest year with approved data).

    Indicators fetched with their plan (select_related) cost two more queries; a queryset, three
    in all, and no model objects.
    """
    margins = thresholds()
    with cycle_collection_paused():
        return {
            item.indicator.pk: item.evaluate(
                year if year is not None else default_year(item.indicator, item.figures), margins
            )
            for item in inputs_of(indicators, year)
        }


def warning_rules(plan_ids: Iterable[int]) -> dict[int, WarningRules]:
    """Each plan's 预警 rules (the defaults where the office has set none): one query."""
    stored = PlanWarningRules.objects.filter(plan_id__in=set(plan_ids))
    return defaultdict(WarningRules, {rules.plan_id: rules.as_rules() for rules in stored})


def assess_indicators(indicators: Indicators, year: int) -> dict[int, Assessment]:
    """Evaluate, forecast and warn each indicator for `year`: three queries (four for a queryset)."""
    with cycle_collection_paused():
        inputs = inputs_of(indicators, year)
        margins, rules = thresholds(), warning_rules(item.indicator.plan_id for item in inputs)
        return {
            item.indicator.pk: item.assess(year, margins, rules[item.indicator.plan_id]) for item in inputs
        }


def evaluate_years(
    indicators: Sequence[Evaluated], rules: Mapping[int, WarningRules] | None = None
) -> Iterator[tuple[Evaluated, Assessment]]:
    """Every plan year of each indicator, evaluated, forecast and warned: three queries for the batch
    (two when the plans' warning rules are given)."""
    margins = thresholds()
    rules = rules if rules is not None else warning_rules(i.plan_id for i in indicators)
    for item in evaluation_inputs(indicators):
        for year in item.indicator.years:
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
    subject = evaluated([indicator])[0]
    figures = approved_figures([indicator.pk])[indicator.pk]
    chosen = year if year is not None else default_year(subject, figures)
    return open_sdg_progress(subject.spec, figures.values, chosen)
