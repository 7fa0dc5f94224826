"""The goal an indicator is judged against, resolved from its target and 年均/累计 cells.

A quota (完成上级下达任务) or a relative target (与…同步) in either cell decides first; otherwise
the measure picks the numeric cell: a level's target (or baseline + a bracketed change, or the
compound path of a yearly growth), a rate's yearly figure, a total's bracketed sum.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from enum import StrEnum
from typing import NamedTuple

from .arithmetic import CONTEXT, compound, compound_reduction, finite
from .spec import IndicatorSpec, Measure
from .targets import Comparator, Target, TargetKind

__all__ = ["Goal", "GoalMode", "resolve_goal", "resolve_goal_in_context"]


class GoalMode(StrEnum):
    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"
    REDUCTION = "reduction"
    QUOTA = "quota"
    RELATIVE = "relative"
    NOT_SET = "not_set"
    QUALITATIVE = "qualitative"


class Goal(NamedTuple):
    """The target an indicator is judged against, resolved from its target and annual cells.

    ``growth`` is the yearly growth (in %) of a level's compound path; ``derived`` names how
    ``value`` was obtained when the target cell itself was empty (``yearly_limit``: a floor or
    ceiling of a ratio in the 年均 column, a limit each year; ``annual``: a relative target read
    from the 年均 column, about the indicator's growth). ``stretch`` is the 力争 clause.

    A named tuple: as immutable as a frozen dataclass, which costs ten times as much to build (it
    sets each field through ``object.__setattr__``), and every evaluation resolves one.
    """

    mode: GoalMode
    comparator: Comparator | None = None
    value: Decimal | None = None
    growth: Decimal | None = None
    relative_to: str = ""
    derived: str = ""
    stretch: Target | None = None


_NUMERIC_KINDS = (TargetKind.LEVEL, TargetKind.RATE, TargetKind.CUMULATIVE, TargetKind.REDUCTION)
_BOUNDS = (Comparator.GT, Comparator.GE, Comparator.LT, Comparator.LE)
RATIO_UNITS = ("%", "‰")


def resolve_goal(spec: IndicatorSpec) -> Goal:
    """Pick the target that decides: a quota or a relative target first, else by measure."""
    with localcontext(CONTEXT):
        return resolve_goal_in_context(spec)


def resolve_goal_in_context(spec: IndicatorSpec) -> Goal:
    """:func:`resolve_goal` for a caller already in :data:`CONTEXT` (the evaluation)."""
    cells = [cell for cell in (spec.target, spec.annual) if cell is not None]
    for cell in cells:
        if cell.kind is TargetKind.QUOTA:
            return Goal(GoalMode.QUOTA, Comparator.EQ)
    for cell in cells:
        if cell.kind is TargetKind.RELATIVE:
            derived = "annual" if cell is spec.annual and spec.measure is Measure.LEVEL else ""
            comparator = cell.comparator or Comparator.GE
            return Goal(GoalMode.RELATIVE, comparator, relative_to=cell.relative_to, derived=derived)
    goal = _numeric_goal(spec)
    if goal is not None:
        return goal
    if any(cell.kind is TargetKind.UNPARSED for cell in cells):
        return Goal(GoalMode.QUALITATIVE)
    return Goal(GoalMode.NOT_SET)


def _numeric_goal(spec: IndicatorSpec) -> Goal | None:
    target = _numeric(spec.target)
    annual = _numeric(spec.annual)
    if spec.measure is Measure.LEVEL:
        return _level_goal(spec, target, annual)
    if spec.measure is Measure.RATE:
        cell = annual or target
        return (
            None
            if cell is None
            else Goal(GoalMode.RATE, cell.comparator, cell.value, stretch=cell.stretch_target)
        )
    mode = GoalMode.CUMULATIVE if spec.measure is Measure.CUMULATIVE else GoalMode.REDUCTION
    if annual is not None and annual.kind is not TargetKind.RATE:
        return Goal(mode, annual.comparator, annual.value, stretch=annual.stretch_target)
    if target is not None:
        return Goal(mode, target.comparator, target.value, stretch=target.stretch_target)
    if annual is not None and annual.value is not None:
        return _total_from_yearly(spec, mode, annual.comparator, annual.value)
    return None


def _total_from_yearly(
    spec: IndicatorSpec, mode: GoalMode, comparator: Comparator | None, yearly: Decimal
) -> Goal:
    """An unbracketed 年均 figure of a total: per-year amount × years, or compounded reductions."""
    years = max(spec.target_year - spec.base_year, 1)
    if mode is GoalMode.REDUCTION:
        total = compound_reduction([yearly] * years)
        return Goal(mode, comparator, total, derived="compound")
    return Goal(mode, comparator, yearly * years, derived="per_year")


def _level_goal(spec: IndicatorSpec, target: Target | None, annual: Target | None) -> Goal | None:
    growth = annual.value if annual is not None and annual.kind is TargetKind.RATE else None
    if target is not None and target.kind is not TargetKind.RATE:
        if target.kind in (TargetKind.CUMULATIVE, TargetKind.REDUCTION):
            return _level_from_change(spec, target, growth)
        return Goal(GoalMode.LEVEL, target.comparator, target.value, growth, stretch=target.stretch_target)
    if annual is not None and annual.kind in (TargetKind.CUMULATIVE, TargetKind.REDUCTION):
        return _level_from_change(spec, annual, None)
    if annual is not None and annual.kind is TargetKind.RATE and _is_yearly_limit(spec, annual):
        return Goal(
            GoalMode.RATE,
            annual.comparator,
            annual.value,
            derived="yearly_limit",
            stretch=annual.stretch_target,
        )
    baseline = finite(spec.baseline)
    if annual is not None and growth is not None and baseline is not None and baseline > 0:
        periods = max(spec.target_year - spec.origin, 0)
        value = compound(baseline, growth, periods)
        if value is not None:
            return Goal(GoalMode.LEVEL, annual.comparator, value, growth, derived="compound")
    return None


def _level_from_change(spec: IndicatorSpec, cell: Target, growth: Decimal | None) -> Goal | None:
    """A ``[x]`` cell of a level indicator is target − baseline: the target is baseline + x."""
    baseline = finite(spec.baseline)
    if baseline is None or cell.value is None:
        return None
    value = cell.value if cell.kind is TargetKind.CUMULATIVE else -cell.value
    return Goal(GoalMode.LEVEL, cell.comparator, baseline + value, growth, derived="change")


def _is_yearly_limit(spec: IndicatorSpec, annual: Target) -> bool:
    """``<5.5`` in the 年均 column of a ratio (城镇调查失业率, %): a limit each year, not a growth."""
    return spec.unit in RATIO_UNITS and annual.comparator in _BOUNDS


def _numeric(cell: Target | None) -> Target | None:
    if cell is None or cell.kind not in _NUMERIC_KINDS or finite(cell.value) is None:
        return None
    return cell
