"""The evaluation engine: every measure × direction × comparator, and the edge cases of DOMAIN.md.

Scenarios use the seeds' own indicators and numbers where they exist (城镇化率 89.72 → 91,
参保人数 24.02 → 25.82 at 1.5 %, 森林覆盖率 39.44 → 39.44, 粮食 2.23 → "2万吨以上" …).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicators.domain.evaluation import (
    Direction,
    Evaluation,
    GoalMode,
    IndicatorSpec,
    Measure,
    Status,
    Thresholds,
    evaluate,
    resolve_goal,
)
from indicators.domain.targets import Column, Comparator, Target, TargetKind, parse_target

D = Decimal
HIGHER, LOWER, MAINTAIN = Direction.HIGHER, Direction.LOWER, Direction.MAINTAIN
ACHIEVED_EARLY, AHEAD, ON_TRACK = Status.ACHIEVED_EARLY, Status.AHEAD, Status.ON_TRACK
LAGGING, NOT_MET, PENDING, NO_DATA = Status.LAGGING, Status.NOT_MET, Status.PENDING, Status.NO_DATA


def spec(
    direction: Direction = HIGHER,
    measure: Measure = Measure.LEVEL,
    baseline: str | None = None,
    target: str | None = None,
    annual: str | None = None,
    *,
    binding: bool = False,
    base_year: int = 2020,
    target_year: int = 2025,
    name: str = "",
    unit: str = "",
    column: Column = Column.TARGET,
    growth_rate: bool = True,
) -> IndicatorSpec:
    return IndicatorSpec(
        direction=direction,
        measure=measure,
        binding=binding,
        base_year=base_year,
        target_year=target_year,
        baseline=None if baseline is None else D(baseline),
        target=parse_target(target, column=column, indicator_name=name),
        annual=None if annual is None else parse_target(annual, column=Column.ANNUAL, indicator_name=name),
        name=name,
        unit=unit,
        growth_rate=growth_rate,
    )


def figures(**values: str) -> dict[int, Decimal]:
    """figures(y2021="90.1") → {2021: Decimal("90.1")}"""
    return {int(key[1:]): D(value) for key, value in values.items()}


def run(s: IndicatorSpec, figs: dict[int, Decimal], year: int, **kwargs: Any) -> Evaluation:
    result = evaluate(s, figs, year, **kwargs)
    assert result.year == year
    verdict = "已完成" if result.completed else result.status.label
    assert result.explanation.endswith(f"判定为“{verdict}”。")
    return result


# --- labels and order -------------------------------------------------------------------------


def test_status_labels_are_the_published_class_names() -> None:
    assert {status: status.label for status in Status} == {
        ACHIEVED_EARLY: "提前实现",
        AHEAD: "快于预期",
        ON_TRACK: "基本符合预期",
        LAGGING: "滞后",
        NOT_MET: "未达标",
        PENDING: "待评定",
        NO_DATA: "无数据",
    }


def test_threshold_defaults_are_documented_values() -> None:
    thresholds = Thresholds()
    assert thresholds.on_track_margin == D("0.05")
    assert thresholds.ahead_margin == D("0.10")
    assert thresholds.approx_tolerance == D("0.05")


# --- levels: straight line, both directions, every comparator -----------------------------------

URBANISATION = spec(HIGHER, baseline="89.72", target="91", name="常住人口城镇化率", unit="%")
PM25 = spec(LOWER, baseline="45", target="35", name="PM2.5浓度", unit="微克/立方米")


@pytest.mark.parametrize(
    ("s", "actual", "year", "status", "rule"),
    [
        # 89.72 → 91, 2022: time progress 40 %, expected 90.232
        (URBANISATION, "90.5", 2022, AHEAD, "level_linear"),  # completion 60.9 %
        (URBANISATION, "90.25", 2022, ON_TRACK, "level_linear"),  # 41.4 %
        (URBANISATION, "90.20", 2022, ON_TRACK, "level_linear"),  # 37.5 %: within 5 points
        (URBANISATION, "90.0", 2022, LAGGING, "level_linear"),  # 21.9 %
        (URBANISATION, "89.5", 2022, LAGGING, "level_linear"),  # went backwards
        (URBANISATION, "91", 2022, ACHIEVED_EARLY, "achieved_early"),
        (URBANISATION, "91.3", 2024, ACHIEVED_EARLY, "achieved_early"),
        (URBANISATION, "91", 2025, ON_TRACK, "final_met"),
        (URBANISATION, "90.99", 2025, NOT_MET, "final_not_met"),
        # lower is better, mirrored: 45 → 35, 2022 expected 41
        (PM25, "39", 2022, AHEAD, "level_linear"),  # completion 60 %
        (PM25, "41", 2022, ON_TRACK, "level_linear"),
        (PM25, "42", 2022, LAGGING, "level_linear"),  # 30 %
        (PM25, "35", 2023, ACHIEVED_EARLY, "achieved_early"),
        (PM25, "35.1", 2025, NOT_MET, "final_not_met"),
        (PM25, "34", 2025, ON_TRACK, "final_met"),
    ],
)
def test_level_straight_line(s: IndicatorSpec, actual: str, year: int, status: Status, rule: str) -> None:
    result = run(s, {year: D(actual)}, year)
    assert (result.status, result.rule) == (status, rule)
    assert result.actual == D(actual)


def test_level_numbers_and_explanation() -> None:
    result = run(URBANISATION, figures(y2021="90.0", y2022="90.5"), 2022)
    assert result.time_progress == D("0.4")
    assert result.expected == D("90.232")
    assert result.completion == D("0.609375")
    assert result.target_value == D("91")
    for text in (
        "常住人口城镇化率",
        "89.72",
        "91",
        "90.232",
        "90.5",
        "60.9%",
        "40.0%",
        "快于预期",
        "直线路径",
    ):
        assert text in result.explanation


@pytest.mark.parametrize(
    ("direction", "target", "baseline", "actual", "status"),
    [
        (HIGHER, "达到240", "200", "230", AHEAD),  # 75 % at 40 %
        (HIGHER, "240以上", "200", "212", LAGGING),  # 30 % < 35 %
        (HIGHER, ">240", "200", "240", AHEAD),  # strictly greater: 240 is not yet met
        (HIGHER, ">240", "200", "240.1", ACHIEVED_EARLY),
        (HIGHER, "不少于240", "200", "240", ACHIEVED_EARLY),
        (LOWER, "不超过35", "45", "35", ACHIEVED_EARLY),
        (LOWER, "小于35", "45", "35", AHEAD),  # strictly less: 35 is not yet met
        (LOWER, "小于35", "45", "34.9", ACHIEVED_EARLY),
        (LOWER, "35以内", "45", "44", LAGGING),
        (MAINTAIN, "240", "200", "240", ACHIEVED_EARLY),  # maintain = must not fall: a floor
    ],
)
def test_level_comparators(
    direction: Direction, target: str, baseline: str, actual: str, status: Status
) -> None:
    result = run(spec(direction, baseline=baseline, target=target), {2022: D(actual)}, 2022)
    assert result.status is status


def test_explicit_comparator_wins_over_direction() -> None:
    # A lower-is-better indicator whose cell says "以上" is judged as the floor the cell states.
    result = run(spec(LOWER, baseline="1", target="2以上"), {2022: D("2.5")}, 2022)
    assert result.status is ACHIEVED_EARLY


# --- keep-it floors and ceilings ------------------------------------------------------------------

GRAIN = spec(HIGHER, baseline="2.23", target="2万吨以上", binding=True, name="粮食综合生产能力", unit="万吨")
FOREST = spec(MAINTAIN, baseline="39.44", target="39.44", binding=True, name="森林覆盖率", unit="%")
UNEMPLOYMENT = spec(LOWER, baseline="1.8", target="3.5", name="城镇登记失业率", unit="%")


@pytest.mark.parametrize(
    ("s", "figs", "year", "status", "rule"),
    [
        (GRAIN, figures(y2021="2.3"), 2021, ON_TRACK, "keep_held"),
        (GRAIN, figures(y2021="2.0"), 2021, ON_TRACK, "keep_held"),  # ≥ 2 holds
        (GRAIN, figures(y2021="3.5"), 2021, ON_TRACK, "keep_held"),  # never "achieved early"
        (GRAIN, figures(y2021="1.9"), 2021, NOT_MET, "binding_broken"),
        (GRAIN, figures(y2021="1.9", y2022="2.3", y2023="2.4"), 2023, NOT_MET, "binding_broken"),
        (GRAIN, figures(y2021="2.3", y2025="2.1"), 2025, ON_TRACK, "keep_held"),
        (FOREST, figures(y2021="39.44"), 2021, ON_TRACK, "keep_held"),
        (FOREST, figures(y2021="39.5", y2022="39.6"), 2022, ON_TRACK, "keep_held"),
        (FOREST, figures(y2021="39.5", y2022="39.40", y2023="39.6"), 2023, NOT_MET, "binding_broken"),
        (UNEMPLOYMENT, figures(y2022="2.9"), 2022, ON_TRACK, "keep_held"),  # ceiling 3.5 held
        (UNEMPLOYMENT, figures(y2022="3.6"), 2022, LAGGING, "keep_broken"),  # expected (预期性)
        (UNEMPLOYMENT, figures(y2022="3.6", y2023="3.0"), 2023, ON_TRACK, "keep_held"),
        (UNEMPLOYMENT, figures(y2025="3.6"), 2025, NOT_MET, "keep_broken"),
    ],
)
def test_keep_it_targets(
    s: IndicatorSpec, figs: dict[int, Decimal], year: int, status: Status, rule: str
) -> None:
    result = run(s, figs, year)
    assert (result.status, result.rule) == (status, rule)


def test_binding_broken_names_the_year_and_value() -> None:
    result = run(FOREST, figures(y2021="39.5", y2022="39.40", y2023="39.6"), 2023)
    assert "2022年" in result.explanation
    assert "39.4" in result.explanation
    assert "约束性" in result.explanation


def test_floor_not_held_at_baseline_and_now_met_is_achieved_early() -> None:
    grain = spec(HIGHER, baseline="1.8", target="2万吨以上", binding=True)
    assert run(grain, {2022: D("2.1")}, 2022).status is ACHIEVED_EARLY
    # not yet met while approaching it is progress, not a broken binding floor
    assert run(grain, {2022: D("1.9")}, 2022).status in (ON_TRACK, AHEAD)


def test_ceiling_expression_as_baseline() -> None:
    # 003 row 9: baseline "4.5%以内", target "4.5%以内": a ceiling kept since the baseline
    baseline = parse_target("4.5%以内", column=Column.BASELINE).value
    assert baseline == D("4.5")
    s = spec(LOWER, baseline=str(baseline), target="4.5%以内", name="城镇登记失业率")
    assert run(s, {2022: D("4.4")}, 2022).status is ON_TRACK
    assert run(s, {2022: D("4.6")}, 2022).status is LAGGING


@pytest.mark.parametrize(
    ("actual", "status", "rule"),
    [("99", ON_TRACK, "keep_held"), ("99.5", ON_TRACK, "keep_held"), ("98.5", LAGGING, "keep_broken")],
)
def test_baseline_equals_target(actual: str, status: Status, rule: str) -> None:
    # 000 初中毕业生升学率 99 → 99
    s = spec(HIGHER, baseline="99", target="99", name="初中毕业生升学率")
    result = run(s, {2022: D(actual)}, 2022)
    assert (result.status, result.rule) == (status, rule)


def test_strict_target_equal_to_baseline_explains_instead_of_dividing_by_zero() -> None:
    s = spec(HIGHER, baseline="6.5", target=">6.5")
    result = run(s, {2022: D("6.5")}, 2022)
    assert (result.status, result.rule) == (LAGGING, "no_planned_change")
    assert result.completion is None
    assert run(s, {2022: D("6.6")}, 2022).status is ACHIEVED_EARLY


# --- approximate targets ----------------------------------------------------------------------------

LIFE = spec(HIGHER, baseline="79.38", target="80左右", name="人均预期寿命", unit="岁")


@pytest.mark.parametrize(
    ("actual", "year", "status"),
    [
        ("79.98", 2022, ACHIEVED_EARLY),  # within 5 % of the 0.62 planned change
        ("80.5", 2022, ACHIEVED_EARLY),  # beyond, in the better direction
        ("79.9", 2022, AHEAD),  # not yet within the band
        ("79.97", 2025, ON_TRACK),  # the band: 80 − 0.031
        ("79.9", 2025, NOT_MET),
    ],
)
def test_approx_level(actual: str, year: int, status: Status) -> None:
    assert run(LIFE, {year: D(actual)}, year).status is status


@pytest.mark.parametrize(
    ("actual", "status"), [("34", ON_TRACK), ("35.6", ON_TRACK), ("32.4", ON_TRACK), ("36", LAGGING)]
)
def test_approx_maintain_is_a_band(actual: str, status: Status) -> None:
    # 002: 森林覆盖率稳定在34%左右 (band ±5 % of 34 = 1.7)
    s = spec(MAINTAIN, baseline="34", target="稳定在34%左右", column=Column.PROSE)
    assert run(s, {2022: D(actual)}, 2022).status is status


def test_approx_tolerance_is_a_setting() -> None:
    thresholds = Thresholds(approx_tolerance=D("0.5"))  # ±0.31 around 80
    assert run(LIFE, {2025: D("79.7")}, 2025, thresholds=thresholds).status is ON_TRACK
    assert run(LIFE, {2025: D("79.7")}, 2025).status is NOT_MET


# --- levels with a yearly growth figure: compound path --------------------------------------------

PENSION = spec(
    HIGHER, baseline="24.02", target="25.82", annual="1.5", name="基本养老保险参保人数", unit="万人"
)


def test_compound_path_expected_value() -> None:
    result = run(PENSION, {2022: D("24.75")}, 2022)
    assert result.rule == "level_compound"
    assert result.expected == D("24.02") * D("1.015") ** 2
    assert result.status is ON_TRACK
    assert "复利" in result.explanation
    assert "24.746" in result.explanation


@pytest.mark.parametrize(
    ("actual", "status"), [("24.6", LAGGING), ("25.0", AHEAD), ("25.82", ACHIEVED_EARLY)]
)
def test_compound_path_statuses(actual: str, status: Status) -> None:
    assert run(PENSION, {2022: D(actual)}, 2022).status is status


def test_target_derived_from_growth_when_target_cell_blank() -> None:
    # 004-style: baseline 11.3 with a 1.03 % yearly growth and no target cell
    s = spec(HIGHER, baseline="11.3", target="", annual="1.03", base_year=2025, target_year=2030)
    goal = resolve_goal(s)
    assert goal.mode is GoalMode.LEVEL
    assert goal.derived == "compound"
    assert goal.value == D("11.3") * D("1.0103") ** 5


def test_target_derived_from_cumulative_change() -> None:
    # 003: 常住人口城镇化率 95.90, target "——" would be unusual, but [0.05] gives 95.95
    s = spec(HIGHER, baseline="95.90", target="——", annual="[0.05]")
    goal = resolve_goal(s)
    assert (goal.mode, goal.value, goal.derived) == (GoalMode.LEVEL, D("95.95"), "change")
    assert run(s, {2021: D("95.91")}, 2021).status is ON_TRACK


@pytest.mark.parametrize("baseline", ["0", "-5"])
def test_compound_path_needs_a_positive_base(baseline: str) -> None:
    s = spec(HIGHER, baseline=baseline, target="10", annual="5")
    result = run(s, {2022: D("4")}, 2022)
    assert result.rule == "level_linear"
    assert "直线" in result.explanation
    assert result.expected == D(baseline) + (D(10) - D(baseline)) * D("0.4")


def test_negative_baseline_straight_line() -> None:
    s = spec(HIGHER, baseline="-5", target="5")
    result = run(s, {2022: D("0")}, 2022)
    assert result.completion == D("0.5")
    assert result.expected == D("-1.0")
    assert result.status is ON_TRACK  # 10 points ahead is not *more* than the margin
    assert run(s, {2022: D("1")}, 2022).status is AHEAD


# --- rates ---------------------------------------------------------------------------------------------

GDP = spec(HIGHER, Measure.RATE, baseline="3.1", target="-", annual="5.5", name="地区生产总值增速", unit="%")


@pytest.mark.parametrize(
    ("figs", "year", "status"),
    [
        (figures(y2021="5.6"), 2021, ON_TRACK),
        (figures(y2021="5.3"), 2021, ON_TRACK),  # −3.6 %: within the margin
        (figures(y2021="7"), 2021, AHEAD),  # +27 %
        (figures(y2021="4"), 2021, LAGGING),
        # one bad year does not make the plan lag: judged on the compound average
        (figures(y2021="8.0", y2022="3.0"), 2022, ON_TRACK),
        (figures(y2021="7", y2022="4"), 2022, ON_TRACK),
        (figures(y2021="4", y2022="4.5"), 2022, LAGGING),
        (figures(y2021="5.5", y2022="5.5", y2023="5.5", y2024="5.5", y2025="5.5"), 2025, ON_TRACK),
        (figures(y2021="5.5", y2022="5.5", y2023="5.5", y2024="5.5", y2025="5.4"), 2025, NOT_MET),
    ],
)
def test_rate_average(figs: dict[int, Decimal], year: int, status: Status) -> None:
    assert run(GDP, figs, year).status is status


def test_rate_numbers_and_explanation() -> None:
    result = run(GDP, figures(y2021="8.0", y2022="3.0"), 2022)
    average = ((D("1.08") * D("1.03")) ** (D(1) / 2) - 1) * 100
    assert result.assessed == average
    assert result.actual == D("3.0")
    assert result.expected == D("5.5")
    assert result.rule == "rate_average"
    for text in ("2022年实际值3%", "未达到目标5.5%", "几何平均", "5.4704"):
        assert text in result.explanation


@pytest.mark.parametrize(
    ("annual", "figs", "year", "status"),
    [
        (">5.5", figures(y2021="5.5"), 2021, ON_TRACK),  # short by 0: within margin
        (">5.5", figures(y2021="5.5", y2022="5.5", y2023="5.5", y2024="5.5", y2025="5.5"), 2025, NOT_MET),
        (">5.5", figures(y2021="5.6", y2022="5.6", y2023="5.6", y2024="5.6", y2025="5.6"), 2025, ON_TRACK),
        ("7.5左右", figures(y2021="7.2"), 2021, ON_TRACK),  # tolerance 0.375
        ("7.5左右", figures(y2021="9"), 2021, AHEAD),
        ("7.5左右", figures(y2021="6.5"), 2021, LAGGING),
        ("7.5左右", figures(y2021="7.2", y2022="7.2", y2023="7.2", y2024="7.2", y2025="7.2"), 2025, ON_TRACK),
    ],
)
def test_rate_comparators(annual: str, figs: dict[int, Decimal], year: int, status: Status) -> None:
    s = spec(HIGHER, Measure.RATE, annual=annual, target="-")
    assert run(s, figs, year).status is status


@pytest.mark.parametrize(
    ("annual", "actual", "status"),
    [("3", "2.5", AHEAD), ("3", "3.1", ON_TRACK), ("3", "3.5", LAGGING), ("<3", "2.9", ON_TRACK)],
)
def test_rate_lower_is_better(annual: str, actual: str, status: Status) -> None:
    s = spec(LOWER, Measure.RATE, annual=annual, target="-", growth_rate=False)
    assert run(s, {2021: D(actual)}, 2021).status is status


def test_rate_target_in_the_target_column_and_in_prose() -> None:
    prose = spec(HIGHER, Measure.RATE, target="年均增长5%以上", column=Column.PROSE)
    assert resolve_goal(prose).value == D("5")
    assert run(prose, {2021: D("5.1")}, 2021).status is ON_TRACK


def test_rate_arithmetic_average_when_not_a_growth_rate() -> None:
    s = spec(HIGHER, Measure.RATE, annual="60", target="-", growth_rate=False)
    result = run(s, figures(y2021="50", y2022="70"), 2022)
    assert result.assessed == D("60")
    assert "算术平均" in result.explanation


def test_rate_missing_year_is_reported() -> None:
    result = run(GDP, figures(y2021="6", y2023="6"), 2023)
    assert result.missing_years == (2022,)
    assert "缺2022年数据" in result.explanation
    assert result.status is ON_TRACK


def test_rate_collapse_of_100_percent_or_more_does_not_break_the_average() -> None:
    result = run(GDP, figures(y2021="-100", y2022="5"), 2022)
    assert result.assessed == D(-100)
    assert result.status is LAGGING
    assert run(GDP, figures(y2021="-250"), 2021).assessed == D(-100)


def test_rate_zero_target_has_no_ratio() -> None:
    s = spec(HIGHER, Measure.RATE, annual="0", target="-")
    result = run(s, {2021: D("0.5")}, 2021)
    assert result.completion is None
    assert result.status is ON_TRACK
    assert run(s, {2021: D("-0.5")}, 2021).status is LAGGING


# --- cumulative totals and reductions ---------------------------------------------------------------------

JOBS = spec(HIGHER, Measure.CUMULATIVE, target="累计新增就业6万人", column=Column.PROSE, unit="万人")


@pytest.mark.parametrize(
    ("figs", "year", "status"),
    [
        (figures(y2021="1.3", y2022="1.2"), 2022, ON_TRACK),  # 2.5 vs 2.4 expected
        (figures(y2021="2.0", y2022="1.5"), 2022, AHEAD),  # 3.5: +18 points
        (figures(y2021="1.0", y2022="0.8"), 2022, LAGGING),  # 1.8: −10 points
        (figures(y2021="3.0", y2022="3.0"), 2022, ACHIEVED_EARLY),
        (figures(y2021="1.2", y2022="1.2", y2023="1.2", y2024="1.2", y2025="1.1"), 2025, NOT_MET),
        (figures(y2021="1.2", y2022="1.2", y2023="1.2", y2024="1.2", y2025="1.2"), 2025, ON_TRACK),
    ],
)
def test_cumulative_total(figs: dict[int, Decimal], year: int, status: Status) -> None:
    result = run(JOBS, figs, year)
    assert result.status is status
    assert result.rule == "cumulative_share"


def test_cumulative_numbers() -> None:
    result = run(JOBS, figures(y2021="1.3", y2022="1.2"), 2022)
    assert result.assessed == D("2.5")
    assert result.expected == D("2.4")
    assert result.completion == D("2.5") / D(6)
    for text in ("2.5万人", "6万人", "2.4万人", "40.0%"):
        assert text in result.explanation


def test_cumulative_from_bracket_column() -> None:
    s = spec(HIGHER, Measure.CUMULATIVE, baseline="28.5", target="38.5", annual="[10]")
    assert resolve_goal(s).value == D("10")


def test_cumulative_per_year_figure_becomes_a_total() -> None:
    s = spec(HIGHER, Measure.CUMULATIVE, target="-", annual="1.2")
    goal = resolve_goal(s)
    assert (goal.value, goal.derived) == (D("6.0"), "per_year")


@pytest.mark.parametrize(
    ("figs", "year", "status"),
    [
        (figures(y2021="1", y2022="1"), 2022, AHEAD),  # 2 of a cap of 10, time share 4
        (figures(y2021="2", y2022="2"), 2022, ON_TRACK),
        (figures(y2021="3", y2022="3"), 2022, LAGGING),  # using the cap too fast
        (figures(y2021="6", y2022="5"), 2022, NOT_MET),  # cap exceeded
        (figures(y2021="2", y2022="2", y2023="2", y2024="2", y2025="2"), 2025, ON_TRACK),
    ],
)
def test_cumulative_cap_lower_is_better(figs: dict[int, Decimal], year: int, status: Status) -> None:
    s = spec(LOWER, Measure.CUMULATIVE, target="不超过10")
    result = run(s, figs, year)
    assert (result.status, result.rule) == (status, "cumulative_cap")


ENERGY = spec(
    HIGHER, Measure.REDUCTION, target="——", annual="[13.5]", name="单位地区生产总值能耗降低", unit="%"
)


def test_reduction_compounds_yearly_reductions() -> None:
    result = run(ENERGY, figures(y2021="3", y2022="3"), 2022)
    assert result.assessed == D("5.91")  # 1 − 0.97²
    assert result.expected == D("5.40")
    assert result.status is ON_TRACK
    assert result.rule == "reduction_compound"
    for text in ("5.91", "13.5", "5.4", "1−Π(1−rᵢ)"):
        assert text in result.explanation


@pytest.mark.parametrize(
    ("rate", "status"),
    [("2.8", NOT_MET), ("2.9", ON_TRACK), ("3", ON_TRACK)],  # 1−0.972⁵ = 13.24; 0.971⁵ → 13.7
)
def test_reduction_final(rate: str, status: Status) -> None:
    figs = {year: D(rate) for year in range(2021, 2026)}
    assert run(ENERGY, figs, 2025).status is status


def test_reduction_direction_lower_is_read_as_bigger_reduction_better() -> None:
    s = spec(LOWER, Measure.REDUCTION, target="——", annual="[13.5]", name="单位地区生产总值能耗降低")
    assert run(s, figures(y2021="3", y2022="3"), 2022).status is ON_TRACK
    assert run(s, figures(y2021="5", y2022="5"), 2022).status is AHEAD


def test_reduction_total_from_a_yearly_rate() -> None:
    s = spec(HIGHER, Measure.REDUCTION, target="-", annual="3", name="单位地区生产总值能耗降低")
    goal = resolve_goal(s)
    assert goal.value == (1 - D("0.97") ** 5) * 100


def test_reduction_of_100_percent_or_more_caps_at_100() -> None:
    result = run(ENERGY, figures(y2021="150"), 2021)
    assert result.assessed == D(100)
    assert result.status is ACHIEVED_EARLY


# --- quotas -------------------------------------------------------------------------------------------------

ENERGY_QUOTA = spec(
    HIGHER,
    Measure.REDUCTION,
    target="完成市下达任务",
    annual="-",
    binding=True,
    name="单位地区生产总值能源消耗降低",
)
AIR_QUOTA = spec(LOWER, Measure.LEVEL, target="", annual="完成上级下达任务", binding=True, name="PM2.5浓度")


@pytest.mark.parametrize(
    ("s", "actual", "quota", "status"),
    [
        (ENERGY_QUOTA, "3", "2.8", ON_TRACK),
        (ENERGY_QUOTA, "2.5", "2.8", NOT_MET),
        (ENERGY_QUOTA, "3.2", "2.8", AHEAD),  # +14 %
        (AIR_QUOTA, "34", "35", ON_TRACK),
        (AIR_QUOTA, "36", "35", NOT_MET),
        (AIR_QUOTA, "30", "35", AHEAD),
    ],
)
def test_quota_evaluated_once_entered(s: IndicatorSpec, actual: str, quota: str, status: Status) -> None:
    result = run(s, {2022: D(actual)}, 2022, quotas={2022: D(quota)})
    assert (result.status, result.rule) == (status, "quota_year")
    assert result.expected == D(quota)
    assert quota in result.explanation


def test_quota_pending_until_entered() -> None:
    result = run(ENERGY_QUOTA, {2022: D("3")}, 2022, quotas={2021: D("2.8")})
    assert (result.status, result.rule) == (PENDING, "quota_pending")
    assert "下达任务数尚未录入" in result.explanation


def test_quota_without_figure_is_no_data() -> None:
    assert run(ENERGY_QUOTA, {}, 2022, quotas={2022: D("2.8")}).status is NO_DATA


# --- relative targets ---------------------------------------------------------------------------------------

INCOME = spec(HIGHER, Measure.RATE, baseline="3.4", target="——", annual="与地区生产总值增速同步", unit="%")


@pytest.mark.parametrize(
    ("own", "linked", "year", "status"),
    [
        # A relation holds or not: a large margin is not 快于预期, a small shortfall is not held.
        (figures(y2021="7.5", y2022="6"), figures(y2021="6", y2022="5"), 2022, ON_TRACK),
        (figures(y2021="6.5", y2022="5.0"), figures(y2021="7", y2022="5"), 2022, LAGGING),  # −4 %
        (figures(y2021="6", y2022="5"), figures(y2021="6", y2022="5"), 2022, ON_TRACK),
        (figures(y2021="4", y2022="3"), figures(y2021="7", y2022="5"), 2022, LAGGING),
        (figures(y2025="5.9"), figures(y2025="6"), 2025, NOT_MET),
        (figures(y2025="6"), figures(y2025="6"), 2025, ON_TRACK),
    ],
)
def test_relative_keeps_pace(
    own: dict[int, Decimal], linked: dict[int, Decimal], year: int, status: Status
) -> None:
    result = run(INCOME, own, year, linked=linked)
    assert result.status is status
    assert "地区生产总值增速" in result.explanation
    assert ("关系成立" if status is ON_TRACK else "关系未成立") in result.explanation


def test_relative_uses_only_years_both_have() -> None:
    result = run(INCOME, figures(y2021="9", y2022="5"), 2022, linked=figures(y2022="5"))
    assert result.assessed == D("5")
    assert result.expected == D("5")


def test_relative_without_linked_figure() -> None:
    result = run(INCOME, figures(y2022="5"), 2022, linked=figures(y2021="5"))
    assert (result.status, result.rule) == (NO_DATA, "relative_no_linked")


@pytest.mark.parametrize(
    ("target", "own", "other", "status"),
    [
        ("高于全市平均水平", "10", "9", ON_TRACK),
        ("高于全市平均水平", "9.6", "9.5", ON_TRACK),
        ("高于全市平均水平", "9", "9", LAGGING),  # not higher: the relation does not hold
        ("高于全市平均水平", "8", "9", LAGGING),
        ("与经济增长基本同步", "5.9", "6", ON_TRACK),
        ("与经济增长基本同步", "8", "6", LAGGING),  # out of step either way
        ("与经济增长基本同步", "4", "6", LAGGING),
    ],
)
def test_relative_comparators_on_levels(target: str, own: str, other: str, status: Status) -> None:
    s = spec(HIGHER, Measure.LEVEL, target=target, column=Column.PROSE)
    assert run(s, {2022: D(own)}, 2022, linked={2022: D(other)}).status is status


# --- qualitative targets and judgements ---------------------------------------------------------------------

QUALITATIVE = spec(HIGHER, target="显著提升")


@pytest.mark.parametrize(
    ("judgement", "year", "status"),
    [
        ("achieved", 2022, ACHIEVED_EARLY),
        ("achieved", 2025, ON_TRACK),
        ("已完成", 2022, ACHIEVED_EARLY),
        ("on_track", 2022, ON_TRACK),
        ("ahead", 2022, AHEAD),
        ("lagging", 2022, LAGGING),
        ("滞后", 2022, LAGGING),
        ("基本符合预期", 2022, ON_TRACK),
        ("not_met", 2025, NOT_MET),
        ("Not Met", 2025, NOT_MET),
        ("???", 2022, PENDING),
    ],
)
def test_judgements(judgement: str, year: int, status: Status) -> None:
    result = run(QUALITATIVE, {}, year, judgements={year: judgement})
    assert (result.status, result.rule) == (status, "judgement")
    assert judgement.strip() in result.explanation


def test_qualitative_without_judgement_is_pending() -> None:
    result = run(QUALITATIVE, {}, 2022)
    assert (result.status, result.rule) == (PENDING, "qualitative")


def test_judgement_fills_in_for_a_pending_quota() -> None:
    result = run(ENERGY_QUOTA, {2022: D("3")}, 2022, judgements={2022: "on_track"})
    assert (result.status, result.rule) == (ON_TRACK, "judgement")


def test_numbers_win_over_a_judgement() -> None:
    result = run(URBANISATION, {2022: D("90.5")}, 2022, judgements={2022: "lagging"})
    assert result.status is AHEAD


def test_target_not_set_is_pending() -> None:
    s = spec(HIGHER, baseline="5.5", target="—", annual="")
    result = run(s, {2026: D("5")}, 2026)
    assert (result.status, result.rule) == (PENDING, "target_not_set")


# --- periods, missing data, odd numbers ---------------------------------------------------------------------


def test_after_the_target_year_the_target_year_decides() -> None:
    result = run(URBANISATION, figures(y2025="91.1", y2026="90"), 2027)
    assert (result.status, result.rule) == (ON_TRACK, "final_met")
    assert result.time_progress == D(1)
    assert "目标年已过" in result.explanation
    assert run(URBANISATION, figures(y2025="90.5"), 2026).status is NOT_MET


@pytest.mark.parametrize("year", [2019, 2020])
def test_before_the_period(year: int) -> None:
    result = run(URBANISATION, figures(y2020="89.72"), year)
    assert (result.status, result.rule) == (NO_DATA, "before_period")
    assert result.time_progress is None


def test_missing_year_is_judged_on_the_latest_figure_and_says_which() -> None:
    result = run(URBANISATION, figures(y2021="90.1"), 2023)
    assert (result.status, result.rule, result.data_year, result.lagged) == (
        ON_TRACK,
        "level_linear",
        2021,
        True,
    )
    assert result.time_progress == D("0.2")  # the data year's own progress
    assert "2023年数据尚未审定，按最近的2021年数据评定" in result.explanation
    assert result.label == "基本符合预期（2021年数据）"


def test_no_figure_at_all_is_no_data() -> None:
    result = run(URBANISATION, {}, 2023)
    assert (result.status, result.rule, result.data_year) == (NO_DATA, "no_data", None)


def test_only_one_year_of_data() -> None:
    result = run(URBANISATION, figures(y2021="90.0"), 2021)
    assert result.time_progress == D("0.2")
    assert result.status is ON_TRACK  # 21.9 % vs 20 %


def test_annual_task_list_target_year_is_the_plan_year() -> None:
    # 001: "10场以上" for 2023, base year 2022, no baseline
    s = spec(HIGHER, target="10场以上", base_year=2022, target_year=2023, column=Column.PROSE, unit="场")
    assert run(s, {2023: D("12")}, 2023).status is ON_TRACK
    assert run(s, {2023: D("8")}, 2023).status is NOT_MET


def test_no_baseline_prose_target() -> None:
    s = spec(HIGHER, target="全区高新技术企业达到240 家", column=Column.PROSE, unit="家")
    assert run(s, {2022: D("200")}, 2022).status is PENDING
    met = run(s, {2022: D("250")}, 2022)
    assert (met.status, met.rule) == (ON_TRACK, "met_no_baseline")
    assert run(s, {2025: D("239")}, 2025).status is NOT_MET


@pytest.mark.parametrize(
    "bad",
    [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("-NaN")],
    ids=["nan", "snan", "inf", "-inf", "-nan"],
)
def test_non_finite_figures_count_as_missing(bad: Decimal) -> None:
    result = run(URBANISATION, {2022: bad}, 2022)
    assert result.status is NO_DATA
    nan_baseline = IndicatorSpec(
        direction=HIGHER,
        measure=Measure.LEVEL,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=bad,
        target=parse_target("91"),
    )
    assert run(nan_baseline, {2022: D("90")}, 2022).status is PENDING  # no usable baseline


def level_spec(baseline: str, target: str) -> IndicatorSpec:
    """A spec with values the parser would not accept (exponent notation)."""
    return IndicatorSpec(
        direction=HIGHER,
        measure=Measure.LEVEL,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=D(baseline),
        target=Target(raw=target, kind=TargetKind.LEVEL, comparator=Comparator.EQ, value=D(target)),
    )


def test_overflowing_inputs_are_reported_not_raised() -> None:
    s = level_spec("-9E+999999", "9E+999999")
    result = run(s, {2022: D("1")}, 2022)
    assert (result.status, result.rule) == (NO_DATA, "not_computable")


def test_huge_and_tiny_numbers_are_displayed() -> None:
    s = level_spec("1E+20", "2E+20")
    result = run(s, {2022: D("1.6E+20")}, 2022)
    assert result.status is AHEAD
    assert "E+20" in result.explanation


def test_thresholds_are_settings() -> None:
    strict = Thresholds(on_track_margin=D(0), ahead_margin=D("0.5"))
    assert run(URBANISATION, {2022: D("90.5")}, 2022, thresholds=strict).status is ON_TRACK
    assert run(URBANISATION, {2022: D("90.20")}, 2022, thresholds=strict).status is LAGGING
    bad = Thresholds(on_track_margin=D("NaN"), ahead_margin=D("-1"), approx_tolerance=D("Infinity"))
    assert run(URBANISATION, {2022: D("90.5")}, 2022, thresholds=bad).status is AHEAD  # defaults used


def test_sub_indicators_are_indicators() -> None:
    # 004: 每千人口拥有医护人员数 → 执业医师数 11.3 → 11.9 at 1.03 %
    doctors = spec(HIGHER, baseline="11.3", target="11.9", annual="1.03", base_year=2025, target_year=2030)
    result = run(doctors, {2027: D("11.55")}, 2027)
    assert result.rule == "level_compound"
    assert result.status is ON_TRACK


def test_goal_resolution_prefers_quota_and_relative() -> None:
    assert resolve_goal(ENERGY_QUOTA).mode is GoalMode.QUOTA
    assert resolve_goal(INCOME).mode is GoalMode.RELATIVE
    assert resolve_goal(INCOME).relative_to == "地区生产总值增速"
    assert resolve_goal(QUALITATIVE).mode is GoalMode.QUALITATIVE
    assert resolve_goal(spec(HIGHER, target="-")).mode is GoalMode.NOT_SET


def test_target_built_by_hand() -> None:
    target = Target(raw="", kind=TargetKind.LEVEL, comparator=Comparator.GE, value=D("10"))
    s = IndicatorSpec(
        direction=HIGHER,
        measure=Measure.LEVEL,
        binding=False,
        base_year=2020,
        target_year=2025,
        baseline=D("5"),
        target=target,
    )
    assert run(s, {2022: D("7")}, 2022).status is ON_TRACK
