"""Evaluate a plan indicator for one year: expected value, completion and status.

This is the product's core rule (DOMAIN.md, "Evaluation"). For year *y* of a plan with base year
*b* and target year *T*:

* time progress (时序进度) = (y − b) / (T − b), capped to [0, 1];
* expected value: a level with a yearly-growth figure in the 年均增速 column follows the compound
  path ``baseline × (1 + g/100)^(y − b)``; any other level follows the straight line from the
  baseline to the target; a rate target is expected every year; a cumulative (or cumulative
  reduction) target is expected in proportion to time;
* completion (完成进度) = (actual − baseline) / (target − baseline) for levels, the average
  yearly rate / target rate for rates, the running total / total target for cumulative targets;
* status, in the classes the planning offices publish (:class:`Status`).

Decisions taken where DOMAIN.md is silent (all visible in :class:`Thresholds` or below):

* **Margins** are shares of the planned change: a level is 快于预期 when completion exceeds time
  progress by more than ``ahead_margin`` (10 points by default), 滞后 when it falls short of the
  expected completion by more than ``on_track_margin`` (5 points), 基本符合预期 in between. For
  rates and relative targets the same margins apply to the relative gap (average − target)/|target|.
* **Rates** are judged on the average of the elapsed years with data (compound average for growth
  rates, arithmetic otherwise, see ``IndicatorSpec.growth_rate``) because mid-term reviews use
  the average; the year's own figure is reported in ``actual`` and in the explanation.
* **The target year and after**: the target year's figures decide; met → 基本符合预期 (rule
  ``final_met``), short → 未达标. 提前实现 exists only before the target year.
* **Keep-it targets** (floor/ceiling already met at the baseline): 基本符合预期 while held, never
  提前实现; broken → 滞后, or 未达标 when binding (约束性) and broken in any elapsed year.
* **No baseline**: met → 基本符合预期 (we cannot tell it was achieved *early*); not met before the
  target year → 待评定, because progress cannot be measured without a starting point.
* **Approximate targets** (左右) are met within ``approx_tolerance`` × the planned change (or × the
  target for rates and totals) and, for a higher-/lower-is-better indicator, anywhere beyond.
* **Relative targets** (与X同步 / 高于X) compare with the linked indicator's figures of the same
  years; for rates on the compound averages of the years where both have figures.
* **Quotas** (完成上级下达任务): the year's quota from ``quotas`` is that year's target; 待评定
  until it is entered; short of it → 未达标 (the quota's year has passed).
* **Judgements** (qualitative assessments) decide only when the numbers cannot (the result would
  otherwise be 待评定 or 无数据).
* **Reductions** (measure REDUCTION): figures are yearly reduction rates in %, so a larger figure
  is always better, whatever ``direction`` says.
* Non-finite inputs (NaN, ±Infinity) count as missing; arithmetic runs with traps off and any
  non-finite result is reported as 无数据 (rule ``not_computable``) rather than raised.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import TypeAlias

from .targets import Comparator, Target, TargetKind

__all__ = [
    "STATUS_ORDER",
    "Direction",
    "Evaluation",
    "Goal",
    "GoalMode",
    "IndicatorSpec",
    "Measure",
    "Status",
    "Thresholds",
    "evaluate",
    "evaluate_series",
    "resolve_goal",
    "status_rank",
]


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    MAINTAIN = "maintain"  # must not fall (森林覆盖率 39.44 → 39.44)


class Measure(StrEnum):
    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"
    REDUCTION = "reduction"


class Status(StrEnum):
    ACHIEVED_EARLY = "achieved_early"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    NOT_MET = "not_met"
    PENDING = "pending"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        """The class name the planning offices publish."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED_EARLY: "提前实现",
    Status.AHEAD: "快于预期",
    Status.ON_TRACK: "基本符合预期",
    Status.LAGGING: "滞后",
    Status.NOT_MET: "未达标",
    Status.PENDING: "待评定",
    Status.NO_DATA: "无数据",
}

# Best first. PENDING and NO_DATA say nothing about performance, so they are not ranked.
STATUS_ORDER: tuple[Status, ...] = (
    Status.ACHIEVED_EARLY,
    Status.AHEAD,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.NOT_MET,
)


def status_rank(status: Status) -> int | None:
    """0 for the best status, larger is worse; None for PENDING / NO_DATA."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Evaluation settings (configurable per plan; these are the defaults).

    on_track_margin: 0.05 — a level may trail its expected completion by up to 5 points of the
        planned change (a rate may trail its target by 5 % of the target) and still be
        基本符合预期; beyond that it is 滞后. Five points is one year's share of a five-year plan
        divided by four: small enough to flag a real slip, large enough to absorb revisions.
    ahead_margin: 0.10 — 快于预期 needs completion more than 10 points above time progress (a
        rate 10 % above target): half a year ahead in a five-year plan.
    approx_tolerance: 0.05 — a 左右 target is met within 5 % of the planned change (of the
        target itself for rates, totals and unchanged levels).
    """

    on_track_margin: Decimal = Decimal("0.05")
    ahead_margin: Decimal = Decimal("0.10")
    approx_tolerance: Decimal = Decimal("0.05")


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """What the plan says about one indicator (or sub-indicator, or task sub-target).

    ``target`` is the target-year cell (or prose phrase); ``annual`` the 年均增速 / [累计] cell.
    Rates are in percent (5.5 means 5.5 %). ``growth_rate`` says whether a rate indicator's
    figures are growth rates (averaged as compound growth) or other yearly ratios (arithmetic).
    """

    direction: Direction
    measure: Measure
    binding: bool
    base_year: int
    target_year: int
    baseline: Decimal | None
    target: Target
    annual: Target | None = None
    name: str = ""
    unit: str = ""
    growth_rate: bool = True


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The status of one indicator for one year, with every number that decided it.

    ``time_progress`` and ``completion`` are shares (0.4 = 40 %); ``expected`` and ``actual`` are
    in the indicator's unit. ``assessed`` is the value actually compared with the target (the
    level, the average rate, the running total or the compounded reduction); ``target_value`` the
    value it was compared with.
    """

    year: int
    status: Status
    time_progress: Decimal | None
    expected: Decimal | None
    completion: Decimal | None
    actual: Decimal | None
    rule: str
    explanation: str
    assessed: Decimal | None = None
    target_value: Decimal | None = None
    missing_years: tuple[int, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.status.label


# --- the goal an indicator is judged against -------------------------------------------------


class GoalMode(StrEnum):
    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"
    REDUCTION = "reduction"
    QUOTA = "quota"
    RELATIVE = "relative"
    NOT_SET = "not_set"
    QUALITATIVE = "qualitative"


@dataclass(frozen=True, slots=True)
class Goal:
    """The target an indicator is judged against, resolved from its target and annual cells.

    ``growth`` is the yearly growth (in %) of a level's compound path; ``derived`` names how
    ``value`` was obtained when the target cell itself was empty.
    """

    mode: GoalMode
    comparator: Comparator | None = None
    value: Decimal | None = None
    growth: Decimal | None = None
    relative_to: str = ""
    derived: str = ""


_NUMERIC_KINDS = (TargetKind.LEVEL, TargetKind.RATE, TargetKind.CUMULATIVE, TargetKind.REDUCTION)


def resolve_goal(spec: IndicatorSpec) -> Goal:
    """Pick the target that decides: a quota or a relative target first, else by measure."""
    with localcontext(_CONTEXT):
        return _resolve_goal(spec)


def _resolve_goal(spec: IndicatorSpec) -> Goal:
    cells = [cell for cell in (spec.target, spec.annual) if cell is not None]
    for cell in cells:
        if cell.kind is TargetKind.QUOTA:
            return Goal(GoalMode.QUOTA, Comparator.EQ)
    for cell in cells:
        if cell.kind is TargetKind.RELATIVE:
            return Goal(GoalMode.RELATIVE, cell.comparator or Comparator.GE, relative_to=cell.relative_to)
    goal = _numeric_goal(spec)
    if goal is not None:
        return goal
    if any(cell.kind is TargetKind.UNPARSED for cell in cells):
        return Goal(GoalMode.QUALITATIVE)
    return Goal(GoalMode.NOT_SET)


def _numeric_goal(spec: IndicatorSpec) -> Goal | None:
    target = _numeric(spec.target)
    annual = _numeric(spec.annual)
    if spec.measure is Measure.LEVEL:
        return _level_goal(spec, target, annual)
    if spec.measure is Measure.RATE:
        cell = annual or target
        return None if cell is None else Goal(GoalMode.RATE, cell.comparator, cell.value)
    mode = GoalMode.CUMULATIVE if spec.measure is Measure.CUMULATIVE else GoalMode.REDUCTION
    if annual is not None and annual.kind is not TargetKind.RATE:
        return Goal(mode, annual.comparator, annual.value)
    if target is not None:
        return Goal(mode, target.comparator, target.value)
    if annual is not None and annual.value is not None:
        return _total_from_yearly(spec, mode, annual.comparator, annual.value)
    return None


def _total_from_yearly(
    spec: IndicatorSpec, mode: GoalMode, comparator: Comparator | None, yearly: Decimal
) -> Goal:
    """An unbracketed 年均 figure of a total: per-year amount × years, or compounded reductions."""
    years = max(spec.target_year - spec.base_year, 1)
    if mode is GoalMode.REDUCTION:
        total = _compound_reduction([yearly] * years)
        return Goal(mode, comparator, total, derived="compound")
    return Goal(mode, comparator, yearly * years, derived="per_year")


def _level_goal(spec: IndicatorSpec, target: Target | None, annual: Target | None) -> Goal | None:
    growth = annual.value if annual is not None and annual.kind is TargetKind.RATE else None
    if target is not None and target.kind is not TargetKind.RATE:
        if target.kind in (TargetKind.CUMULATIVE, TargetKind.REDUCTION):
            return _level_from_change(spec, target, growth)
        return Goal(GoalMode.LEVEL, target.comparator, target.value, growth)
    if annual is not None and annual.kind in (TargetKind.CUMULATIVE, TargetKind.REDUCTION):
        return _level_from_change(spec, annual, None)
    baseline = _finite(spec.baseline)
    if annual is not None and growth is not None and baseline is not None and baseline > 0:
        periods = max(spec.target_year - spec.base_year, 0)
        value = _compound(baseline, growth, periods)
        if value is not None:
            return Goal(GoalMode.LEVEL, annual.comparator, value, growth, derived="compound")
    return None


def _level_from_change(spec: IndicatorSpec, cell: Target, growth: Decimal | None) -> Goal | None:
    """A ``[x]`` cell of a level indicator is target − baseline: the target is baseline + x."""
    baseline = _finite(spec.baseline)
    if baseline is None or cell.value is None:
        return None
    value = cell.value if cell.kind is TargetKind.CUMULATIVE else -cell.value
    return Goal(GoalMode.LEVEL, cell.comparator, baseline + value, growth, derived="change")


def _numeric(cell: Target | None) -> Target | None:
    if cell is None or cell.kind not in _NUMERIC_KINDS or _finite(cell.value) is None:
        return None
    return cell


# --- the engine -------------------------------------------------------------------------------

# Traps off: an overflow or 0/0 yields Infinity/NaN (caught by `_finished`), never an exception.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, traps=[])
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


class _Sense(enum.Enum):
    FLOOR = "floor"
    CEILING = "ceiling"
    BAND = "band"


@dataclass(frozen=True, slots=True)
class _Run:
    """Cleaned inputs of one evaluation."""

    spec: IndicatorSpec
    goal: Goal
    year: int
    judged: int  # the year whose figures decide: the target year once it has passed
    final: bool  # the target year has been reached
    time_progress: Decimal
    figures: dict[int, Decimal]
    baseline: Decimal | None
    thresholds: Thresholds
    linked: dict[int, Decimal]
    quotas: dict[int, Decimal]

    @property
    def elapsed(self) -> list[int]:
        first = self.spec.base_year + 1
        return list(range(first, self.judged + 1)) if self.judged >= first else [self.judged]

    @property
    def direction(self) -> Direction:
        # Reduction figures are reduction rates: a bigger reduction is always better.
        if self.spec.measure is Measure.REDUCTION:
            return Direction.HIGHER
        return self.spec.direction

    @property
    def unit(self) -> str:
        return self.spec.unit


def evaluate(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    *,
    thresholds: Thresholds = Thresholds(),
    linked: Mapping[int, Decimal] | None = None,
    quotas: Mapping[int, Decimal] | None = None,
    judgements: Mapping[int, str] | None = None,
) -> Evaluation:
    """Evaluate ``spec`` for ``year`` from the approved yearly ``figures``; never raises.

    ``linked``: the linked indicator's figures (relative targets); ``quotas``: the yearly quotas
    entered for 完成上级下达任务 targets; ``judgements``: qualitative assessments by year
    ("achieved", "on_track", "lagging", … or the Chinese class names).
    """
    with localcontext(_CONTEXT):
        run = _prepare(spec, figures, year, thresholds, linked, quotas)
        result = _finished(run, _evaluate(run))
        if result.status in (Status.PENDING, Status.NO_DATA) and judgements:
            judged = _from_judgement(run, judgements)
            if judged is not None:
                return judged
        return result


def evaluate_series(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    years: Iterable[int],
    *,
    thresholds: Thresholds = Thresholds(),
    linked: Mapping[int, Decimal] | None = None,
    quotas: Mapping[int, Decimal] | None = None,
    judgements: Mapping[int, str] | None = None,
) -> list[Evaluation]:
    """:func:`evaluate` for each year (a report's row of yearly statuses)."""
    return [
        evaluate(spec, figures, y, thresholds=thresholds, linked=linked, quotas=quotas, judgements=judgements)
        for y in years
    ]


def _prepare(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    thresholds: Thresholds,
    linked: Mapping[int, Decimal] | None,
    quotas: Mapping[int, Decimal] | None,
) -> _Run:
    target_year = spec.target_year
    return _Run(
        spec=spec,
        goal=_resolve_goal(spec),
        year=year,
        judged=min(year, target_year),
        final=year >= target_year,
        time_progress=_time_progress(spec.base_year, target_year, year),
        figures=_clean(figures),
        baseline=_finite(spec.baseline),
        thresholds=_clean_thresholds(thresholds),
        linked=_clean(linked),
        quotas=_clean(quotas),
    )


def _evaluate(run: _Run) -> Evaluation:
    if run.year <= run.spec.base_year:
        return _result(
            run, Status.NO_DATA, "before_period", f"评估年份{run.year}年不晚于基期{run.spec.base_year}年"
        )
    mode = run.goal.mode
    if mode is GoalMode.QUOTA:
        return _evaluate_quota(run)
    if mode is GoalMode.RELATIVE:
        return _evaluate_relative(run)
    if mode is GoalMode.QUALITATIVE:
        return _result(run, Status.PENDING, "qualitative", "目标为定性表述，需作定性评价")
    if mode is GoalMode.NOT_SET or run.goal.value is None:
        return _result(run, Status.PENDING, "target_not_set", "目标值尚未设定")
    actual = run.figures.get(run.judged)
    if actual is None:
        return _no_data(run)
    if mode is GoalMode.LEVEL:
        return _evaluate_level(run, run.goal.value, actual)
    if mode is GoalMode.RATE:
        return _evaluate_rate(run, run.goal.value, actual)
    return _evaluate_total(run, run.goal.value, actual)


# --- levels -----------------------------------------------------------------------------------


def _evaluate_level(run: _Run, target: Decimal, actual: Decimal) -> Evaluation:
    comparator = run.goal.comparator or Comparator.EQ
    tolerance = _level_tolerance(run, target)
    baseline = run.baseline

    def met(value: Decimal) -> bool:
        return _meets(value, target, comparator, run.direction, tolerance)

    common = _Numbers(actual=actual, assessed=actual, target=target, expected=target)
    if baseline is not None and met(baseline):
        return _keep_it(run, met, actual, common)
    if met(actual):
        if run.final:
            return _result(run, Status.ON_TRACK, "final_met", _met_text(run, actual, target), common)
        if baseline is None:
            return _result(run, Status.ON_TRACK, "met_no_baseline", _met_text(run, actual, target), common)
        return _result(run, Status.ACHIEVED_EARLY, "achieved_early", _early_text(run, actual, target), common)
    if run.final:
        return _result(run, Status.NOT_MET, "final_not_met", _short_text(run, actual, target), common)
    if baseline is None:
        text = f"{_year_value(run, actual)}，尚未达到目标{_v(run, target)}，无基期值无法计算进度"
        return _result(run, Status.PENDING, "no_baseline", text, common)
    return _level_progress(run, baseline, target, actual)


def _keep_it(run: _Run, met: _Predicate, actual: Decimal, numbers: _Numbers) -> Evaluation:
    """A floor/ceiling already met at the baseline: hold it; binding ones may never break."""
    broken = [y for y in run.elapsed if y in run.figures and not met(run.figures[y])]
    held = f"基期值{_v(run, run.baseline)}已满足目标{_v(run, numbers.target)}"
    if run.spec.binding and broken:
        years = "、".join(f"{y}年({_v(run, run.figures[y])})" for y in broken)
        text = f"约束性指标{held}，但{years}未守住"
        return _result(run, Status.NOT_MET, "binding_broken", text, numbers)
    if met(actual):
        text = f"{held}，{_year_value(run, actual)}，继续保持"
        return _result(run, Status.ON_TRACK, "keep_held", text, numbers)
    text = f"{held}，但{_year_value(run, actual)}未能保持"
    status = Status.NOT_MET if run.final else Status.LAGGING
    return _result(run, status, "keep_broken", text, numbers)


def _level_progress(run: _Run, baseline: Decimal, target: Decimal, actual: Decimal) -> Evaluation:
    change = target - baseline
    numbers = _Numbers(actual=actual, assessed=actual, target=target)
    if change == 0:
        # Only a strict comparator (>6.5 from 6.5) gets here: no planned change to measure.
        text = f"基期值与目标值均为{_v(run, target)}，{_year_value(run, actual)}，尚未满足目标"
        return _result(run, Status.LAGGING, "no_planned_change", text, numbers)
    expected, path, rule = _expected_level(run, baseline, target)
    completion = (actual - baseline) / change
    expected_completion = (expected - baseline) / change
    numbers = _Numbers(actual, actual, target, expected, completion)
    margins = run.thresholds
    if completion - run.time_progress > margins.ahead_margin:
        status = Status.AHEAD
    elif completion >= expected_completion - margins.on_track_margin:
        status = Status.ON_TRACK
    else:
        status = Status.LAGGING
    text = (
        f"基期值{_v(run, baseline)}、目标值{_v(run, target)}，{path}{run.year}年预期值{_v(run, expected)}，"
        f"{_year_value(run, actual)}，完成进度{_pct(completion)}，时序进度{_pct(run.time_progress)}"
    )
    return _result(run, status, rule, text, numbers)


def _expected_level(run: _Run, baseline: Decimal, target: Decimal) -> tuple[Decimal, str, str]:
    """Expected value for the year, how it was computed, and the rule code."""
    growth = run.goal.growth
    if growth is not None and baseline > 0:
        compound = _compound(baseline, growth, run.year - run.spec.base_year)
        if compound is not None:
            return compound, f"按年均增长{_num(growth)}%的复利路径", "level_compound"
    line = baseline + (target - baseline) * run.time_progress
    if growth is not None:
        # Compounding from zero or a negative base is meaningless: say so, use the line.
        return line, "基期值非正或增速不适用复利，按直线路径", "level_linear"
    return line, "按直线路径", "level_linear"


def _level_tolerance(run: _Run, target: Decimal) -> Decimal:
    baseline = run.baseline
    scale = abs(target - baseline) if baseline is not None and baseline != target else abs(target)
    return run.thresholds.approx_tolerance * scale


# --- rates ------------------------------------------------------------------------------------


def _evaluate_rate(run: _Run, target: Decimal, actual: Decimal) -> Evaluation:
    comparator = run.goal.comparator or Comparator.EQ
    years = [y for y in run.elapsed if y in run.figures]
    average, how = _average(run, [run.figures[y] for y in years])
    tolerance = run.thresholds.approx_tolerance * abs(target)
    met = _meets(average, target, comparator, run.direction, tolerance)
    year_met = _meets(actual, target, comparator, run.direction, tolerance)
    completion = average / target if target != 0 else None
    numbers = _Numbers(actual, average, target, target, completion)
    text = (
        f"{_year_value(run, actual)}（当年{'达到' if year_met else '未达到'}目标{_v(run, target)}），"
        f"{_span(years)}{how}为{_v(run, average)}"
    )
    missing = _missing(run)
    if run.final:
        status = Status.ON_TRACK if met else Status.NOT_MET
        return _result(run, status, "rate_final", text, numbers, missing)
    gap = _relative_gap(run, average, target, comparator)
    status = _gap_status(run, met, gap)
    text += _gap_text(gap, within=not met and status is Status.ON_TRACK)
    return _result(run, status, "rate_average", text, numbers, missing)


def _average(run: _Run, values: list[Decimal]) -> tuple[Decimal, str]:
    """Compound average of growth rates (in %), arithmetic mean of other rates."""
    if not run.spec.growth_rate:
        return sum(values, _ZERO) / len(values), "算术平均"
    product = _ONE
    for value in values:
        # A fall of 100 % or more leaves nothing to compound: the average is −100 %.
        product *= max(_ONE + value / _HUNDRED, _ZERO)
    if product == 0:
        return -_HUNDRED, "几何平均增速"
    return (product ** (_ONE / len(values)) - _ONE) * _HUNDRED, "几何平均增速"


def _relative_gap(run: _Run, value: Decimal, reference: Decimal, comparator: Comparator) -> Decimal | None:
    """(value − reference)/|reference| in the better direction; None when reference is 0."""
    if reference == 0:
        return None
    return _better_sign(comparator, run.direction) * (value - reference) / abs(reference)


def _gap_status(run: _Run, met: bool, gap: Decimal | None) -> Status:
    margins = run.thresholds
    if gap is not None and gap > margins.ahead_margin:
        return Status.AHEAD
    if met or (gap is not None and gap >= -margins.on_track_margin):
        return Status.ON_TRACK
    return Status.LAGGING


def _gap_text(gap: Decimal | None, *, within: bool = False) -> str:
    """The relative gap; ``within`` notes a shortfall the on-track margin still absorbs."""
    if gap is None:
        return ""
    return f"，相对目标偏差{_pct(gap)}" + ("（在容差范围内）" if within and gap < 0 else "")


# --- cumulative totals and cumulative reductions -----------------------------------------------


def _evaluate_total(run: _Run, total: Decimal, actual: Decimal) -> Evaluation:
    years = [y for y in run.elapsed if y in run.figures]
    values = [run.figures[y] for y in years]
    comparator = run.goal.comparator or Comparator.EQ
    if run.goal.mode is GoalMode.REDUCTION:
        achieved = _compound_reduction(values)
        how = f"{_span(years)}累计降低{_num(achieved)}%（按1−Π(1−rᵢ)复合）"
        rule = "reduction_compound"
    else:
        achieved = sum(values, _ZERO)
        how = f"{_span(years)}累计完成{_v(run, achieved)}"
        rule = "cumulative_share"
    expected = total * run.time_progress
    completion = achieved / total if total != 0 else None
    numbers = _Numbers(actual, achieved, total, expected, completion)
    tolerance = run.thresholds.approx_tolerance * abs(total)
    met = _meets(achieved, total, comparator, run.direction, tolerance)
    text = f"{how}，总目标{_v(run, total)}，按时序进度{_pct(run.time_progress)}应完成{_v(run, expected)}"
    missing = _missing(run)
    if _sense(comparator, run.direction) is _Sense.CEILING:
        return _total_ceiling(run, met, achieved, expected, total, text, numbers, missing)
    if met:
        status = Status.ON_TRACK if run.final else Status.ACHIEVED_EARLY
        return _result(run, status, rule, text, numbers, missing)
    if run.final:
        return _result(run, Status.NOT_MET, rule, text, numbers, missing)
    gap = (achieved - expected) / abs(total) if total != 0 else None
    return _result(run, _gap_status(run, False, gap), rule, text, numbers, missing)


def _total_ceiling(
    run: _Run,
    met: bool,
    achieved: Decimal,
    expected: Decimal,
    total: Decimal,
    text: str,
    numbers: _Numbers,
    missing: tuple[int, ...],
) -> Evaluation:
    """A cap on a running total: exceeding it is final; below the time share is ahead."""
    if not met:
        return _result(run, Status.NOT_MET, "cumulative_cap", text + "，已突破总量上限", numbers, missing)
    if run.final:
        return _result(run, Status.ON_TRACK, "cumulative_cap", text, numbers, missing)
    gap = (expected - achieved) / abs(total) if total != 0 else None
    return _result(run, _gap_status(run, gap is None, gap), "cumulative_cap", text, numbers, missing)


def _compound_reduction(rates: list[Decimal]) -> Decimal:
    """Total reduction (in %) of successive yearly reductions: 1 − Π(1 − rᵢ)."""
    remaining = _ONE
    for rate in rates:
        remaining *= max(_ONE - rate / _HUNDRED, _ZERO)
    return (_ONE - remaining) * _HUNDRED


# --- quotas and relative targets ---------------------------------------------------------------


def _evaluate_quota(run: _Run) -> Evaluation:
    quota = run.quotas.get(run.judged)
    if quota is None:
        text = f"目标为完成上级下达任务，{run.judged}年下达任务数尚未录入"
        return _result(run, Status.PENDING, "quota_pending", text)
    actual = run.figures.get(run.judged)
    if actual is None:
        return _no_data(run)
    met = _meets(actual, quota, Comparator.EQ, run.direction, _ZERO)
    completion = actual / quota if quota != 0 else None
    numbers = _Numbers(actual, actual, quota, quota, completion)
    text = f"{run.judged}年上级下达任务{_v(run, quota)}，{_year_value(run, actual, run.judged)}"
    if not met:
        return _result(run, Status.NOT_MET, "quota_year", text + "，未完成下达任务", numbers)
    gap = _relative_gap(run, actual, quota, Comparator.EQ)
    status = Status.AHEAD if gap is not None and gap > run.thresholds.ahead_margin else Status.ON_TRACK
    return _result(run, status, "quota_year", text + _gap_text(gap), numbers)


def _evaluate_relative(run: _Run) -> Evaluation:
    other = run.goal.relative_to or "关联指标"
    actual = run.figures.get(run.judged)
    if actual is None:
        return _no_data(run)
    if run.judged not in run.linked:
        text = f"目标为相对{other}，但{other}{run.judged}年无审定数据"
        return _result(run, Status.NO_DATA, "relative_no_linked", text, _Numbers(actual=actual))
    comparator = run.goal.comparator or Comparator.GE
    if run.spec.measure is Measure.RATE:
        years = [y for y in run.elapsed if y in run.figures and y in run.linked]
        own, how = _average(run, [run.figures[y] for y in years])
        reference, _ = _average(run, [run.linked[y] for y in years])
        compared = f"{_span(years)}{how}{_v(run, own)}，{other}为{_v(run, reference)}"
    else:
        own, reference = actual, run.linked[run.judged]
        compared = f"{_year_value(run, actual)}，{other}为{_v(run, reference)}"
    tolerance = run.thresholds.approx_tolerance * abs(reference)
    met = _meets(own, reference, comparator, Direction.MAINTAIN, tolerance)
    completion = own / reference if reference != 0 else None
    numbers = _Numbers(actual, own, reference, reference, completion)
    verb = _RELATIVE_VERBS[comparator]
    text = f"目标为{verb}{other}，{compared}，{'满足' if met else '未满足'}要求"
    if run.final:
        return _result(run, Status.ON_TRACK if met else Status.NOT_MET, "relative_final", text, numbers)
    gap = _relative_gap(run, own, reference, comparator)
    if comparator is Comparator.APPROX:
        gap = None  # keeping in step has no "ahead": only within or outside the band
    status = _gap_status(run, met, gap)
    text += _gap_text(gap, within=not met and status is Status.ON_TRACK)
    return _result(run, status, "relative_compare", text, numbers)


_RELATIVE_VERBS: dict[Comparator, str] = {
    Comparator.GE: "不低于（同步于）",
    Comparator.GT: "高于",
    Comparator.LE: "不高于",
    Comparator.LT: "低于",
    Comparator.EQ: "等于",
    Comparator.APPROX: "基本同步于",
}


# --- qualitative judgements -------------------------------------------------------------------

_ACHIEVED_WORDS = {"achieved", "met", "completed", "done", "已完成", "完成", "已实现", "实现", "达标"}
_JUDGEMENT_ALIASES: dict[str, Status] = {
    "achieved_early": Status.ACHIEVED_EARLY,
    "提前实现": Status.ACHIEVED_EARLY,
    "提前完成": Status.ACHIEVED_EARLY,
    "ahead": Status.AHEAD,
    "快于预期": Status.AHEAD,
    "on_track": Status.ON_TRACK,
    "基本符合预期": Status.ON_TRACK,
    "符合预期": Status.ON_TRACK,
    "lagging": Status.LAGGING,
    "behind": Status.LAGGING,
    "滞后": Status.LAGGING,
    "滞后于预期": Status.LAGGING,
    "not_met": Status.NOT_MET,
    "not_achieved": Status.NOT_MET,
    "failed": Status.NOT_MET,
    "未达标": Status.NOT_MET,
    "未完成": Status.NOT_MET,
    "pending": Status.PENDING,
    "待评定": Status.PENDING,
    "no_data": Status.NO_DATA,
    "无数据": Status.NO_DATA,
}


def _from_judgement(run: _Run, judgements: Mapping[int, str]) -> Evaluation | None:
    written = judgements.get(run.judged)
    if not isinstance(written, str) or not written.strip():
        return None
    key = written.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _ACHIEVED_WORDS:
        status = Status.ON_TRACK if run.final else Status.ACHIEVED_EARLY
    else:
        status = _JUDGEMENT_ALIASES.get(key, Status.PENDING)
    recognised = key in _ACHIEVED_WORDS or key in _JUDGEMENT_ALIASES
    detail = f"{run.judged}年定性评价为“{written.strip()}”" + ("" if recognised else "，无法识别")
    return _result(run, status, "judgement", detail)


# --- shared helpers ---------------------------------------------------------------------------

_Predicate: TypeAlias = Callable[[Decimal], bool]


@dataclass(frozen=True, slots=True)
class _Numbers:
    actual: Decimal | None = None
    assessed: Decimal | None = None
    target: Decimal | None = None
    expected: Decimal | None = None
    completion: Decimal | None = None


def _result(
    run: _Run,
    status: Status,
    rule: str,
    detail: str,
    numbers: _Numbers | None = None,
    missing: tuple[int, ...] = (),
) -> Evaluation:
    numbers = numbers or _Numbers()
    name = f"【{run.spec.name}】" if run.spec.name else ""
    gaps = f"，缺{'、'.join(str(y) for y in missing)}年数据" if missing else ""
    after = f"（目标年已过，按{run.judged}年数据评定）" if run.year > run.spec.target_year else ""
    explanation = f"{name}{_RULE_NAMES.get(rule, rule)}：{detail}{gaps}{after}，判定为“{status.label}”。"
    return Evaluation(
        year=run.year,
        status=status,
        time_progress=run.time_progress if run.year > run.spec.base_year else None,
        expected=numbers.expected,
        completion=numbers.completion,
        actual=numbers.actual,
        rule=rule,
        explanation=explanation,
        assessed=numbers.assessed,
        target_value=numbers.target,
        missing_years=missing,
    )


_RULE_NAMES: dict[str, str] = {
    "before_period": "规划期外",
    "no_data": "无审定数据",
    "not_computable": "数值无法计算",
    "qualitative": "定性目标",
    "target_not_set": "目标未设定",
    "judgement": "定性评价",
    "keep_held": "保持型目标",
    "keep_broken": "保持型目标",
    "binding_broken": "约束性底线",
    "achieved_early": "目标提前实现",
    "final_met": "目标年评定",
    "final_not_met": "目标年评定",
    "met_no_baseline": "达到目标（无基期值）",
    "no_baseline": "缺少基期值",
    "no_planned_change": "基期值等于目标值",
    "level_linear": "直线路径进度",
    "level_compound": "复利路径进度",
    "rate_average": "年均增速（逐年平均）",
    "rate_final": "年均增速目标年评定",
    "cumulative_share": "累计目标按时序进度",
    "cumulative_cap": "累计总量上限",
    "reduction_compound": "累计降低目标（复合）",
    "quota_pending": "上级下达任务",
    "quota_year": "上级下达任务",
    "relative_no_linked": "相对目标",
    "relative_compare": "相对目标",
    "relative_final": "相对目标目标年评定",
}


def _no_data(run: _Run) -> Evaluation:
    earlier = [y for y in run.figures if y <= run.judged]
    latest = f"，最近一期为{max(earlier)}年（{_v(run, run.figures[max(earlier)])}）" if earlier else ""
    return _result(run, Status.NO_DATA, "no_data", f"{run.judged}年无审定数据{latest}")


def _finished(run: _Run, result: Evaluation) -> Evaluation:
    """Overflowing inputs can leave Infinity/NaN in the numbers: report, never mislead."""
    numbers = (result.expected, result.completion, result.actual, result.assessed, result.target_value)
    if all(n is None or n.is_finite() for n in numbers):
        return result
    return _result(run, Status.NO_DATA, "not_computable", "数值超出可计算范围")


def _meets(
    value: Decimal, target: Decimal, comparator: Comparator, direction: Direction, tol: Decimal
) -> bool:
    sense = _sense(comparator, direction)
    if comparator is Comparator.APPROX:
        if sense is _Sense.FLOOR:
            return value >= target - tol
        if sense is _Sense.CEILING:
            return value <= target + tol
        return abs(value - target) <= tol
    if sense is _Sense.FLOOR:
        return value > target if comparator is Comparator.GT else value >= target
    return value < target if comparator is Comparator.LT else value <= target


def _sense(comparator: Comparator, direction: Direction) -> _Sense:
    """Floor, ceiling or band: an explicit comparator wins, a plain value follows direction."""
    if comparator in (Comparator.GE, Comparator.GT):
        return _Sense.FLOOR
    if comparator in (Comparator.LE, Comparator.LT):
        return _Sense.CEILING
    if direction is Direction.LOWER:
        return _Sense.CEILING
    if comparator is Comparator.APPROX and direction is Direction.MAINTAIN:
        return _Sense.BAND
    return _Sense.FLOOR


def _better_sign(comparator: Comparator, direction: Direction) -> Decimal:
    return -_ONE if _sense(comparator, direction) is _Sense.CEILING else _ONE


def _time_progress(base_year: int, target_year: int, year: int) -> Decimal:
    span = target_year - base_year
    if span <= 0:
        return _ONE if year >= target_year else _ZERO
    elapsed = min(max(year - base_year, 0), span)
    return Decimal(elapsed) / Decimal(span)


def _compound(baseline: Decimal, growth: Decimal, periods: int) -> Decimal | None:
    factor = _ONE + growth / _HUNDRED
    if factor <= 0 or periods < 0:
        return None
    return baseline * factor**periods


def _missing(run: _Run) -> tuple[int, ...]:
    return tuple(y for y in run.elapsed if y not in run.figures)


def _finite(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def _clean(values: Mapping[int, Decimal] | None) -> dict[int, Decimal]:
    if not values:
        return {}
    cleaned: dict[int, Decimal] = {}
    for key, value in values.items():
        number = _finite(value)
        if isinstance(key, int) and not isinstance(key, bool) and number is not None:
            cleaned[key] = number
    return cleaned


def _clean_thresholds(thresholds: Thresholds) -> Thresholds:
    """Non-finite or negative settings fall back to the defaults instead of poisoning results."""
    defaults = Thresholds()

    def pick(value: Decimal, default: Decimal) -> Decimal:
        number = _finite(value)
        return number if number is not None and number >= 0 else default

    return Thresholds(
        on_track_margin=pick(thresholds.on_track_margin, defaults.on_track_margin),
        ahead_margin=pick(thresholds.ahead_margin, defaults.ahead_margin),
        approx_tolerance=pick(thresholds.approx_tolerance, defaults.approx_tolerance),
    )


# --- display (quantised for text only; the Evaluation fields keep full precision) ---------------


def _num(value: Decimal | None) -> str:
    if value is None or not value.is_finite():
        return "—"
    if value != 0 and abs(value.adjusted()) > 12:
        return f"{value:.4E}"
    text = format(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _v(run: _Run, value: Decimal | None) -> str:
    return f"{_num(value)}{run.unit}"


def _pct(share: Decimal | None) -> str:
    if share is None or not share.is_finite():
        return "—"
    if share != 0 and abs(share.adjusted()) > 12:
        return f"{share * _HUNDRED:.2E}%"
    return f"{(share * _HUNDRED).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _year_value(run: _Run, value: Decimal, year: int | None = None) -> str:
    return f"{year or run.judged}年实际值{_v(run, value)}"


def _span(years: list[int]) -> str:
    if not years:
        return ""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"


def _met_text(run: _Run, actual: Decimal, target: Decimal) -> str:
    return f"{_year_value(run, actual)}，已达到目标{_v(run, target)}"


def _early_text(run: _Run, actual: Decimal, target: Decimal) -> str:
    return (
        f"基期值{_v(run, run.baseline)}未达到目标{_v(run, target)}，"
        f"{_year_value(run, actual)}，早于目标年{run.spec.target_year}年实现"
    )


def _short_text(run: _Run, actual: Decimal, target: Decimal) -> str:
    return f"{_year_value(run, actual)}，未达到目标{_v(run, target)}"
