"""Yearly rates (地区生产总值增速 5.5 each year), judged on the average of the elapsed years.

Three shapes: one target for every year (``5.5``, ``>7``); a limit each year on a ratio written in
the 年均 column (城镇调查失业率 ``<5.5``: arithmetic mean, kept or not — never 快于预期 — and a
binding limit broken in any year is 未达标); targets set year by year (各年度视情提出; ``6以上``,
``5.5左右``), judged on the average of the elapsed years against the average of their targets,
each year's comparator kept.
"""

from __future__ import annotations

from decimal import Decimal

from .arithmetic import average_growth, mean
from .explain import comparison, gap_text, num, span, with_unit, year_value
from .run import Numbers, Run, average, gap_status, meets, missing, no_data, relative_gap, result
from .spec import Evaluation, Status, YearTarget
from .targets import Comparator


def evaluate_rate(run: Run, target: Decimal, actual: Decimal) -> Evaluation:
    comparator = run.goal.comparator or Comparator.EQ
    years = [y for y in run.elapsed if y in run.figures]
    mean_rate, how = average(run, [run.figures[y] for y in years])
    tolerance = run.thresholds.approx_tolerance * abs(target)
    met = meets(mean_rate, target, comparator, run.direction, tolerance)
    year_met = meets(actual, target, comparator, run.direction, tolerance)
    completion = mean_rate / target if target != 0 else None
    numbers = Numbers(actual, mean_rate, target, target, completion)
    text = (
        f"{year_value(run, actual)}（当年{'达到' if year_met else '未达到'}目标{with_unit(run, target)}），"
        f"{span(years)}{how}为{with_unit(run, mean_rate)}"
    )
    gaps = missing(run)
    limit = run.goal.derived == "yearly_limit"
    if limit and run.spec.binding:
        broken = [y for y in years if not meets(run.figures[y], target, comparator, run.direction, tolerance)]
        if broken:
            text += f"，约束性限值{'、'.join(f'{y}年' for y in broken)}未守住"
            return result(run, Status.NOT_MET, "rate_yearly_limit", text, numbers, gaps)
    if limit:
        # A limit is kept or not, like a keep-it target: well inside it is not "ahead".
        status = Status.ON_TRACK if met else (Status.NOT_MET if run.final else Status.LAGGING)
        return result(run, status, "rate_yearly_limit", text, numbers, gaps)
    if run.final:
        status = Status.ON_TRACK if met else Status.NOT_MET
        return result(run, status, "rate_final", text, numbers, gaps)
    gap = relative_gap(run, mean_rate, target, comparator)
    status = gap_status(run, met, gap)
    text += gap_text(gap, within=not met and status is Status.ON_TRACK)
    return result(run, status, "rate_average", text, numbers, gaps)


def evaluate_yearly_targets(run: Run) -> Evaluation:
    """Average of the elapsed years' figures against the average of their yearly targets."""
    years = [y for y in run.elapsed if y in run.figures and y in run.yearly_targets]
    if run.judged not in run.yearly_targets:
        text = f"目标按年度提出，{run.judged}年目标尚未录入"
        return result(run, Status.PENDING, "yearly_targets_pending", text)
    if run.judged not in run.figures:
        return no_data(run)
    targets = [run.yearly_targets[y] for y in years]
    values = [run.figures[y] for y in years]
    averaged = mean if run.arithmetic else average_growth
    own, target = averaged(values), averaged([t.value for t in targets])
    comparator = _combined(targets)
    tolerance = run.thresholds.approx_tolerance * abs(target)
    met = meets(own, target, comparator, run.direction, tolerance)
    actual = run.figures[run.judged]
    completion = own / target if target != 0 else None
    numbers = Numbers(actual, own, target, target, completion)
    each = "；".join(
        f"{y}年目标{comparison(t.comparator, num(t.value))}、实际{num(v)}"
        f"（{'达到' if meets(v, t.value, t.comparator, run.direction, tolerance) else '未达到'}）"
        for y, t, v in zip(years, targets, values, strict=True)
    )
    text = (
        f"{each}；{span(years)}平均{with_unit(run, own)}，"
        f"年度目标平均{comparison(comparator, with_unit(run, target))}"
    )
    gaps = missing(run)
    if run.final:
        return result(
            run, Status.ON_TRACK if met else Status.NOT_MET, "rate_yearly_targets", text, numbers, gaps
        )
    gap = relative_gap(run, own, target, comparator)
    status = gap_status(run, met, gap)
    text += gap_text(gap, within=not met and status is Status.ON_TRACK)
    return result(run, status, "rate_yearly_targets", text, numbers, gaps)


def _combined(targets: list[YearTarget]) -> Comparator:
    """The comparator for the averages: ≈ if any year is 左右, else the latest year's."""
    if any(t.comparator is Comparator.APPROX for t in targets):
        return Comparator.APPROX
    return targets[-1].comparator
