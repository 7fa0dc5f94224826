"""Evaluate a plan indicator for one year: expected value, completion and status.

The engine is split by concern: :mod:`.spec` (inputs and results), :mod:`.goals` (which target
decides), :mod:`.levels`, :mod:`.rates`, :mod:`.totals`, :mod:`.relations` (the evaluators),
:mod:`.explain` (the Chinese texts), :mod:`.judgements` (qualitative words). This module is the
entry point and keeps the names other modules import from it.

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

from collections.abc import Mapping
from decimal import Decimal, localcontext

from .arithmetic import CONTEXT, clean, finite, time_progress
from .goals import Goal, GoalMode, resolve_goal
from .judgements import judged_status
from .levels import evaluate_level
from .rates import evaluate_rate
from .relations import evaluate_quota, evaluate_relative
from .run import Run, clean_thresholds, finished, no_data, result
from .spec import STATUS_ORDER, Direction, Evaluation, IndicatorSpec, Measure, Status, Thresholds
from .totals import evaluate_total

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
    "resolve_goal",
]


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
    with localcontext(CONTEXT):
        run = _prepare(spec, figures, year, thresholds, linked, quotas)
        evaluation = finished(run, _evaluate(run))
        if evaluation.status in (Status.PENDING, Status.NO_DATA) and judgements:
            judged = _from_judgement(run, judgements)
            if judged is not None:
                return judged
        return evaluation


def _prepare(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    thresholds: Thresholds,
    linked: Mapping[int, Decimal] | None,
    quotas: Mapping[int, Decimal] | None,
) -> Run:
    target_year = spec.target_year
    return Run(
        spec=spec,
        goal=resolve_goal(spec),
        year=year,
        judged=min(year, target_year),
        final=year >= target_year,
        time_progress=time_progress(spec.base_year, target_year, year),
        figures=clean(figures),
        baseline=finite(spec.baseline),
        thresholds=clean_thresholds(thresholds),
        linked=clean(linked),
        quotas=clean(quotas),
    )


def _evaluate(run: Run) -> Evaluation:
    if run.year <= run.spec.base_year:
        return result(
            run, Status.NO_DATA, "before_period", f"评估年份{run.year}年不晚于基期{run.spec.base_year}年"
        )
    mode = run.goal.mode
    if mode is GoalMode.QUOTA:
        return evaluate_quota(run)
    if mode is GoalMode.RELATIVE:
        return evaluate_relative(run)
    if mode is GoalMode.QUALITATIVE:
        return result(run, Status.PENDING, "qualitative", "目标为定性表述，需作定性评价")
    if mode is GoalMode.NOT_SET or run.goal.value is None:
        return result(run, Status.PENDING, "target_not_set", "目标值尚未设定")
    actual = run.figures.get(run.judged)
    if actual is None:
        return no_data(run)
    if mode is GoalMode.LEVEL:
        return evaluate_level(run, run.goal.value, actual)
    if mode is GoalMode.RATE:
        return evaluate_rate(run, run.goal.value, actual)
    return evaluate_total(run, run.goal.value, actual)


def _from_judgement(run: Run, judgements: Mapping[int, str]) -> Evaluation | None:
    written = judgements.get(run.judged)
    if not isinstance(written, str) or not written.strip():
        return None
    status = judged_status(written, final=run.final)
    detail = f"{run.judged}年定性评价为“{written.strip()}”" + ("" if status is not None else "，无法识别")
    return result(run, status or Status.PENDING, "judgement", detail)
