"""Totals over the period (累计新增就业6万人) and compounded reductions (单位GDP能耗降低[13.5])."""

from __future__ import annotations

from decimal import Decimal

from .arithmetic import ZERO, compound_reduction
from .explain import num, pct, span, with_unit
from .goals import GoalMode
from .run import Numbers, Run, Sense, gap_status, meets, missing, result, sense
from .spec import Evaluation, Status
from .targets import Comparator


def evaluate_total(run: Run, total: Decimal, actual: Decimal) -> Evaluation:
    years = [y for y in run.elapsed if y in run.figures]
    values = [run.figures[y] for y in years]
    comparator = run.goal.comparator or Comparator.EQ
    if run.goal.mode is GoalMode.REDUCTION:
        achieved = compound_reduction(values)
        how = f"{span(years)}累计降低{num(achieved)}%（按1−Π(1−rᵢ)复合）"
        rule = "reduction_compound"
    else:
        achieved = sum(values, ZERO)
        how = f"{span(years)}累计完成{with_unit(run, achieved)}"
        rule = "cumulative_share"
    expected = total * run.time_progress
    completion = achieved / total if total != 0 else None
    numbers = Numbers(actual, achieved, total, expected, completion)
    tolerance = run.thresholds.approx_tolerance * abs(total)
    met = meets(achieved, total, comparator, run.direction, tolerance)
    text = (
        f"{how}，总目标{with_unit(run, total)}，"
        f"按时序进度{pct(run.time_progress)}应完成{with_unit(run, expected)}"
    )
    gaps = missing(run)
    if sense(comparator, run.direction) is Sense.CEILING:
        return _total_ceiling(run, met, achieved, expected, total, text, numbers, gaps)
    if met:
        status = Status.ON_TRACK if run.final else Status.ACHIEVED_EARLY
        return result(run, status, rule, text, numbers, gaps)
    if run.final:
        return result(run, Status.NOT_MET, rule, text, numbers, gaps)
    gap = (achieved - expected) / abs(total) if total != 0 else None
    return result(run, gap_status(run, False, gap), rule, text, numbers, gaps)


def _total_ceiling(
    run: Run,
    met: bool,
    achieved: Decimal,
    expected: Decimal,
    total: Decimal,
    text: str,
    numbers: Numbers,
    gaps: tuple[int, ...],
) -> Evaluation:
    """A cap on a running total: exceeding it is final; below the time share is ahead."""
    if not met:
        return result(run, Status.NOT_MET, "cumulative_cap", text + "，已突破总量上限", numbers, gaps)
    if run.final:
        return result(run, Status.ON_TRACK, "cumulative_cap", text, numbers, gaps)
    gap = (expected - achieved) / abs(total) if total != 0 else None
    return result(run, gap_status(run, gap is None, gap), "cumulative_cap", text, numbers, gaps)
