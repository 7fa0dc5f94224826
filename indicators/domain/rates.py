"""Yearly rates (地区生产总值增速 5.5 each year), judged on the average of the elapsed years."""

from __future__ import annotations

from decimal import Decimal

from .explain import gap_text, span, with_unit, year_value
from .run import Numbers, Run, average, gap_status, meets, missing, relative_gap, result
from .spec import Evaluation, Status
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
    if run.final:
        status = Status.ON_TRACK if met else Status.NOT_MET
        return result(run, status, "rate_final", text, numbers, gaps)
    gap = relative_gap(run, mean_rate, target, comparator)
    status = gap_status(run, met, gap)
    text += gap_text(gap, within=not met and status is Status.ON_TRACK)
    return result(run, status, "rate_average", text, numbers, gaps)
