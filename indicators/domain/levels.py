"""Levels (城镇化率 89.72 → 91): straight-line or compound path, achieved early, keep-it targets."""

from __future__ import annotations

from decimal import Decimal

from .arithmetic import compound
from .explain import early_text, met_text, num, pct, short_text, with_unit, year_value
from .run import Numbers, Predicate, Run, meets, result
from .spec import Evaluation, Status
from .targets import Comparator


def evaluate_level(run: Run, target: Decimal, actual: Decimal) -> Evaluation:
    comparator = run.goal.comparator or Comparator.EQ
    tolerance = _level_tolerance(run, target)
    baseline = run.baseline

    def met(value: Decimal) -> bool:
        return meets(value, target, comparator, run.direction, tolerance)

    common = Numbers(actual=actual, assessed=actual, target=target, expected=target)
    if baseline is not None and met(baseline):
        return _keep_it(run, met, actual, common)
    if met(actual):
        if run.final:
            return result(run, Status.ON_TRACK, "final_met", met_text(run, actual, target), common)
        if baseline is None:
            return result(run, Status.ON_TRACK, "met_no_baseline", met_text(run, actual, target), common)
        return result(run, Status.ACHIEVED_EARLY, "achieved_early", early_text(run, actual, target), common)
    if run.final:
        return result(run, Status.NOT_MET, "final_not_met", short_text(run, actual, target), common)
    if baseline is None:
        text = f"{year_value(run, actual)}，尚未达到目标{with_unit(run, target)}，无基期值无法计算进度"
        return result(run, Status.PENDING, "no_baseline", text, common)
    return _level_progress(run, baseline, target, actual)


def _keep_it(run: Run, met: Predicate, actual: Decimal, numbers: Numbers) -> Evaluation:
    """A floor/ceiling already met at the baseline: hold it; binding ones may never break."""
    broken = [y for y in run.elapsed if y in run.figures and not met(run.figures[y])]
    held = f"基期值{with_unit(run, run.baseline)}已满足目标{with_unit(run, numbers.target)}"
    if run.spec.binding and broken:
        years = "、".join(f"{y}年({with_unit(run, run.figures[y])})" for y in broken)
        text = f"约束性指标{held}，但{years}未守住"
        return result(run, Status.NOT_MET, "binding_broken", text, numbers)
    if met(actual):
        text = f"{held}，{year_value(run, actual)}，继续保持"
        return result(run, Status.ON_TRACK, "keep_held", text, numbers)
    text = f"{held}，但{year_value(run, actual)}未能保持"
    status = Status.NOT_MET if run.final else Status.LAGGING
    return result(run, status, "keep_broken", text, numbers)


def _level_progress(run: Run, baseline: Decimal, target: Decimal, actual: Decimal) -> Evaluation:
    change = target - baseline
    numbers = Numbers(actual=actual, assessed=actual, target=target)
    if change == 0:
        # Only a strict comparator (>6.5 from 6.5) gets here: no planned change to measure.
        text = f"基期值与目标值均为{with_unit(run, target)}，{year_value(run, actual)}，尚未满足目标"
        return result(run, Status.LAGGING, "no_planned_change", text, numbers)
    expected, path, rule = _expected_level(run, baseline, target)
    completion = (actual - baseline) / change
    expected_completion = (expected - baseline) / change
    numbers = Numbers(actual, actual, target, expected, completion)
    margins = run.thresholds
    if completion - run.time_progress > margins.ahead_margin:
        status = Status.AHEAD
    elif completion >= expected_completion - margins.on_track_margin:
        status = Status.ON_TRACK
    else:
        status = Status.LAGGING
    text = (
        f"基期值{with_unit(run, baseline)}、目标值{with_unit(run, target)}，"
        f"{path}{run.year}年预期值{with_unit(run, expected)}，"
        f"{year_value(run, actual)}，完成进度{pct(completion)}，时序进度{pct(run.time_progress)}"
    )
    return result(run, status, rule, text, numbers)


def _expected_level(run: Run, baseline: Decimal, target: Decimal) -> tuple[Decimal, str, str]:
    """Expected value for the year, how it was computed, and the rule code."""
    growth = run.goal.growth
    if growth is not None and baseline > 0:
        on_path = compound(baseline, growth, run.year - run.spec.base_year)
        if on_path is not None:
            return on_path, f"按年均增长{num(growth)}%的复利路径", "level_compound"
    line = baseline + (target - baseline) * run.time_progress
    if growth is not None:
        # Compounding from zero or a negative base is meaningless: say so, use the line.
        return line, "基期值非正或增速不适用复利，按直线路径", "level_linear"
    return line, "按直线路径", "level_linear"


def _level_tolerance(run: Run, target: Decimal) -> Decimal:
    baseline = run.baseline
    scale = abs(target - baseline) if baseline is not None and baseline != target else abs(target)
    return run.thresholds.approx_tolerance * scale
