"""Targets that depend on something outside the indicator: a quota handed down, another indicator.

A relative target (与地区生产总值增速同步, 高于GDP增长, 不低于…) is a relation that holds or not:
held → 基本符合预期 however large the margin, not held → 滞后 (未达标 from the target year on).
Read from the 年均 column of a level (居民收入 "与经济增长同步"), it is about the level's growth.
"""

from __future__ import annotations

from decimal import Decimal

from .arithmetic import HUNDRED, ONE, ZERO, average_growth
from .explain import RELATIVE_VERBS, comparison, gap_text, num, span, with_unit, year_value
from .run import Numbers, Run, average, meets, no_data, relative_gap, result
from .spec import Direction, Evaluation, Measure, Status
from .targets import Comparator


def evaluate_quota(run: Run) -> Evaluation:
    set_for_year = run.yearly_targets.get(run.judged)
    quota = set_for_year.value if set_for_year is not None else run.quotas.get(run.judged)
    if quota is None:
        text = f"目标为完成上级下达任务，{run.judged}年下达任务数尚未录入"
        return result(run, Status.PENDING, "quota_pending", text)
    comparator = set_for_year.comparator if set_for_year is not None else Comparator.EQ
    actual = run.figures.get(run.judged)
    if actual is None:
        return no_data(run)
    tolerance = run.thresholds.approx_tolerance * abs(quota) if comparator is Comparator.APPROX else ZERO
    met = meets(actual, quota, comparator, run.direction, tolerance)
    completion = actual / quota if quota != 0 else None
    numbers = Numbers(actual, actual, quota, quota, completion)
    text = (
        f"{run.judged}年上级下达任务{comparison(comparator, with_unit(run, quota))}，"
        f"{year_value(run, actual, run.judged)}"
    )
    if not met:
        return result(run, Status.NOT_MET, "quota_year", text + "，未完成下达任务", numbers)
    gap = relative_gap(run, actual, quota, comparator)
    status = Status.AHEAD if gap is not None and gap > run.thresholds.ahead_margin else Status.ON_TRACK
    return result(run, status, "quota_year", text + gap_text(gap), numbers)


def evaluate_relative(run: Run) -> Evaluation:
    other = run.spec.linked_name or run.goal.relative_to or "关联指标"
    actual = run.figures.get(run.judged)
    if actual is None:
        return no_data(run)
    if run.judged not in run.linked:
        text = f"目标为相对{other}，但{other}{run.judged}年无审定数据"
        return result(run, Status.NO_DATA, "relative_no_linked", text, Numbers(actual=actual))
    comparator = run.goal.comparator or Comparator.GE
    compared = _compared(run, other)
    if compared is None:
        text = f"目标为相对{other}，但缺少可比年份的数据（增速需上年数据），无法比较"
        return result(run, Status.PENDING, "relative_no_linked", text, Numbers(actual=actual))
    own, reference, text = compared
    tolerance = run.thresholds.approx_tolerance * abs(reference) if comparator is Comparator.APPROX else ZERO
    held = meets(own, reference, comparator, Direction.MAINTAIN, tolerance)
    completion = own / reference if reference != 0 else None
    numbers = Numbers(actual, own, reference, reference, completion)
    verb = RELATIVE_VERBS[comparator]
    text = f"目标为{verb}{other}，{text}，{'关系成立' if held else '关系未成立'}"
    if held:
        return result(run, Status.ON_TRACK, "relative_held", text, numbers)
    status = Status.NOT_MET if run.final else Status.LAGGING
    return result(run, status, "relative_not_held", text, numbers)


def _compared(run: Run, other: str) -> tuple[Decimal, Decimal, str] | None:
    """This indicator's value, the linked one's, and how they were taken; None if not computable."""
    # A relation about growth compares with the linked indicator's growth, from its levels if need be.
    linked = _growth(run.linked, None, run.spec.origin) if run.spec.linked_is_level else run.linked
    if run.goal.derived == "annual":
        own_rates = _growth(run.figures, run.baseline, run.spec.origin)
        years = [y for y in run.elapsed if y in own_rates and y in linked]
        if not years:
            return None
        own = average_growth([own_rates[y] for y in years])
        reference = average_growth([linked[y] for y in years])
        text = f"{span(years)}本指标年均增长{num(own)}%，{other}为{num(reference)}%"
        return own, reference, text
    if run.spec.measure is Measure.RATE:
        years = [y for y in run.elapsed if y in run.figures and y in linked]
        if not years:
            return None
        own, how = average(run, [run.figures[y] for y in years])
        reference, _ = average(run, [linked[y] for y in years])
        return (
            own,
            reference,
            f"{span(years)}{how}{with_unit(run, own)}，{other}为{with_unit(run, reference)}",
        )
    actual, reference = run.figures[run.judged], run.linked[run.judged]
    return actual, reference, f"{year_value(run, actual)}，{other}为{with_unit(run, reference)}"


def _growth(figures: dict[int, Decimal], baseline: Decimal | None, origin: int) -> dict[int, Decimal]:
    """Yearly growth (in %) of a level from consecutive figures (the baseline for the first year)."""
    levels = dict(figures)
    if baseline is not None:
        levels.setdefault(origin, baseline)
    rates: dict[int, Decimal] = {}
    for year, value in levels.items():
        before = levels.get(year - 1)
        if before is not None and before > 0:
            rates[year] = (value / before - ONE) * HUNDRED
    return rates
