"""The Open SDG progress measure, checked against a float re-statement of sdg-build's formula."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from indicators.domain.evaluation import Direction, IndicatorSpec, Measure
from indicators.domain.opensdg import OpenSdgStatus, OpenSdgThresholds, open_sdg_measure, open_sdg_progress
from indicators.domain.targets import Column, parse_target

D = Decimal
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
ACHIEVED, SUBSTANTIAL = OpenSdgStatus.TARGET_ACHIEVED, OpenSdgStatus.SUBSTANTIAL
MODERATE, NEGLIGIBLE = OpenSdgStatus.MODERATE, OpenSdgStatus.NEGLIGIBLE
DETERIORATION, NOT_AVAILABLE = OpenSdgStatus.DETERIORATION, OpenSdgStatus.NOT_AVAILABLE


def reference_ratio(base: float, current: float, years: int, target: float, span: int, d: int) -> float:
    """sdg-build methodology_2: sign · d · CAGRₒ / |CAGRᵣ|."""
    sign = -1 if base < 0 else 1
    observed = (current / base) ** (1 / years) - 1
    required = (target / base) ** (1 / span) - 1
    return float(sign * d * observed / abs(required))


def measure(
    base: str | None,
    current: str,
    target: str | None,
    direction: Direction = HIGHER,
    *,
    base_year: int = 2015,
    current_year: int = 2020,
    target_year: int = 2030,
) -> tuple[OpenSdgStatus, Decimal | None]:
    result = open_sdg_measure(
        base_value=None if base is None else D(base),
        base_year=base_year,
        target=None if target is None else D(target),
        target_year=target_year,
        direction=direction,
        figures={current_year: D(current)},
        year=current_year,
    )
    assert result.explanation.endswith(f"判定为“{result.status.label}”。")
    return result.status, result.progress_value


@pytest.mark.parametrize(
    ("current", "status"),
    [
        ("125", SUBSTANTIAL),  # ratio 0.965
        ("120", MODERATE),  # 0.785
        ("115", NEGLIGIBLE),  # 0.598
        ("100", NEGLIGIBLE),  # 0: no change is "negligible", not deterioration
        ("95", DETERIORATION),
        ("200", ACHIEVED),
        ("250", ACHIEVED),
    ],
)
def test_increase_target(current: str, status: OpenSdgStatus) -> None:
    got, ratio = measure("100", current, "200")
    assert got is status
    if ratio is not None:
        expected = reference_ratio(100, float(current), 5, 200, 15, 1)
        assert math.isclose(float(ratio), expected, rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize(
    ("current", "status"), [("80", SUBSTANTIAL), ("90", NEGLIGIBLE), ("85", MODERATE), ("105", DETERIORATION)]
)
def test_decrease_target(current: str, status: OpenSdgStatus) -> None:
    got, ratio = measure("100", current, "50", LOWER)
    assert got is status
    assert ratio is not None
    assert math.isclose(float(ratio), reference_ratio(100, float(current), 5, 50, 15, -1), rel_tol=1e-12)


def test_decrease_target_achieved() -> None:
    assert measure("100", "50", "50", LOWER)[0] is ACHIEVED


@pytest.mark.parametrize(
    ("current", "direction", "status"),
    [
        ("110", HIGHER, SUBSTANTIAL),  # CAGR 1.92 % ≥ 1.5 %
        ("104", HIGHER, MODERATE),  # 0.79 %
        ("102", HIGHER, NEGLIGIBLE),  # 0.40 %
        ("98", HIGHER, DETERIORATION),
        ("90", LOWER, SUBSTANTIAL),
        ("110", LOWER, DETERIORATION),
    ],
)
def test_without_target_uses_fixed_growth_thresholds(
    current: str, direction: Direction, status: OpenSdgStatus
) -> None:
    assert measure("100", current, None, direction)[0] is status


def test_negative_base_value_flips_the_sign() -> None:
    status, ratio = measure("-10", "-8", "-5", HIGHER)
    assert ratio is not None
    assert math.isclose(float(ratio), reference_ratio(-10, -8, 5, -5, 15, 1), rel_tol=1e-12)
    assert ratio > 0
    assert status is SUBSTANTIAL


@pytest.mark.parametrize(
    ("base", "current", "target", "direction"),
    [
        ("0", "5", "10", HIGHER),  # zero base: growth from zero is undefined (sdg-build uses 0.001)
        ("10", "-5", "20", HIGHER),  # signs differ
        ("-10", "5", "20", HIGHER),
        ("10", "12", "-5", LOWER),  # target on the other side of zero
    ],
)
def test_not_available_instead_of_dividing_by_zero(
    base: str, current: str, target: str, direction: Direction
) -> None:
    assert measure(base, current, target, direction)[0] is NOT_AVAILABLE


def test_target_equal_to_base_not_met_is_deterioration() -> None:
    assert measure("100", "95", "100")[0] is DETERIORATION
    assert measure("100", "100", "100")[0] is ACHIEVED


def test_needs_two_time_points() -> None:
    result = open_sdg_measure(
        base_value=D("100"),
        base_year=2020,
        target=D("120"),
        target_year=2025,
        direction=HIGHER,
        figures={2020: D("100")},
        year=2022,
    )
    assert result.status is NOT_AVAILABLE


def test_first_year_with_data_stands_in_for_a_missing_base_value() -> None:
    result = open_sdg_measure(
        base_value=None,
        base_year=2020,
        target=D("240"),
        target_year=2025,
        direction=HIGHER,
        figures={2021: D("100"), 2023: D("150"), 2024: D("NaN")},
        year=2024,
    )
    assert (result.base_year, result.base_value) == (2021, D("100"))
    assert (result.current_year, result.current_value) == (2023, D("150"))
    assert result.status is MODERATE  # 22.47 % observed / 24.47 % required = 0.92


def test_from_a_plan_indicator_spec() -> None:
    spec = IndicatorSpec(
        direction=HIGHER,
        measure=Measure.LEVEL,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=D("89.72"),
        target=parse_target("91"),
        name="常住人口城镇化率",
    )
    result = open_sdg_progress(spec, {2021: D("90.0"), 2022: D("90.5")}, 2022)
    assert result.target == D("91")
    assert result.status is SUBSTANTIAL
    for text in ("复合增速对标法", "89.72", "90.5", "91"):
        assert text in result.explanation


def test_rates_are_not_measured() -> None:
    spec = IndicatorSpec(
        direction=HIGHER,
        measure=Measure.RATE,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=D("3.1"),
        target=parse_target("-"),
        annual=parse_target("5.5", column=Column.ANNUAL),
    )
    assert open_sdg_progress(spec, {2021: D("6")}, 2021).status is NOT_AVAILABLE


def test_thresholds_are_settings() -> None:
    lenient = OpenSdgThresholds(high=D("0.5"))
    result = open_sdg_measure(
        base_value=D("100"),
        base_year=2015,
        target=D("200"),
        target_year=2030,
        direction=HIGHER,
        figures={2020: D("115")},
        year=2020,
        thresholds=lenient,
    )
    assert result.status is SUBSTANTIAL


def test_labels() -> None:
    assert {s: s.label for s in OpenSdgStatus} == {
        ACHIEVED: "目标已实现",
        SUBSTANTIAL: "进展显著",
        MODERATE: "进展中等",
        NEGLIGIBLE: "进展有限",
        DETERIORATION: "出现倒退",
        NOT_AVAILABLE: "无法评估",
    }
