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
  years; for rates on the averages of the years where both have figures; from the 年均 column of
  a level, on the level's own growth. Held → 基本符合预期 (never 快于预期), not held → 滞后, or
  未达标 from the target year on.
* **Quotas** (完成上级下达任务): the year's quota from ``quotas`` (or ``yearly_targets``, which
  keep 以上/左右) is that year's target; 待评定 until it is entered; short of it → 未达标.
* **Rates set year by year** (``yearly_targets`` for a rate indicator): the average of the
  elapsed years against the average of their targets, each year listed with its comparator.
* **Yearly limits of a ratio** (``<5.5`` in the 年均 column of a % indicator): a limit each year,
  arithmetic mean so far; a binding limit broken in any year → 未达标.

Practice rules (DOMAIN.md, "Practice"):

* **Base-year figure as baseline**: with no baseline in the table, an approved figure of the base
  year is the baseline (said in the explanation), so a floor not held then and held now is
  提前实现.
* **Baselines of another year** (``IndicatorSpec.baseline_year``): time progress and the compound
  path count from that year.
* **Lagged data**: with no figure for the judged year, the latest approved earlier year is judged
  (its own time progress), the result carries ``data_year`` and the text says so.
* **Stretch clauses** (``>7、力争8``): the firm target decides; the explanation says whether the
  stretch target is reached.
* **One-year lists**: a met target at year end is on track, published as 已完成 when
  ``Thresholds.complete_one_year_lists`` (the default), else as 基本符合预期.
* **Judgements** (qualitative assessments) decide only when the numbers cannot (the result would
  otherwise be 待评定 or 无数据).
* **Reductions** (measure REDUCTION): figures are yearly reduction rates in %, so a larger figure
  is always better, whatever ``direction`` says.
* Non-finite inputs (NaN, ±Infinity) count as missing; arithmetic runs with traps off and any
  non-finite result is reported as 无数据 (rule ``not_computable``) rather than raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, localcontext

from .arithmetic import CONTEXT, clean, finite, time_progress
from .explain import num, relabel, with_note, with_unit
from .goals import Goal, GoalMode, resolve_goal, resolve_goal_in_context
from .judgements import judged_status
from .levels import evaluate_level
from .rates import evaluate_rate, evaluate_yearly_targets
from .relations import evaluate_quota, evaluate_relative
from .run import Run, clean_thresholds, finished, meets, no_data, result
from .spec import (
    COMPLETED_LABEL,
    STATUS_ORDER,
    Direction,
    Evaluation,
    IndicatorSpec,
    Measure,
    Status,
    Thresholds,
    YearTarget,
)
from .targets import Comparator
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
    "YearTarget",
    "evaluate",
    "resolve_goal",
]

_GOOD = (Status.ACHIEVED_EARLY, Status.AHEAD, Status.ON_TRACK)


def evaluate(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    *,
    thresholds: Thresholds = Thresholds(),
    linked: Mapping[int, Decimal] | None = None,
    quotas: Mapping[int, Decimal] | None = None,
    judgements: Mapping[int, str] | None = None,
    yearly_targets: Mapping[int, YearTarget] | None = None,
) -> Evaluation:
    """Evaluate ``spec`` for ``year`` from the approved yearly ``figures``; never raises.

    ``linked``: the linked indicator's figures (relative targets); ``quotas``: the yearly quotas
    entered for 完成上级下达任务 targets; ``judgements``: qualitative assessments by year
    ("achieved", "on_track", "lagging", … or the Chinese class names); ``yearly_targets``:
    targets set year by year, with their comparators (6以上, 5.5左右).
    """
    with localcontext(CONTEXT):
        evaluation, _run = evaluate_cleaned(
            spec, clean(figures), year, thresholds, linked, quotas, judgements, yearly_targets
        )
        return evaluation


def evaluate_cleaned(
    spec: IndicatorSpec,
    figures: dict[int, Decimal],
    year: int,
    thresholds: Thresholds,
    linked: Mapping[int, Decimal] | None,
    quotas: Mapping[int, Decimal] | None,
    judgements: Mapping[int, str] | None,
    yearly_targets: Mapping[int, YearTarget] | None,
) -> tuple[Evaluation, Run]:
    """:func:`evaluate` from cleaned figures (in :data:`CONTEXT`), with the run it judged, so that
    the forecast can reuse its goal and baseline."""
    spec, baseline_year = _with_base_year_figure(spec, figures)
    run = _prepare(spec, figures, year, thresholds, linked, quotas, yearly_targets)
    evaluation = finished(run, _evaluate(run))
    if evaluation.status in (Status.PENDING, Status.NO_DATA) and judgements:
        judged = _from_judgement(run, judgements)
        if judged is not None:
            return judged, run
    if evaluation.rule == "no_data":
        evaluation = _lagged(run, evaluation)
    return _with_notes(run, evaluation, baseline_year), run


def _with_base_year_figure(
    spec: IndicatorSpec, figures: dict[int, Decimal]
) -> tuple[IndicatorSpec, int | None]:
    """No baseline in the table: the approved figure of the base year is the baseline."""
    if finite(spec.baseline) is not None or spec.origin not in figures:
        return spec, None
    return replace(spec, baseline=figures[spec.origin]), spec.origin


def _prepare(
    spec: IndicatorSpec,
    figures: dict[int, Decimal],
    year: int,
    thresholds: Thresholds,
    linked: Mapping[int, Decimal] | None,
    quotas: Mapping[int, Decimal] | None,
    yearly_targets: Mapping[int, YearTarget] | None,
) -> Run:
    target_year = spec.target_year
    goal = resolve_goal_in_context(spec)
    # A level's path starts at its baseline's year; rates and totals count the plan's years.
    start = spec.origin if goal.mode is GoalMode.LEVEL else spec.base_year
    return Run(
        spec=spec,
        goal=goal,
        year=year,
        judged=min(year, target_year),
        final=year >= target_year,
        time_progress=time_progress(start, target_year, year),
        figures=figures,
        baseline=finite(spec.baseline),
        thresholds=clean_thresholds(thresholds),
        linked=clean(linked),
        quotas=clean(quotas),
        yearly_targets=_clean_yearly(yearly_targets),
    )


def _clean_yearly(targets: Mapping[int, YearTarget] | None) -> dict[int, YearTarget]:
    if not targets:
        return {}
    return {
        y: t
        for y, t in (targets or {}).items()
        if isinstance(y, int) and isinstance(t, YearTarget) and finite(t.value) is not None
    }


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
    if run.yearly_targets and run.spec.measure is Measure.RATE:
        return evaluate_yearly_targets(run)
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


def _lagged(run: Run, missing: Evaluation) -> Evaluation:
    """No figure for the judged year: judge the latest approved earlier year, and say so."""
    earlier = [y for y in run.figures if run.spec.base_year < y < run.judged]
    if not earlier:
        return missing
    data_year = max(earlier)
    at = _prepare(
        run.spec, run.figures, data_year, run.thresholds, run.linked, run.quotas, run.yearly_targets
    )
    judged = finished(at, _evaluate(at))
    if judged.status is Status.NO_DATA:
        return missing
    note = f"{run.judged}年数据尚未审定，按最近的{data_year}年数据评定"
    return replace(
        judged, year=run.year, data_year=data_year, explanation=with_note(judged.explanation, note)
    )


def _with_notes(run: Run, evaluation: Evaluation, baseline_year: int | None) -> Evaluation:
    """What the practice rules add to a result: baseline source, stretch target, 已完成."""
    notes = []
    if baseline_year is not None:
        notes.append(f"基期值取{baseline_year}年审定数据{with_unit(run, run.baseline)}")
    elif run.spec.origin != run.spec.base_year and run.goal.mode is GoalMode.LEVEL:
        notes.append(f"基期值为{run.spec.origin}年数据，时序进度自{run.spec.origin}年起算")
    stretch = run.goal.stretch
    if stretch is not None and stretch.value is not None and evaluation.assessed is not None:
        comparator = stretch.comparator or Comparator.EQ
        reached = meets(evaluation.assessed, stretch.value, comparator, run.direction, Decimal(0))
        notes.append(f"力争目标{num(stretch.value)}{'已达到' if reached else '尚未达到'}")
    explanation = evaluation.explanation
    for note in notes:
        explanation = with_note(explanation, note)
    if run.spec.one_year and run.final and evaluation.status in _GOOD:
        completed = run.thresholds.complete_one_year_lists
        new = COMPLETED_LABEL if completed else Status.ON_TRACK.label
        explanation = relabel(explanation, evaluation.status.label, new)
        return replace(evaluation, status=Status.ON_TRACK, completed=completed, explanation=explanation)
    return replace(evaluation, explanation=explanation) if notes else evaluation


def _from_judgement(run: Run, judgements: Mapping[int, str]) -> Evaluation | None:
    written = judgements.get(run.judged)
    if not isinstance(written, str) or not written.strip():
        return None
    status = judged_status(written, final=run.final)
    detail = f"{run.judged}年定性评价为“{written.strip()}”" + ("" if status is not None else "，无法识别")
    return result(run, status or Status.PENDING, "judgement", detail)
