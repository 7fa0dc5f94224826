"""The practice rules of official evaluations (DOMAIN.md, "Practice"; issue 14), one table per rule.

Cases come from the seeds where they occur (000 城镇登记失业率, 003 居民收入 与地区生产总值增速同步,
001's one-year task list) and are constructed where they do not (starred baselines, stretch clauses).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from indicators.domain.evaluation import (
    Direction,
    Evaluation,
    IndicatorSpec,
    Measure,
    Status,
    Thresholds,
    YearTarget,
    evaluate,
)
from indicators.domain.explain import num
from indicators.domain.targets import Column, Comparator, apply_footnote_years, parse_target

D = Decimal
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
ACHIEVED_EARLY, AHEAD, ON_TRACK = Status.ACHIEVED_EARLY, Status.AHEAD, Status.ON_TRACK
LAGGING, NOT_MET, PENDING, NO_DATA = Status.LAGGING, Status.NOT_MET, Status.PENDING, Status.NO_DATA
GE, APPROX = Comparator.GE, Comparator.APPROX


def spec(
    target: str = "-",
    annual: str | None = None,
    *,
    direction: Direction = HIGHER,
    measure: Measure = Measure.LEVEL,
    baseline: str | None = None,
    base_year: int = 2020,
    target_year: int = 2025,
    binding: bool = False,
    unit: str = "",
    name: str = "",
    baseline_year: int | None = None,
    linked_name: str = "",
    column: Column = Column.TARGET,
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
        baseline_year=baseline_year,
        linked_name=linked_name,
    )


def years(**values: str) -> dict[int, Decimal]:
    return {int(key[1:]): D(value) for key, value in values.items()}


def verdict(result: Evaluation) -> str:
    return result.explanation.rsplit("判定为“", 1)[1].rstrip("”。")


# --- base-year figure as baseline ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "year", "status", "rule"),
    [
        # Floor 80 not held at the base year (76), held now: achieved early.
        (years(y2020="76", y2022="81"), 2022, ACHIEVED_EARLY, "achieved_early"),
        # Held at the base year (82): a keep-it target, never "early".
        (years(y2020="82", y2022="83"), 2022, ON_TRACK, "keep_held"),
        # Progress measured from the base-year figure: 76 → 80, 2022 at 77 is 25 % vs 40 %.
        (years(y2020="76", y2022="77"), 2022, LAGGING, "level_linear"),
        # No base-year figure and no baseline: progress cannot be measured.
        (years(y2022="77"), 2022, PENDING, "no_baseline"),
    ],
)
def test_base_year_figure_is_the_baseline_where_the_table_has_none(
    figures: dict[int, Decimal], year: int, status: Status, rule: str
) -> None:
    result = evaluate(spec("80以上", baseline=None), figures, year)
    assert (result.status, result.rule) == (status, rule)
    if 2020 in figures:
        assert f"基期值取2020年审定数据{figures[2020]}" in result.explanation


def test_a_table_baseline_wins_over_the_base_year_figure() -> None:
    result = evaluate(spec("80以上", baseline="82"), years(y2020="76", y2022="81"), 2022)
    assert result.rule == "keep_held"
    assert "基期值取" not in result.explanation


# --- baselines of another year ---------------------------------------------------------------------


def test_starred_baseline_counts_time_from_its_own_year() -> None:
    baseline, target = apply_footnote_years(
        [parse_target("60.6*", column=Column.BASELINE), parse_target("70")], "注：带*的为2019年数据。"
    )
    assert (baseline.value, baseline.year, target.year) == (D("60.6"), 2019, None)
    s = spec("70", baseline=str(baseline.value), baseline_year=baseline.year)
    result = evaluate(s, years(y2022="65"), 2022)
    assert result.time_progress == D("0.5")  # (2022 − 2019) / (2025 − 2019)
    assert result.expected == D("65.3")
    assert result.status is ON_TRACK  # 46.8 % done, 50 % expected, within 5 points
    assert "基期值为2019年数据，时序进度自2019年起算" in result.explanation
    plain = evaluate(spec("70", baseline="60.6"), years(y2022="65"), 2022)
    assert plain.time_progress == D("0.4")


# --- relative targets ------------------------------------------------------------------------------

GDP = "地区生产总值增速"


@pytest.mark.parametrize(
    ("cell", "own", "linked", "year", "status"),
    [
        ("与地区生产总值增速同步", years(y2021="9", y2022="9"), years(y2021="5", y2022="5"), 2022, ON_TRACK),
        ("与地区生产总值增速同步", years(y2021="5", y2022="5"), years(y2021="5", y2022="5"), 2022, ON_TRACK),
        ("与地区生产总值增速同步", years(y2021="4.9", y2022="5"), years(y2021="5", y2022="5"), 2022, LAGGING),
        (
            "与地区生产总值增速基本同步",
            years(y2021="4.9", y2022="5"),
            years(y2021="5", y2022="5"),
            2022,
            ON_TRACK,
        ),
        ("高于GDP增长", years(y2021="5", y2022="5"), years(y2021="5", y2022="5"), 2022, LAGGING),
        ("高于GDP增长", years(y2025="7"), years(y2025="6"), 2025, ON_TRACK),
        ("高于GDP增长", years(y2025="5"), years(y2025="6"), 2025, NOT_MET),
        ("不低于地区生产总值增速", years(y2025="5"), years(y2025="6"), 2026, NOT_MET),
    ],
)
def test_a_relation_is_held_or_not(
    cell: str, own: dict[int, Decimal], linked: dict[int, Decimal], year: int, status: Status
) -> None:
    in_target = spec(cell, measure=Measure.RATE, unit="%", linked_name=GDP)
    in_annual = spec("-", cell, measure=Measure.RATE, unit="%", linked_name=GDP)
    for s in (in_target, in_annual):
        result = evaluate(s, own, year, linked=linked)
        assert result.status is status, result.explanation
        assert result.status is not AHEAD
        # The explanation names the other indicator and both figures.
        assert result.assessed is not None and result.target_value is not None
        assert f"{num(result.assessed)}%，{GDP}为{num(result.target_value)}%" in result.explanation


def test_relation_in_the_annual_column_of_a_level_compares_its_growth() -> None:
    # 居民人均可支配收入 (元) 40000 → …, 年均 "与经济增长同步": its growth against GDP growth.
    s = spec("-", "与经济增长同步", baseline="40000", unit="元", linked_name="地区生产总值增速")
    held = evaluate(s, years(y2021="42400", y2022="44944"), 2022, linked=years(y2021="6", y2022="6"))
    assert (held.status, held.rule) == (ON_TRACK, "relative_held")
    assert "本指标年均增长6%" in held.explanation
    short = evaluate(s, years(y2021="41600", y2022="43264"), 2022, linked=years(y2021="6", y2022="6"))
    assert (short.status, short.rule) == (LAGGING, "relative_not_held")


# --- rates set year by year ------------------------------------------------------------------------

YEARLY = spec("保持在合理区间、各年度视情提出", measure=Measure.RATE, unit="%")
SET = {2021: YearTarget(GE, D("6")), 2022: YearTarget(APPROX, D("5.5")), 2023: YearTarget(GE, D("5"))}


@pytest.mark.parametrize(
    ("figures", "year", "status", "rule"),
    [
        (years(y2021="6.3", y2022="5.4"), 2022, ON_TRACK, "rate_yearly_targets"),
        (years(y2021="6.3", y2022="4.0"), 2022, LAGGING, "rate_yearly_targets"),
        (years(y2021="8", y2022="7"), 2022, AHEAD, "rate_yearly_targets"),
        (years(y2021="6.3", y2022="5.4", y2023="5.1"), 2023, ON_TRACK, "rate_yearly_targets"),
        (years(y2021="6.3", y2022="5.4", y2023="5.1", y2024="5"), 2024, PENDING, "yearly_targets_pending"),
    ],
)
def test_rates_set_year_by_year(figures: dict[int, Decimal], year: int, status: Status, rule: str) -> None:
    result = evaluate(YEARLY, figures, year, yearly_targets=SET)
    assert (result.status, result.rule) == (status, rule), result.explanation
    if rule == "rate_yearly_targets":
        assert "2021年目标6以上" in result.explanation
        assert "2022年目标5.5左右" in result.explanation


def test_without_yearly_targets_a_rate_set_yearly_is_qualitative() -> None:
    assert evaluate(YEARLY, years(y2021="6"), 2021).status is PENDING


# --- yearly limits of a ratio -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("binding", "figures", "year", "status"),
    [
        (False, years(y2021="4.8", y2022="5.0"), 2022, ON_TRACK),
        (False, years(y2021="4.8", y2022="5.6"), 2022, ON_TRACK),  # mean 5.2 < 5.5
        (False, years(y2021="5.8", y2022="5.9"), 2022, LAGGING),
        (True, years(y2021="4.8", y2022="5.6"), 2022, NOT_MET),  # binding: broken in 2022
        (False, years(y2025="5.4"), 2025, ON_TRACK),
    ],
)
def test_a_ratio_limit_in_the_annual_column_applies_each_year(
    binding: bool, figures: dict[int, Decimal], year: int, status: Status
) -> None:
    s = spec("-", "<5.5", direction=LOWER, baseline="3.2", unit="%", name="城镇调查失业率", binding=binding)
    result = evaluate(s, figures, year)
    assert (result.status, result.rule) == (status, "rate_yearly_limit"), result.explanation
    assert "算术平均" in result.explanation
    assert result.expected == D("5.5")  # the limit, not a compounded level


def test_a_growth_figure_of_a_level_in_currency_stays_a_growth_path() -> None:
    result = evaluate(spec("-", "7", baseline="100", unit="亿元"), years(y2021="107"), 2021)
    assert result.rule == "level_compound"


# --- stretch clause -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "status", "note"),
    [
        (years(y2021="7.5", y2022="7.4"), ON_TRACK, "力争目标8尚未达到"),
        (years(y2021="8.5", y2022="8.5"), AHEAD, "力争目标8已达到"),
        (years(y2021="6", y2022="6"), LAGGING, "力争目标8尚未达到"),
    ],
)
def test_the_firm_target_decides_and_the_stretch_is_explained(
    figures: dict[int, Decimal], status: Status, note: str
) -> None:
    s = spec("-", ">7、力争8", measure=Measure.RATE, unit="%")
    result = evaluate(s, figures, 2022)
    assert result.target_value == D("7")
    assert result.status is status
    assert note in result.explanation


# --- lagged data --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "year", "data_year", "status"),
    [
        (years(y2021="90", y2022="90.5"), 2023, 2022, AHEAD),
        (years(y2021="90"), 2023, 2021, ON_TRACK),
        (years(y2021="90", y2022="90.5"), 2022, None, AHEAD),
        (years(y2020="89.72"), 2023, None, NO_DATA),  # the base year is not a year to judge
        ({}, 2023, None, NO_DATA),
        (years(y2024="91.2"), 2026, 2024, ACHIEVED_EARLY),  # target year 2025 has no figure yet
    ],
)
def test_no_figure_for_the_year_judges_the_latest_year_and_says_so(
    figures: dict[int, Decimal], year: int, data_year: int | None, status: Status
) -> None:
    result = evaluate(spec("91", baseline="89.72", unit="%"), figures, year)
    assert (result.year, result.data_year, result.lagged, result.status) == (
        year,
        data_year,
        data_year is not None,
        status,
    )
    if data_year is not None:
        assert f"按最近的{data_year}年数据评定" in result.explanation
        assert result.label.endswith(f"（{data_year}年数据）")


# --- one-year lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complete", "value", "status", "label"),
    [
        (True, "12", ON_TRACK, "已完成"),
        (True, "10", ON_TRACK, "已完成"),
        (False, "12", ON_TRACK, "基本符合预期"),
        (True, "8", NOT_MET, "未达标"),
        (False, "8", NOT_MET, "未达标"),
    ],
)
def test_a_met_target_of_a_one_year_list_is_completed_as_the_office_chooses(
    complete: bool, value: str, status: Status, label: str
) -> None:
    s = spec("10场以上", base_year=2022, target_year=2023, column=Column.PROSE, unit="场")
    result = evaluate(s, years(y2023=value), 2023, thresholds=Thresholds(complete_one_year_lists=complete))
    assert (result.status, result.label, verdict(result)) == (status, label, label)
    assert result.completed is (label == "已完成")


def test_a_five_year_plan_met_at_its_target_year_is_not_completed() -> None:
    result = evaluate(spec("91", baseline="89.72"), years(y2025="91.5"), 2025)
    assert (result.status, result.completed, result.label) == (ON_TRACK, False, "基本符合预期")


def test_a_relation_about_growth_linked_to_a_level_compares_with_its_growth() -> None:
    # 002: 居民收入增速 "与经济增速同步", linked to 地区生产总值 (亿元): GDP grows 100 → 106 → 112.36.
    s = replace(spec("与经济增速同步", measure=Measure.RATE, unit="%"), linked_is_level=True)
    gdp = years(y2020="100", y2021="106", y2022="112.36")
    held = evaluate(s, years(y2021="6.5", y2022="6"), 2022, linked=gdp)
    assert (held.status, held.target_value) == (ON_TRACK, D("6"))
    short = evaluate(s, years(y2021="5", y2022="5"), 2022, linked=gdp)
    assert short.status is LAGGING
