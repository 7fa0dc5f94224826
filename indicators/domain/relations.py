"""Targets that depend on something outside the indicator: a quota handed down, another indicator."""

from __future__ import annotations

from .arithmetic import ZERO
from .explain import RELATIVE_VERBS, gap_text, span, with_unit, year_value
from .run import Numbers, Run, average, gap_status, meets, no_data, relative_gap, result
from .spec import Direction, Evaluation, Measure, Status
from .targets import Comparator


def evaluate_quota(run: Run) -> Evaluation:
    quota = run.quotas.get(run.judged)
    if quota is None:
        text = f"目标为完成上级下达任务，{run.judged}年下达任务数尚未录入"
        return result(run, Status.PENDING, "quota_pending", text)
    actual = run.figures.get(run.judged)
    if actual is None:
        return no_data(run)
    met = meets(actual, quota, Comparator.EQ, run.direction, ZERO)
    completion = actual / quota if quota != 0 else None
    numbers = Numbers(actual, actual, quota, quota, completion)
    text = f"{run.judged}年上级下达任务{with_unit(run, quota)}，{year_value(run, actual, run.judged)}"
    if not met:
        return result(run, Status.NOT_MET, "quota_year", text + "，未完成下达任务", numbers)
    gap = relative_gap(run, actual, quota, Comparator.EQ)
    status = Status.AHEAD if gap is not None and gap > run.thresholds.ahead_margin else Status.ON_TRACK
    return result(run, status, "quota_year", text + gap_text(gap), numbers)


def evaluate_relative(run: Run) -> Evaluation:
    other = run.goal.relative_to or "关联指标"
    actual = run.figures.get(run.judged)
    if actual is None:
        return no_data(run)
    if run.judged not in run.linked:
        text = f"目标为相对{other}，但{other}{run.judged}年无审定数据"
        return result(run, Status.NO_DATA, "relative_no_linked", text, Numbers(actual=actual))
    comparator = run.goal.comparator or Comparator.GE
    if run.spec.measure is Measure.RATE:
        years = [y for y in run.elapsed if y in run.figures and y in run.linked]
        own, how = average(run, [run.figures[y] for y in years])
        reference, _ = average(run, [run.linked[y] for y in years])
        compared = f"{span(years)}{how}{with_unit(run, own)}，{other}为{with_unit(run, reference)}"
    else:
        own, reference = actual, run.linked[run.judged]
        compared = f"{year_value(run, actual)}，{other}为{with_unit(run, reference)}"
    tolerance = run.thresholds.approx_tolerance * abs(reference)
    met = meets(own, reference, comparator, Direction.MAINTAIN, tolerance)
    completion = own / reference if reference != 0 else None
    numbers = Numbers(actual, own, reference, reference, completion)
    verb = RELATIVE_VERBS[comparator]
    text = f"目标为{verb}{other}，{compared}，{'满足' if met else '未满足'}要求"
    if run.final:
        return result(run, Status.ON_TRACK if met else Status.NOT_MET, "relative_final", text, numbers)
    gap = relative_gap(run, own, reference, comparator)
    if comparator is Comparator.APPROX:
        gap = None  # keeping in step has no "ahead": only within or outside the band
    status = gap_status(run, met, gap)
    text += gap_text(gap, within=not met and status is Status.ON_TRACK)
    return result(run, status, "relative_compare", text, numbers)
