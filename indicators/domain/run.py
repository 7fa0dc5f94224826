"""One evaluation in progress: the cleaned inputs, and the comparisons every evaluator shares."""

from __future__ import annotations

import enum
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple, TypeAlias

from .arithmetic import ONE, average_growth, finite, mean
from .explain import average_name, sentence, with_unit
from .goals import Goal
from .spec import Direction, Evaluation, IndicatorSpec, Measure, Status, Thresholds, YearTarget
from .targets import Comparator

Predicate: TypeAlias = Callable[[Decimal], bool]


class Sense(enum.Enum):
    FLOOR = "floor"
    CEILING = "ceiling"
    BAND = "band"


# Run and Numbers are named tuples, not frozen dataclasses: as immutable, and built in a tenth of
# the time (a frozen dataclass sets each field through object.__setattr__), once or twice for
# each of the thousands of evaluations of a batch.
class Run(NamedTuple):
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
    yearly_targets: dict[int, YearTarget]

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
    def arithmetic(self) -> bool:
        """Rates averaged arithmetically: ratios and yearly limits, not growth rates."""
        return not self.spec.growth_rate or self.goal.derived == "yearly_limit"


class Numbers(NamedTuple):
    actual: Decimal | None = None
    assessed: Decimal | None = None
    target: Decimal | None = None
    expected: Decimal | None = None
    completion: Decimal | None = None


def result(
    run: Run,
    status: Status,
    rule: str,
    detail: str,
    numbers: Numbers | None = None,
    missing: tuple[int, ...] = (),
) -> Evaluation:
    numbers = numbers or Numbers()
    return Evaluation(
        year=run.year,
        status=status,
        time_progress=run.time_progress if run.year > run.spec.base_year else None,
        expected=numbers.expected,
        completion=numbers.completion,
        actual=numbers.actual,
        rule=rule,
        explanation=sentence(run, status, rule, detail, missing),
        assessed=numbers.assessed,
        target_value=numbers.target,
        missing_years=missing,
    )


def no_data(run: Run) -> Evaluation:
    earlier = [y for y in run.figures if y <= run.judged]
    latest = f"，最近一期为{max(earlier)}年（{with_unit(run, run.figures[max(earlier)])}）" if earlier else ""
    return result(run, Status.NO_DATA, "no_data", f"{run.judged}年无审定数据{latest}")


def finished(run: Run, evaluation: Evaluation) -> Evaluation:
    """Overflowing inputs can leave Infinity/NaN in the numbers: report, never mislead."""
    numbers = (
        evaluation.expected,
        evaluation.completion,
        evaluation.actual,
        evaluation.assessed,
        evaluation.target_value,
    )
    for number in numbers:  # a loop, not all(…): no generator to build for each evaluation
        if number is not None and not number.is_finite():
            return result(run, Status.NO_DATA, "not_computable", "数值超出可计算范围")
    return evaluation


def meets(
    value: Decimal, target: Decimal, comparator: Comparator, direction: Direction, tol: Decimal
) -> bool:
    found = sense(comparator, direction)
    if comparator is Comparator.APPROX:
        if found is Sense.FLOOR:
            return value >= target - tol
        if found is Sense.CEILING:
            return value <= target + tol
        return abs(value - target) <= tol
    if found is Sense.FLOOR:
        return value > target if comparator is Comparator.GT else value >= target
    return value < target if comparator is Comparator.LT else value <= target


def sense(comparator: Comparator, direction: Direction) -> Sense:
    """Floor, ceiling or band: an explicit comparator wins, a plain value follows direction."""
    if comparator in (Comparator.GE, Comparator.GT):
        return Sense.FLOOR
    if comparator in (Comparator.LE, Comparator.LT):
        return Sense.CEILING
    if direction is Direction.LOWER:
        return Sense.CEILING
    if comparator is Comparator.APPROX and direction is Direction.MAINTAIN:
        return Sense.BAND
    return Sense.FLOOR


def relative_gap(run: Run, value: Decimal, reference: Decimal, comparator: Comparator) -> Decimal | None:
    """(value − reference)/|reference| in the better direction; None when reference is 0."""
    if reference == 0:
        return None
    better = -ONE if sense(comparator, run.direction) is Sense.CEILING else ONE
    return better * (value - reference) / abs(reference)


def gap_status(run: Run, met: bool, gap: Decimal | None) -> Status:
    margins = run.thresholds
    if gap is not None and gap > margins.ahead_margin:
        return Status.AHEAD
    if met or (gap is not None and gap >= -margins.on_track_margin):
        return Status.ON_TRACK
    return Status.LAGGING


def average(run: Run, values: list[Decimal]) -> tuple[Decimal, str]:
    """Compound average of growth rates (in %), arithmetic mean of other rates, and its name."""
    growth = not run.arithmetic
    return (average_growth(values) if growth else mean(values)), average_name(growth)


def missing(run: Run) -> tuple[int, ...]:
    return tuple(y for y in run.elapsed if y not in run.figures)


# The settings last found clean: a batch passes the same (immutable) ones to each evaluation.
_found_clean = Thresholds()


def clean_thresholds(thresholds: Thresholds) -> Thresholds:
    """Non-finite or negative settings fall back to the defaults instead of poisoning results."""
    global _found_clean
    if thresholds is _found_clean:
        return thresholds
    margins = (thresholds.on_track_margin, thresholds.ahead_margin, thresholds.approx_tolerance)
    if type(thresholds.complete_one_year_lists) is bool and all(
        type(m) is Decimal and m.is_finite() and m >= 0 for m in margins
    ):
        _found_clean = thresholds
        return thresholds
    defaults = Thresholds()

    def pick(value: Decimal, default: Decimal) -> Decimal:
        number = finite(value)
        return number if number is not None and number >= 0 else default

    return Thresholds(
        on_track_margin=pick(thresholds.on_track_margin, defaults.on_track_margin),
        ahead_margin=pick(thresholds.ahead_margin, defaults.ahead_margin),
        approx_tolerance=pick(thresholds.approx_tolerance, defaults.approx_tolerance),
        complete_one_year_lists=thresholds.complete_one_year_lists is not False,
    )
