"""预计期末值 and 能否完成: where an indicator will end at its target year, from its approved figures.

Methods (named in the result and the explanation):

* ``linear_trend`` — a level: the average yearly change so far (baseline to the latest figure),
  continued to the target year;
* ``compound_growth`` — a level with a yearly-growth target: the average growth so far,
  compounded to the target year;
* ``average_rate`` — a yearly rate: the average of the elapsed years is the plan's average
  (compound for growth rates, arithmetic for ratios and yearly limits);
* ``sum`` — a total: the running sum plus the average yearly amount for the remaining years;
* ``compounded_reduction`` — a cumulative reduction: 1 − Π(1 − rᵢ) with the average yearly
  reduction for the remaining years.

Projected completion is the share of the planned change (levels) or of the total reached at the
target year; for rates, 1 + the relative gap to the target (1 = exactly on target). The outlook
compares it with :class:`ForecastThresholds`. Every projection is monotone in the figures and
exact when the figures lie on the path the method assumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum

from .arithmetic import CONTEXT, ONE, ZERO, average_growth, clean, compound_reduction, finite, mean
from .explain import num, pct
from .goals import Goal, GoalMode, resolve_goal
from .run import Sense, meets, sense
from .spec import Direction, IndicatorSpec, Measure
from .targets import Comparator

__all__ = ["Forecast", "ForecastMethod", "ForecastThresholds", "Outlook", "forecast", "project"]


class ForecastMethod(StrEnum):
    LINEAR_TREND = "linear_trend"
    COMPOUND_GROWTH = "compound_growth"
    AVERAGE_RATE = "average_rate"
    SUM = "sum"
    COMPOUNDED_REDUCTION = "compounded_reduction"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    ForecastMethod.LINEAR_TREND: "按年均变化量线性外推",
    ForecastMethod.COMPOUND_GROWTH: "按年均增速复合外推",
    ForecastMethod.AVERAGE_RATE: "按已过年份平均值",
    ForecastMethod.SUM: "按累计值加剩余年份年均值",
    ForecastMethod.COMPOUNDED_REDUCTION: "按年均降低率复合外推",
}


class Outlook(StrEnum):
    LIKELY = "likely"
    DIFFICULT = "difficult"
    UNLIKELY = "unlikely"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _OUTLOOK_LABELS[self]


_OUTLOOK_LABELS = {
    Outlook.LIKELY: "能够完成",
    Outlook.DIFFICULT: "完成有难度",
    Outlook.UNLIKELY: "难以完成",
    Outlook.UNKNOWN: "无法预测",
}


@dataclass(frozen=True, slots=True)
class ForecastThresholds:
    """When a projection is 能够完成 / 完成有难度 / 难以完成 (configurable; these are the defaults).

    likely: 1.00 — projected completion of 100 % or more (the target is met at the target year).
    difficult: 0.90 — from 90 % up to 100 % is 完成有难度: within reach with extra effort, the
        band offices publish as "yellow" (90–100 % of the annual target); below 90 % 难以完成.
    """

    likely: Decimal = Decimal("1.00")
    difficult: Decimal = Decimal("0.90")


@dataclass(frozen=True, slots=True)
class Forecast:
    """The projection of one indicator at its target year, from the figures up to ``year``.

    ``reason`` says why nothing could be projected (outlook UNKNOWN); ``explanation`` is built on
    demand, since lists of a whole province need the numbers, not the sentence.
    """

    year: int
    target_year: int
    method: ForecastMethod | None
    projected: Decimal | None
    target: Decimal | None
    completion: Decimal | None
    outlook: Outlook
    unit: str = ""
    value_name: str = "期末值"
    reason: str = ""

    @property
    def explanation(self) -> str:
        verdict = f"判断为“{self.outlook.label}”。"
        if self.method is None:
            return f"{self.reason}，{verdict}"
        return (
            f"{self.method.label}，预计{self.target_year}年{self.value_name}为{num(self.projected)}{self.unit}，"
            f"目标{num(self.target)}{self.unit}，预计完成程度{pct(self.completion)}，{verdict}"
        )


def forecast(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    *,
    thresholds: ForecastThresholds = ForecastThresholds(),
) -> Forecast:
    """Project ``spec`` to its target year from the approved ``figures`` up to ``year``; never raises.

    As in the evaluation, a base-year figure is the baseline where the table has none.
    """
    with localcontext(CONTEXT):
        cleaned = clean(figures)
        if finite(spec.baseline) is None and spec.origin in cleaned:
            spec = replace(spec, baseline=cleaned[spec.origin])
        return project(spec, resolve_goal(spec), cleaned, year, thresholds)


def project(
    spec: IndicatorSpec,
    goal: Goal,
    figures: dict[int, Decimal],
    year: int,
    thresholds: ForecastThresholds,
    *,
    average: Decimal | None = None,
) -> Forecast:
    """:func:`forecast` from cleaned figures and a resolved goal (in :data:`CONTEXT`).

    ``average``: the average of the elapsed years' rates when the caller has it already (the
    evaluation of a rate computes the same one).
    """
    with localcontext(CONTEXT):
        last_year = min(year, spec.target_year)
        after = {y: v for y, v in figures.items() if spec.base_year < y <= last_year}
        baseline = finite(spec.baseline)
        projection = _project(spec, goal, baseline, after, average)
        if projection is None or goal.value is None:
            return _unknown(spec, year, "目标或审定数据不足，无法预测期末值")
        method, projected = projection
        completion = _completion(spec, goal, baseline, projected)
        if completion is None or not (projected.is_finite() and completion.is_finite()):
            return _unknown(spec, year, "数值无法计算，无法预测期末值")
        outlook = _outlook(completion, thresholds)
        return Forecast(
            year,
            spec.target_year,
            method,
            projected,
            goal.value,
            completion,
            outlook,
            unit=spec.unit,
            value_name=_value_name(goal),
        )


def _project(
    spec: IndicatorSpec,
    goal: Goal,
    baseline: Decimal | None,
    figures: dict[int, Decimal],
    average: Decimal | None,
) -> tuple[ForecastMethod, Decimal] | None:
    if not figures:
        return None
    last = max(figures)
    remaining = max(spec.target_year - last, 0)
    if goal.mode is GoalMode.LEVEL:
        return _project_level(spec, goal, baseline, figures, last)
    values = [figures[y] for y in sorted(figures)]
    if goal.mode is GoalMode.RATE:
        if average is not None:
            return ForecastMethod.AVERAGE_RATE, average
        arithmetic = not spec.growth_rate or goal.derived == "yearly_limit"
        return ForecastMethod.AVERAGE_RATE, mean(values) if arithmetic else average_growth(values)
    if goal.mode is GoalMode.CUMULATIVE:
        return ForecastMethod.SUM, sum(values, ZERO) + mean(values) * remaining
    if goal.mode is GoalMode.REDUCTION:
        yearly = average_growth([-v for v in values])  # a reduction r is a growth of −r
        return ForecastMethod.COMPOUNDED_REDUCTION, compound_reduction([*values, *[-yearly] * remaining])
    return None


def _project_level(
    spec: IndicatorSpec, goal: Goal, baseline: Decimal | None, figures: dict[int, Decimal], last: int
) -> tuple[ForecastMethod, Decimal] | None:
    if baseline is not None and last > spec.origin:
        start, start_value = spec.origin, baseline
    elif len(figures) >= 2:
        start = min(figures)
        start_value = figures[start]
    else:
        return None
    periods, ahead = Decimal(last - start), Decimal(spec.target_year - last)
    latest = figures[last]
    if goal.growth is not None and start_value > 0 and latest > 0:
        factor = (latest / start_value) ** (ONE / periods)
        return ForecastMethod.COMPOUND_GROWTH, latest * factor**ahead
    return ForecastMethod.LINEAR_TREND, latest + (latest - start_value) / periods * ahead


def _completion(
    spec: IndicatorSpec, goal: Goal, baseline: Decimal | None, projected: Decimal
) -> Decimal | None:
    target = goal.value
    if target is None:
        return None
    direction = Direction.HIGHER if spec.measure is Measure.REDUCTION else spec.direction
    comparator = goal.comparator or Comparator.EQ
    ceiling = sense(comparator, direction) is Sense.CEILING
    if goal.mode is GoalMode.LEVEL and baseline is not None and baseline != target:
        change = target - baseline
        if not meets(baseline, target, comparator, direction, ZERO):
            return (projected - baseline) / change
    if goal.mode in (GoalMode.CUMULATIVE, GoalMode.REDUCTION) and not ceiling and target > 0:
        return projected / target
    if target == 0:
        return ONE if meets(projected, target, comparator, direction, ZERO) else ZERO
    gap = (projected - target) / abs(target)
    return ONE - gap if ceiling else ONE + gap


def _outlook(completion: Decimal, thresholds: ForecastThresholds) -> Outlook:
    if completion >= thresholds.likely:
        return Outlook.LIKELY
    if completion >= thresholds.difficult:
        return Outlook.DIFFICULT
    return Outlook.UNLIKELY


def _value_name(goal: Goal) -> str:
    return {
        GoalMode.RATE: "年均值",
        GoalMode.CUMULATIVE: "累计值",
        GoalMode.REDUCTION: "累计降低",
    }.get(goal.mode, "期末值")


def _unknown(spec: IndicatorSpec, year: int, reason: str) -> Forecast:
    return Forecast(year, spec.target_year, None, None, None, None, Outlook.UNKNOWN, reason=reason)
