"""预计期末值 and 能否完成: each method on a table of cases, and its properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.domain.evaluation import Direction, IndicatorSpec, Measure
from indicators.domain.forecasting import ForecastMethod, ForecastThresholds, Outlook, forecast
from indicators.domain.targets import Column, parse_target

D = Decimal
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spec(
    measure: Measure,
    target: str,
    annual: str | None = None,
    *,
    baseline: str | None = None,
    direction: Direction = Direction.HIGHER,
    name: str = "",
    unit: str = "",
    growth_rate: bool = True,
) -> IndicatorSpec:
    return IndicatorSpec(
        direction=direction,
        measure=measure,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=None if baseline is None else D(baseline),
        target=parse_target(target, indicator_name=name),
        annual=None if annual is None else parse_target(annual, column=Column.ANNUAL, indicator_name=name),
        name=name,
        unit=unit,
        growth_rate=growth_rate,
    )


URBANISATION = spec(Measure.LEVEL, "91", baseline="89.72", unit="%")
INSURED = spec(Measure.LEVEL, "-", "1.5", baseline="24.02", unit="万人")  # 参保人数 at 1.5 %/year
GDP_GROWTH = spec(Measure.RATE, "-", "5.5", unit="%")
UNEMPLOYMENT = spec(Measure.LEVEL, "-", "<5.5", baseline="3.2", direction=Direction.LOWER, unit="%")
JOBS = spec(Measure.CUMULATIVE, "-", "[6]", unit="万人")
ENERGY = spec(Measure.REDUCTION, "-", "[13.5]", name="单位地区生产总值能源消耗降低", unit="%")


@pytest.mark.parametrize(
    ("s", "figures", "method", "projected", "outlook"),
    [
        # 89.72 → 90.36 in two years: +0.32/year → 91.32 in 2025.
        (URBANISATION, {2021: "90.04", 2022: "90.36"}, ForecastMethod.LINEAR_TREND, "91.32", Outlook.LIKELY),
        # +0.16/year → 90.52: (90.52 − 89.72)/(91 − 89.72) = 62.5 %.
        (URBANISATION, {2022: "90.04"}, ForecastMethod.LINEAR_TREND, "90.52", Outlook.UNLIKELY),
        (GDP_GROWTH, {2021: "5.5", 2022: "5.5"}, ForecastMethod.AVERAGE_RATE, "5.5", Outlook.LIKELY),
        (GDP_GROWTH, {2021: "5", 2022: "5"}, ForecastMethod.AVERAGE_RATE, "5", Outlook.DIFFICULT),  # 90.9 %
        (GDP_GROWTH, {2021: "4", 2022: "4"}, ForecastMethod.AVERAGE_RATE, "4", Outlook.UNLIKELY),
        (UNEMPLOYMENT, {2021: "5.0", 2022: "5.4"}, ForecastMethod.AVERAGE_RATE, "5.2", Outlook.LIKELY),
        (UNEMPLOYMENT, {2021: "5.7", 2022: "5.9"}, ForecastMethod.AVERAGE_RATE, "5.8", Outlook.DIFFICULT),
        (JOBS, {2021: "1.2", 2022: "1.2"}, ForecastMethod.SUM, "6.0", Outlook.LIKELY),
        (JOBS, {2021: "1.1", 2022: "1.1"}, ForecastMethod.SUM, "5.5", Outlook.DIFFICULT),
        (JOBS, {2021: "1.0", 2022: "1.1"}, ForecastMethod.SUM, "5.25", Outlook.UNLIKELY),
    ],
)
def test_methods(
    s: IndicatorSpec, figures: dict[int, str], method: ForecastMethod, projected: str, outlook: Outlook
) -> None:
    result = forecast(s, {y: D(v) for y, v in figures.items()}, 2022)
    assert result.method is method
    assert result.projected == D(projected)
    assert result.outlook is outlook
    assert method.label in result.explanation
    assert result.explanation.endswith(f"判断为“{outlook.label}”。")


def test_compound_growth_of_a_level_with_a_growth_target() -> None:
    result = forecast(INSURED, {2022: D("24.02") * D("1.02") ** 2}, 2022)
    assert result.method is ForecastMethod.COMPOUND_GROWTH
    assert abs(result.projected - D("24.02") * D("1.02") ** 5) < D("1E-20")  # type: ignore[operator]
    assert result.outlook is Outlook.LIKELY


def test_compounded_reduction() -> None:
    result = forecast(ENERGY, {2021: D("3"), 2022: D("3")}, 2022)
    assert result.method is ForecastMethod.COMPOUNDED_REDUCTION
    expected = (1 - D("0.97") ** 5) * 100  # 14.13 %
    assert abs(result.projected - expected) < D("1E-20")  # type: ignore[operator]
    assert result.outlook is Outlook.LIKELY


@pytest.mark.parametrize(
    ("s", "figures"),
    [
        (URBANISATION, {}),
        (spec(Measure.LEVEL, "显著提升"), {2021: "1"}),
        (spec(Measure.RATE, "-", "与地区生产总值增速同步"), {2021: "6"}),
        (spec(Measure.LEVEL, "91"), {2022: "90"}),  # one point, no baseline: no trend
    ],
)
def test_unknown_when_nothing_can_be_projected(s: IndicatorSpec, figures: dict[int, str]) -> None:
    result = forecast(s, {y: D(v) for y, v in figures.items()}, 2022)
    assert (result.outlook, result.projected, result.method) == (Outlook.UNKNOWN, None, None)


def test_figures_after_the_year_are_not_used() -> None:
    early = forecast(URBANISATION, {2021: D("90.04"), 2023: D("80")}, 2021)
    assert early.projected == D("91.32")


def test_thresholds_are_settings() -> None:
    figures = {2021: D("5"), 2022: D("5")}
    assert forecast(GDP_GROWTH, figures, 2022).outlook is Outlook.DIFFICULT
    lenient = ForecastThresholds(likely=D("0.9"), difficult=D("0.8"))
    assert forecast(GDP_GROWTH, figures, 2022, thresholds=lenient).outlook is Outlook.LIKELY


# --- properties ------------------------------------------------------------------------------------

value = st.decimals(min_value=D("1"), max_value=D("1000"), places=2)
rate = st.decimals(min_value=D("-20"), max_value=D("30"), places=2)
step = st.decimals(min_value=D("0"), max_value=D("50"), places=2)
years = st.integers(2021, 2025)
OUTLOOK_ORDER = [Outlook.UNLIKELY, Outlook.DIFFICULT, Outlook.LIKELY]


@FAST
@given(
    s=st.sampled_from([URBANISATION, INSURED, GDP_GROWTH, JOBS, ENERGY]),
    values=st.lists(st.decimals(min_value=D("0.5"), max_value=D("12"), places=2), min_size=3, max_size=3),
    which=st.integers(min_value=0, max_value=2),
    raise_by=step,
)
def test_monotone_in_the_figures(
    s: IndicatorSpec, values: list[Decimal], which: int, raise_by: Decimal
) -> None:
    """A higher figure (higher is better) never lowers the projection, the completion or the outlook."""
    if s.measure is Measure.LEVEL:
        values = [s.baseline + v for v in values]  # type: ignore[operator]
    figures = dict(zip((2021, 2022, 2023), values, strict=True))
    raised = {**figures, 2021 + which: figures[2021 + which] + raise_by}
    low, high = forecast(s, figures, 2023), forecast(s, raised, 2023)
    assert low.projected is not None and high.projected is not None
    assert high.projected >= low.projected
    assert high.completion >= low.completion  # type: ignore[operator]
    assert OUTLOOK_ORDER.index(high.outlook) >= OUTLOOK_ORDER.index(low.outlook)


@FAST
@given(
    baseline=value,
    slope=st.decimals(min_value=D("-5"), max_value=D("5"), places=2),
    last=st.integers(2021, 2025),
)
def test_exact_on_a_straight_path(baseline: Decimal, slope: Decimal, last: int) -> None:
    s = spec(Measure.LEVEL, str(baseline + 5 * slope + 1), baseline=str(baseline))
    figures = {y: baseline + slope * (y - 2020) for y in range(2021, last + 1)}
    assert forecast(s, figures, last).projected == baseline + slope * 5


@FAST
@given(
    baseline=value,
    growth=st.decimals(min_value=D("-10"), max_value=D("15"), places=1),
    last=st.integers(2021, 2025),
)
def test_exact_on_a_compound_path(baseline: Decimal, growth: Decimal, last: int) -> None:
    s = spec(Measure.LEVEL, "-", str(growth), baseline=str(baseline))
    factor = 1 + growth / 100
    figures = {y: baseline * factor ** (y - 2020) for y in range(2021, last + 1)}
    projected = forecast(s, figures, last).projected
    assert projected is not None
    assert abs(projected - baseline * factor**5) <= abs(baseline * factor**5) * D("1E-20")


@FAST
@given(rates=st.lists(rate, min_size=1, max_size=5))
def test_exact_on_a_constant_rate(rates: list[Decimal]) -> None:
    constant = rates[0]
    figures = {2021 + i: constant for i in range(len(rates))}
    projected = forecast(spec(Measure.RATE, "-", "5", growth_rate=False), figures, 2025).projected
    assert projected == constant
