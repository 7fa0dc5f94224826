"""The Open SDG progress measure, offered as a second evaluation method.

Method (Statistics Canada, as implemented by Open SDG / sdg-build ``ProgressMeasure``):

* observed compound annual growth rate between the base year t₀ and the latest year tᵢ with data::

      CAGRₒ = (yᵢ / y₀)^(1 / (tᵢ − t₀)) − 1

* with a quantitative target y_T for year t_T, the growth that would reach it on time::

      CAGRᵣ = (y_T / y₀)^(1 / (t_T − t₀)) − 1

  and the progress value ``R = s · d · CAGRₒ / |CAGRᵣ|`` where d = +1 for an increase target
  (−1 for a decrease) and s = −1 when the base value is negative (+1 otherwise). R is classed with
  the thresholds 0.95 / 0.6 / 0: R ≥ 0.95 substantial progress, 0.6 ≤ R < 0.95 moderate,
  0 ≤ R < 0.6 negligible (Open SDG's current wording is "limited"), R < 0 deterioration;
* without a target, ``s · d · CAGRₒ`` is classed with 0.015 / 0.005 / 0;
* a current value that already meets the target (≥ for increase, ≤ for decrease) is
  "target achieved" whatever the growth.

Where sdg-build substitutes 0.001 for a zero base value, we report "not available" with the
reason: a growth rate from zero does not exist, and an invented base would drive the status. A
target equal to the base value needs zero growth: not achieved then means the indicator moved the
wrong way, which is deterioration. Only level indicators are measured (a CAGR of a growth rate or
of a yearly increment means nothing); every number is a Decimal and nothing raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from .arithmetic import CONTEXT, ONE, finite
from .explain import num
from .goals import GoalMode, resolve_goal
from .spec import Direction, IndicatorSpec, Measure

__all__ = [
    "OpenSdgResult",
    "OpenSdgStatus",
    "OpenSdgThresholds",
    "open_sdg_measure",
    "open_sdg_progress",
]


class OpenSdgStatus(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL = "substantial_progress"
    MODERATE = "moderate_progress"
    NEGLIGIBLE = "negligible_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS: dict[OpenSdgStatus, str] = {
    OpenSdgStatus.TARGET_ACHIEVED: "目标已实现",
    OpenSdgStatus.SUBSTANTIAL: "进展显著",
    OpenSdgStatus.MODERATE: "进展中等",
    OpenSdgStatus.NEGLIGIBLE: "进展有限",
    OpenSdgStatus.DETERIORATION: "出现倒退",
    OpenSdgStatus.NOT_AVAILABLE: "无法评估",
}


@dataclass(frozen=True, slots=True)
class OpenSdgThresholds:
    """Open SDG's defaults: ratio thresholds with a target, CAGR thresholds without one."""

    high: Decimal = Decimal("0.95")
    med: Decimal = Decimal("0.6")
    low: Decimal = Decimal("0")
    no_target_high: Decimal = Decimal("0.015")
    no_target_med: Decimal = Decimal("0.005")
    no_target_low: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class OpenSdgResult:
    status: OpenSdgStatus
    progress_value: Decimal | None  # R with a target, s·d·CAGRₒ without
    observed_cagr: Decimal | None
    required_cagr: Decimal | None
    base_year: int | None
    base_value: Decimal | None
    current_year: int | None
    current_value: Decimal | None
    target: Decimal | None
    target_year: int
    explanation: str

    @property
    def label(self) -> str:
        return self.status.label


def open_sdg_progress(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    *,
    thresholds: OpenSdgThresholds = OpenSdgThresholds(),
) -> OpenSdgResult:
    """The Open SDG progress status of a plan indicator in ``year``, from its spec."""
    with localcontext(CONTEXT):
        if spec.measure is not Measure.LEVEL:
            return _not_available(
                spec.target_year, "Open SDG方法只适用于水平值指标（增速、累计值不计算复合增长率）"
            )
        goal = resolve_goal(spec)
        target = goal.value if goal.mode is GoalMode.LEVEL else None
        return open_sdg_measure(
            base_value=spec.baseline,
            base_year=spec.base_year,
            target=target,
            target_year=spec.target_year,
            direction=spec.direction,
            figures=figures,
            year=year,
            thresholds=thresholds,
        )


def open_sdg_measure(
    *,
    base_value: Decimal | None,
    base_year: int,
    target: Decimal | None,
    target_year: int,
    direction: Direction,
    figures: Mapping[int, Decimal],
    year: int,
    thresholds: OpenSdgThresholds = OpenSdgThresholds(),
) -> OpenSdgResult:
    """The Open SDG progress status from plain numbers (see the module docstring)."""
    with localcontext(CONTEXT):
        data = {y: v for y, v in figures.items() if isinstance(y, int) and finite(v) is not None}
        base = finite(base_value)
        start = base_year
        if base is None:
            # As sdg-build: without a base value, the first year with data stands in for it.
            later = sorted(y for y in data if base_year <= y <= year)
            if not later:
                return _not_available(target_year, "无基期值，也无可替代的数据")
            start, base = later[0], data[later[0]]
        latest = sorted(y for y in data if start < y <= year)
        if not latest:
            return _not_available(target_year, f"{start}年之后至{year}年无数据，至少需要两个时点")
        current_year = latest[-1]
        return _measure(
            _Inputs(start, base, current_year, data[current_year], finite(target), target_year, direction),
            thresholds,
        )


@dataclass(frozen=True, slots=True)
class _Inputs:
    base_year: int
    base: Decimal
    current_year: int
    current: Decimal
    target: Decimal | None
    target_year: int
    direction: Direction


def _measure(inputs: _Inputs, thresholds: OpenSdgThresholds) -> OpenSdgResult:
    d = -ONE if inputs.direction is Direction.LOWER else ONE
    if inputs.base == 0:
        return _result(inputs, OpenSdgStatus.NOT_AVAILABLE, None, None, None, "基期值为0，复合增长率无定义")
    if (inputs.current < 0 < inputs.base) or (inputs.base < 0 < inputs.current):
        return _result(
            inputs, OpenSdgStatus.NOT_AVAILABLE, None, None, None, "基期值与当前值符号不同，无法计算"
        )
    sign = -ONE if inputs.base < 0 else ONE
    observed = _cagr(inputs.current, inputs.base, inputs.current_year - inputs.base_year)
    if observed is None:
        return _result(inputs, OpenSdgStatus.NOT_AVAILABLE, None, None, None, "复合增长率无法计算")
    if inputs.target is None:
        value = sign * d * observed
        status = _classify(
            value, thresholds.no_target_high, thresholds.no_target_med, thresholds.no_target_low
        )
        return _result(inputs, status, value, observed, None, "无量化目标，按观测复合增长率分级")
    return _with_target(inputs, inputs.target, sign, d, observed, thresholds)


def _with_target(
    inputs: _Inputs,
    target: Decimal,
    sign: Decimal,
    d: Decimal,
    observed: Decimal,
    thresholds: OpenSdgThresholds,
) -> OpenSdgResult:
    achieved = inputs.current >= target if d > 0 else inputs.current <= target
    required = _cagr(target, inputs.base, inputs.target_year - inputs.base_year)
    if achieved:
        return _result(inputs, OpenSdgStatus.TARGET_ACHIEVED, None, observed, required, "当前值已达到目标")
    if required is None:
        return _result(
            inputs,
            OpenSdgStatus.NOT_AVAILABLE,
            None,
            observed,
            None,
            "目标值与基期值符号不同或目标年不晚于基期",
        )
    if required == 0:
        # The target needed no growth and is not met: the indicator moved the wrong way.
        return _result(
            inputs, OpenSdgStatus.DETERIORATION, None, observed, required, "目标值等于基期值而当前未达到"
        )
    ratio = sign * d * observed / abs(required)
    status = _classify(ratio, thresholds.high, thresholds.med, thresholds.low)
    return _result(inputs, status, ratio, observed, required, "观测增长率与所需增长率之比分级")


def _cagr(value: Decimal, base: Decimal, periods: int) -> Decimal | None:
    if periods <= 0 or base == 0:
        return None
    ratio = value / base
    if ratio < 0 or not ratio.is_finite():
        return None
    result = ratio ** (ONE / Decimal(periods)) - ONE
    return result if result.is_finite() else None


def _classify(value: Decimal, high: Decimal, med: Decimal, low: Decimal) -> OpenSdgStatus:
    if not value.is_finite():
        return OpenSdgStatus.NOT_AVAILABLE
    if value >= high:
        return OpenSdgStatus.SUBSTANTIAL
    if value >= med:
        return OpenSdgStatus.MODERATE
    if value >= low:
        return OpenSdgStatus.NEGLIGIBLE
    return OpenSdgStatus.DETERIORATION


def _result(
    inputs: _Inputs,
    status: OpenSdgStatus,
    value: Decimal | None,
    observed: Decimal | None,
    required: Decimal | None,
    reason: str,
) -> OpenSdgResult:
    target = "无" if inputs.target is None else num(inputs.target)
    explanation = (
        f"复合增速对标法：基期{inputs.base_year}年值{num(inputs.base)}，"
        f"{inputs.current_year}年值{num(inputs.current)}，"
        f"目标{target}（{inputs.target_year}年），观测复合增长率{_pct(observed)}，所需复合增长率{_pct(required)}，"
        f"进展值{num(value)}；{reason}，判定为“{status.label}”。"
    )
    return OpenSdgResult(
        status=status,
        progress_value=value,
        observed_cagr=observed,
        required_cagr=required,
        base_year=inputs.base_year,
        base_value=inputs.base,
        current_year=inputs.current_year,
        current_value=inputs.current,
        target=inputs.target,
        target_year=inputs.target_year,
        explanation=explanation,
    )


def _not_available(target_year: int, reason: str) -> OpenSdgResult:
    return OpenSdgResult(
        status=OpenSdgStatus.NOT_AVAILABLE,
        progress_value=None,
        observed_cagr=None,
        required_cagr=None,
        base_year=None,
        base_value=None,
        current_year=None,
        current_value=None,
        target=None,
        target_year=target_year,
        explanation=f"复合增速对标法：{reason}，判定为“{OpenSdgStatus.NOT_AVAILABLE.label}”。",
    )


def _pct(share: Decimal | None) -> str:
    if share is None or not share.is_finite():
        return "—"
    if share != 0 and abs(share.adjusted()) > 12:
        return f"{share * 100:.2E}%"
    return f"{(share * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
