"""What the plan says about an indicator and what the engine says about it: the shared vocabulary.

:class:`IndicatorSpec` is the input of every judgement (evaluation, forecast, warnings);
:class:`Evaluation` and :class:`Status` are its output, in the classes planning offices publish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .targets import Comparator, Target


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    MAINTAIN = "maintain"  # must not fall (森林覆盖率 39.44 → 39.44)


class Measure(StrEnum):
    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"
    REDUCTION = "reduction"


class Status(StrEnum):
    ACHIEVED_EARLY = "achieved_early"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    NOT_MET = "not_met"
    PENDING = "pending"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        """The class name the planning offices publish."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED_EARLY: "提前实现",
    Status.AHEAD: "快于预期",
    Status.ON_TRACK: "基本符合预期",
    Status.LAGGING: "滞后",
    Status.NOT_MET: "未达标",
    Status.PENDING: "待评定",
    Status.NO_DATA: "无数据",
}

# Best first. PENDING and NO_DATA say nothing about performance, so they are not ranked.
STATUS_ORDER: tuple[Status, ...] = (
    Status.ACHIEVED_EARLY,
    Status.AHEAD,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.NOT_MET,
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Evaluation settings (configurable per plan; these are the defaults).

    on_track_margin: 0.05 — a level may trail its expected completion by up to 5 points of the
        planned change (a rate may trail its target by 5 % of the target) and still be
        基本符合预期; beyond that it is 滞后. Five points is one year's share of a five-year plan
        divided by four: small enough to flag a real slip, large enough to absorb revisions.
    ahead_margin: 0.10 — 快于预期 needs completion more than 10 points above time progress (a
        rate 10 % above target): half a year ahead in a five-year plan.
    approx_tolerance: 0.05 — a 左右 target is met within 5 % of the planned change (of the
        target itself for rates, totals and unchanged levels).
    complete_one_year_lists: True — a met target of a one-year list (an annual key-task list,
        one year from base to target) reads 已完成 in the year-end bulletin; False keeps
        基本符合预期. Either way it counts as on track, never as "ahead".
    """

    on_track_margin: Decimal = Decimal("0.05")
    ahead_margin: Decimal = Decimal("0.10")
    approx_tolerance: Decimal = Decimal("0.05")
    complete_one_year_lists: bool = True


COMPLETED_LABEL = "已完成"


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """What the plan says about one indicator (or sub-indicator, or task sub-target).

    ``target`` is the target-year cell (or prose phrase); ``annual`` the 年均增速 / [累计] cell.
    Rates are in percent (5.5 means 5.5 %). ``growth_rate`` says whether a rate indicator's
    figures are growth rates (averaged as compound growth) or other yearly ratios (arithmetic).
    ``baseline_year`` is the year of the baseline figure when a footnote says it is not the
    base year (``60.6*``, "带*的为2019年数据"): time progress and paths count from it.
    ``linked_name`` is the name of the indicator a relative target is linked to;
    ``linked_is_level`` says its figures are levels (地区生产总值, 亿元), so a relation about growth
    (与经济增速同步) compares with their yearly growth.
    """

    direction: Direction
    measure: Measure
    binding: bool
    base_year: int
    target_year: int
    baseline: Decimal | None
    target: Target
    annual: Target | None = None
    name: str = ""
    unit: str = ""
    growth_rate: bool = True
    baseline_year: int | None = None
    linked_name: str = ""
    linked_is_level: bool = False

    @property
    def origin(self) -> int:
        """The year the baseline figure is of: time progress counts from it."""
        return self.baseline_year if self.baseline_year is not None else self.base_year

    @property
    def one_year(self) -> bool:
        """A one-year list (annual key tasks): one year from base to target."""
        return self.target_year - self.base_year <= 1


@dataclass(frozen=True, slots=True)
class YearTarget:
    """A target set for one year (a rate set year by year, a quota): ``6以上`` → (GE, 6)."""

    comparator: Comparator
    value: Decimal


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The status of one indicator for one year, with every number that decided it.

    ``time_progress`` and ``completion`` are shares (0.4 = 40 %); ``expected`` and ``actual`` are
    in the indicator's unit. ``assessed`` is the value actually compared with the target (the
    level, the average rate, the running total or the compounded reduction); ``target_value`` the
    value it was compared with. ``data_year`` is set when the evaluated year had no figure and
    the latest approved year was judged instead (lagged data, footnoted in reports);
    ``completed`` marks a met target of a one-year list that the office publishes as 已完成.
    """

    year: int
    status: Status
    time_progress: Decimal | None
    expected: Decimal | None
    completion: Decimal | None
    actual: Decimal | None
    rule: str
    explanation: str
    assessed: Decimal | None = None
    target_value: Decimal | None = None
    missing_years: tuple[int, ...] = field(default=())
    data_year: int | None = None
    completed: bool = False

    @property
    def lagged(self) -> bool:
        return self.data_year is not None

    @property
    def label(self) -> str:
        return published_label(self.status, completed=self.completed, data_year=self.data_year)


def published_label(status: Status, *, completed: bool = False, data_year: int | None = None) -> str:
    """The published class (已完成 for a completed one-year target), with the data's year if lagged."""
    label = COMPLETED_LABEL if completed else status.label
    return f"{label}（{data_year}年数据）" if data_year is not None else label
