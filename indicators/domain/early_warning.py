"""预警: a colour per indicator and year, escalation over consecutive periods, the 约束性 test.

Defaults follow published practice (DOMAIN.md, "Forecast and warnings"):

* green — on track;
* yellow — completion trails time progress by ``yellow_gap`` (10 points) up to ``red_gap`` (30
  points), or the status is 滞后, or the forecast is 完成有难度;
* red — completion trails by more than ``red_gap``, the status is 未达标, the forecast is 难以完成,
  or a 约束性 indicator is off track (滞后/未达标) in the year or fails the year's own test (the
  annual test of :func:`assess_binding`): the veto.

Escalation: ``escalate_after`` (2) consecutive yellow periods call for red-level attention
(a supervision letter in practice). Rules are configuration; :func:`validate_rules` refuses
contradictory ones with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from .arithmetic import CONTEXT, compound, finite, time_progress
from .forecasting import Forecast, Outlook
from .goals import GoalMode, resolve_goal
from .run import meets
from .spec import Direction, Evaluation, IndicatorSpec, Measure, Status, Thresholds
from .targets import Comparator

__all__ = [
    "BindingAssessment",
    "Colour",
    "EarlyWarning",
    "RuleError",
    "Streak",
    "WarningRules",
    "assess_binding",
    "escalate",
    "validate_rules",
    "warn",
]


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {Colour.GREEN: "绿色", Colour.YELLOW: "黄色", Colour.RED: "红色"}[self]


_SEVERITY = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


@dataclass(frozen=True, slots=True)
class WarningRules:
    """EarlyWarning rules of a plan (configurable; these are the defaults from practice).

    yellow_gap: 0.10 — completion trailing time progress by 10 points or more is yellow.
    red_gap: 0.30 — trailing by more than 30 points is red.
    yellow_on_difficult: True — a forecast of 完成有难度 is yellow.
    red_on_unlikely: True — a forecast of 难以完成 is red.
    binding_veto: True — a 约束性 indicator off track (滞后/未达标) in the year, or failing the
    year's own test, is red.
    escalate_after: 2 — this many consecutive yellow periods call for red-level attention.
    """

    yellow_gap: Decimal = Decimal("0.10")
    red_gap: Decimal = Decimal("0.30")
    yellow_on_difficult: bool = True
    red_on_unlikely: bool = True
    binding_veto: bool = True
    escalate_after: int = 2


@dataclass(frozen=True, slots=True)
class RuleError:
    field: str
    message: str


def validate_rules(rules: WarningRules) -> list[RuleError]:
    """What is wrong with a rule set, each with the field at fault; empty when it is usable."""
    errors = []
    yellow, red = finite(rules.yellow_gap), finite(rules.red_gap)
    if yellow is None or not 0 <= yellow <= 1:
        errors.append(RuleError("yellow_gap", "黄色预警差距必须是0到1之间的数（如0.10表示10个百分点）。"))
    if red is None or not 0 <= red <= 1:
        errors.append(RuleError("red_gap", "红色预警差距必须是0到1之间的数（如0.30表示30个百分点）。"))
    if yellow is not None and red is not None and not yellow < red:
        errors.append(RuleError("red_gap", "红色预警差距必须大于黄色预警差距，否则两档预警区间重叠。"))
    if not isinstance(rules.escalate_after, int) or rules.escalate_after < 2:
        errors.append(
            RuleError("escalate_after", "升级所需的连续黄色预警期数至少为2，否则黄色预警即等同红色。")
        )
    return errors


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    """The colour of one indicator in one year and why; ``colour`` None when it cannot be judged."""

    colour: Colour | None
    gap: Decimal | None
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        if self.colour is None:
            return "无法判定预警（待评定或无数据）。"
        return f"{'；'.join(self.reasons)}，{self.colour.label}预警。"


# Rules whose completion is a share of the planned change or total, comparable with time progress.
_SHARE_RULES = ("level_linear", "level_compound", "cumulative_share", "reduction_compound")


def warn(
    evaluation: Evaluation,
    *,
    binding: bool,
    forecast: Forecast | None = None,
    rules: WarningRules = WarningRules(),
    binding_test: BindingAssessment | None = None,
) -> EarlyWarning:
    """The warning colour of an evaluated indicator for its year.

    ``binding_test`` is the 约束性 assessment of a binding indicator: failing its annual test is the
    veto even when the plan so far is on track (a year below the path is a year missed).
    """
    with localcontext(CONTEXT):
        gap = _gap(evaluation)
        red: list[str] = []
        yellow: list[str] = []
        status = evaluation.status
        if status is Status.NOT_MET:
            red.append("未达标")
        if binding and rules.binding_veto and status in (Status.LAGGING, Status.NOT_MET):
            red.append(f"约束性指标{status.label}")
        elif binding and rules.binding_veto and binding_test is not None and binding_test.annual is False:
            red.append("约束性指标年度考核未通过")
        if gap is not None and gap > rules.red_gap:
            red.append(f"完成进度落后时序进度{_points(gap)}个百分点")
        elif gap is not None and gap >= rules.yellow_gap:
            yellow.append(f"完成进度落后时序进度{_points(gap)}个百分点")
        if status is Status.LAGGING and not red:
            yellow.append("进度滞后")
        if forecast is not None and forecast.outlook is Outlook.UNLIKELY and rules.red_on_unlikely:
            red.append("预计期末难以完成")
        if forecast is not None and forecast.outlook is Outlook.DIFFICULT and rules.yellow_on_difficult:
            yellow.append("预计期末完成有难度")
        if red:
            return EarlyWarning(Colour.RED, gap, tuple(red))
        if yellow:
            return EarlyWarning(Colour.YELLOW, gap, tuple(yellow))
        if status in (Status.PENDING, Status.NO_DATA):
            return EarlyWarning(None, gap, ())
        return EarlyWarning(Colour.GREEN, gap, (f"{evaluation.label}",))


def _gap(evaluation: Evaluation) -> Decimal | None:
    """Points by which completion trails time progress (negative when ahead); None if not comparable."""
    if evaluation.rule not in _SHARE_RULES:
        return None
    if evaluation.completion is None or evaluation.time_progress is None:
        return None
    return evaluation.time_progress - evaluation.completion


def _points(gap: Decimal) -> str:
    return format((gap * 100).quantize(Decimal("0.1")), "f")


@dataclass(frozen=True, slots=True)
class Streak:
    """The current colour, since which year, for how many consecutive periods, and the attention due."""

    colour: Colour | None
    since: int | None
    periods: int
    attention: Colour | None

    @property
    def escalated(self) -> bool:
        if self.colour is None or self.attention is None:
            return False
        return _SEVERITY[self.attention] > _SEVERITY[self.colour]


def escalate(history: Mapping[int, Colour | None], *, rules: WarningRules = WarningRules()) -> Streak:
    """From the colours by year, the latest colour's run of consecutive years and its attention level.

    Yellow for ``escalate_after`` consecutive years (or worse in between) calls for red-level
    attention; a gap in the years or a year without colour ends a run.
    """
    if not history:
        return Streak(None, None, 0, None)
    years = sorted(history)
    last = years[-1]
    colour = history[last]
    if colour is None:
        return Streak(None, None, 0, None)
    since, periods = last, 1
    while since - 1 in history and history[since - 1] == colour:
        since -= 1
        periods += 1
    warned = 0  # consecutive years at yellow or worse
    year = last
    while year in history and history[year] in (Colour.YELLOW, Colour.RED):
        warned += 1
        year -= 1
    attention = colour
    if colour is Colour.YELLOW and warned >= rules.escalate_after:
        attention = Colour.RED
    return Streak(colour, since, periods, attention)


@dataclass(frozen=True, slots=True)
class BindingAssessment:
    """约束性 assessment: this year against this year's expected path, and the plan so far.

    ``annual`` / ``cumulative`` are None when the test cannot be made (no figure, no target).
    """

    annual: bool | None
    cumulative: bool | None
    explanation: str

    @property
    def passed(self) -> bool | None:
        if self.annual is False or self.cumulative is False:
            return False
        if self.annual is None or self.cumulative is None:
            return None
        return True


def assess_binding(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    evaluation: Evaluation,
    *,
    thresholds: Thresholds = Thresholds(),
) -> BindingAssessment:
    """The annual test (the year's figure against the year's expected value or yearly share) and
    the cumulative test (the evaluation of the plan so far); it passes only if both pass."""
    with localcontext(CONTEXT):
        year = evaluation.data_year or min(evaluation.year, spec.target_year)
        annual = _annual_test(spec, figures, year, thresholds)
        cumulative = {
            Status.ACHIEVED_EARLY: True,
            Status.AHEAD: True,
            Status.ON_TRACK: True,
            Status.LAGGING: False,
            Status.NOT_MET: False,
        }.get(evaluation.status)
        words = {True: "通过", False: "未通过", None: "无法判定"}
        passed = BindingAssessment(annual, cumulative, "").passed
        text = f"年度考核{words[annual]}，累计考核{words[cumulative]}，约束性指标考核{_VERDICTS[passed]}。"
        return BindingAssessment(annual, cumulative, text)


_VERDICTS = {True: "通过", False: "未通过（一票否决）", None: "暂无法判定"}


def _annual_test(
    spec: IndicatorSpec, figures: Mapping[int, Decimal], year: int, thresholds: Thresholds
) -> bool | None:
    actual = finite(figures.get(year))
    goal = resolve_goal(spec)
    if actual is None or goal.value is None:
        return None
    direction = Direction.HIGHER if spec.measure is Measure.REDUCTION else spec.direction
    comparator = goal.comparator or Comparator.EQ
    span = max(spec.target_year - spec.base_year, 1)
    tolerance = (
        thresholds.approx_tolerance * abs(goal.value) if comparator is Comparator.APPROX else Decimal(0)
    )
    if goal.mode is GoalMode.RATE:
        return meets(actual, goal.value, comparator, direction, tolerance)
    if goal.mode is GoalMode.CUMULATIVE:
        return meets(actual, goal.value / span, comparator, direction, tolerance / span)
    if goal.mode is GoalMode.REDUCTION:
        # The yearly reduction that, compounded over the period, gives the total.
        remaining = 1 - goal.value / 100
        yearly = 100 - 100 * remaining ** (Decimal(1) / span) if remaining > 0 else goal.value
        return meets(actual, yearly, comparator, direction, Decimal(0))
    if goal.mode is GoalMode.LEVEL:
        baseline = finite(spec.baseline)
        if baseline is None or meets(baseline, goal.value, comparator, direction, Decimal(0)):
            return meets(actual, goal.value, comparator, direction, tolerance)
        progress = time_progress(spec.origin, spec.target_year, year)
        path = compound(baseline, goal.growth, year - spec.origin) if goal.growth is not None else None
        expected = path if path is not None else baseline + (goal.value - baseline) * progress
        towards = Comparator.GE if goal.value > baseline else Comparator.LE
        return meets(actual, expected, towards, direction, Decimal(0))
    return None
