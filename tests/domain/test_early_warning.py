"""预警: colours from the default rules, escalation, the 约束性 test, and rule validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.domain.assessment import assess
from indicators.domain.early_warning import (
    BindingAssessment,
    Colour,
    WarningRules,
    assess_binding,
    escalate,
    validate_rules,
    warn,
)
from indicators.domain.evaluation import Direction, Evaluation, IndicatorSpec, Measure, Status, evaluate
from indicators.domain.forecasting import Forecast, Outlook, forecast
from indicators.domain.targets import Column, parse_target

D = Decimal
GREEN, YELLOW, RED = Colour.GREEN, Colour.YELLOW, Colour.RED


def spec(
    target: str,
    annual: str | None = None,
    *,
    baseline: str | None,
    binding: bool = False,
    measure: Measure = Measure.LEVEL,
) -> IndicatorSpec:
    return IndicatorSpec(
        direction=Direction.HIGHER,
        measure=measure,
        binding=binding,
        base_year=2020,
        target_year=2025,
        baseline=None if baseline is None else D(baseline),
        target=parse_target(target),
        annual=None if annual is None else parse_target(annual, column=Column.ANNUAL),
    )


# 0 → 100 over five years: in 2022 time progress is 40 %, completion is the figure itself in %.
STRAIGHT = spec("100", baseline="0")


def outlook(value: Outlook) -> Forecast:
    return Forecast(2022, 2025, None, None, None, None, value)


@pytest.mark.parametrize(
    ("figure", "binding", "forecast_outlook", "colour"),
    [
        ("40", False, None, GREEN),  # on the path
        ("36", False, None, GREEN),  # 4 points behind: within the 5-point margin
        ("30", False, None, YELLOW),  # 10 points behind
        ("20", False, None, YELLOW),  # 20 points behind
        ("10", False, None, YELLOW),  # exactly 30 points: still yellow
        ("9", False, None, RED),  # beyond 30 points
        ("40", False, Outlook.DIFFICULT, YELLOW),  # on the path but the forecast is doubtful
        ("40", False, Outlook.UNLIKELY, RED),
        ("40", False, Outlook.LIKELY, GREEN),
        ("33", True, None, RED),  # binding and lagging (7 points): the veto
        ("33", False, None, YELLOW),  # the same figure, not binding: lagging is yellow
        ("60", True, None, GREEN),
    ],
)
def test_colours_from_the_default_rules(
    figure: str, binding: bool, forecast_outlook: Outlook | None, colour: Colour
) -> None:
    s = spec("100", baseline="0", binding=binding)
    evaluation = evaluate(s, {2022: D(figure)}, 2022)
    result = warn(
        evaluation, binding=binding, forecast=None if forecast_outlook is None else outlook(forecast_outlook)
    )
    assert result.colour is colour, (evaluation.explanation, result.reasons)
    assert result.explanation.endswith(f"{colour.label}预警。")


def test_not_met_is_red_and_pending_has_no_colour() -> None:
    not_met = evaluate(STRAIGHT, {2025: D("90")}, 2025)
    assert warn(not_met, binding=False).colour is RED
    pending = evaluate(spec("显著提升", baseline="0"), {2022: D("1")}, 2022)
    assert warn(pending, binding=False).colour is None


def test_rules_are_settings() -> None:
    evaluation = evaluate(STRAIGHT, {2022: D("20")}, 2022)  # 20 points behind
    assert warn(evaluation, binding=False).colour is YELLOW
    strict = WarningRules(yellow_gap=D("0.05"), red_gap=D("0.15"))
    assert warn(evaluation, binding=False, rules=strict).colour is RED


def test_forecast_and_warning_together() -> None:
    figures = {2021: D("5"), 2022: D("10")}  # 5/year → 25 at 2025: 难以完成
    evaluation = evaluate(STRAIGHT, figures, 2022)
    result = warn(evaluation, binding=False, forecast=forecast(STRAIGHT, figures, 2022))
    assert result.colour is RED
    assert "预计期末难以完成" in result.reasons


# --- escalation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "colour", "since", "periods", "attention"),
    [
        ({2021: GREEN, 2022: YELLOW}, YELLOW, 2022, 1, YELLOW),
        ({2021: YELLOW, 2022: YELLOW}, YELLOW, 2021, 2, RED),  # two yellows: red-level attention
        ({2020: YELLOW, 2021: RED, 2022: YELLOW}, YELLOW, 2022, 1, RED),  # worse in between counts
        ({2020: YELLOW, 2022: YELLOW}, YELLOW, 2022, 1, YELLOW),  # a gap ends the run
        ({2021: RED, 2022: RED}, RED, 2021, 2, RED),
        ({2021: YELLOW, 2022: GREEN}, GREEN, 2022, 1, GREEN),
        ({2022: None}, None, None, 0, None),
        ({}, None, None, 0, None),
    ],
)
def test_escalation(
    history: dict[int, Colour | None],
    colour: Colour | None,
    since: int | None,
    periods: int,
    attention: Colour | None,
) -> None:
    streak = escalate(history)
    assert (streak.colour, streak.since, streak.periods, streak.attention) == (
        colour,
        since,
        periods,
        attention,
    )
    assert streak.escalated is (attention is RED and colour is YELLOW)


def test_escalation_threshold_is_a_setting() -> None:
    history = {2021: YELLOW, 2022: YELLOW}
    assert escalate(history, rules=WarningRules(escalate_after=3)).attention is YELLOW


# --- 约束性 assessment --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "figures", "year", "annual", "cumulative"),
    [
        # Level 0 → 100: 2022 expects 40.
        (spec("100", baseline="0", binding=True), {2022: "40"}, 2022, True, True),
        (spec("100", baseline="0", binding=True), {2022: "37"}, 2022, False, True),  # within the margin
        (spec("100", baseline="0", binding=True), {2022: "30"}, 2022, False, False),
        # Reduction [13.5] over five years: about 2.86 % a year.
        (
            spec("-", "[13.5]", baseline=None, binding=True, measure=Measure.REDUCTION),
            {2021: "2", 2022: "4"},
            2022,
            True,
            True,
        ),
        (
            spec("-", "[13.5]", baseline=None, binding=True, measure=Measure.REDUCTION),
            {2021: "4", 2022: "2"},
            2022,
            False,
            True,
        ),
        (spec("100", baseline="0", binding=True), {}, 2022, None, None),
    ],
)
def test_binding_assessment_needs_both_tests(
    s: IndicatorSpec, figures: dict[int, str], year: int, annual: bool | None, cumulative: bool | None
) -> None:
    values = {y: D(v) for y, v in figures.items()}
    evaluation: Evaluation = evaluate(s, values, year)
    result = assess_binding(s, values, evaluation)
    assert (result.annual, result.cumulative) == (annual, cumulative), evaluation.explanation
    expected = False if False in (annual, cumulative) else (None if None in (annual, cumulative) else True)
    assert result.passed is expected
    if expected is False:
        assert "一票否决" in result.explanation


def test_a_binding_assessment_passes_only_if_both_pass() -> None:
    assert BindingAssessment(True, True, "").passed is True
    assert BindingAssessment(True, False, "").passed is False
    assert BindingAssessment(False, None, "").passed is False
    assert BindingAssessment(None, True, "").passed is None


@pytest.mark.parametrize(
    ("s", "figures", "rules", "red"),
    [
        # 2022 expects 40; 37 is within the margin for the plan so far but below the year's path
        # (its forecast, from one figure, is 完成有难度: yellow unless the veto applies).
        (spec("100", baseline="0", binding=True), {2022: "37"}, WarningRules(), True),
        (spec("100", baseline="0", binding=False), {2022: "37"}, WarningRules(), False),
        (spec("100", baseline="0", binding=True), {2022: "37"}, WarningRules(binding_veto=False), False),
        (spec("100", baseline="0", binding=True), {2021: "20", 2022: "40"}, WarningRules(), False),
        # A binding reduction whose second year falls short of the yearly share, the total on track.
        (
            spec("-", "[13.5]", baseline=None, binding=True, measure=Measure.REDUCTION),
            {2021: "4", 2022: "2"},
            WarningRules(),
            True,
        ),
    ],
)
def test_a_failed_annual_test_alone_is_the_binding_veto(
    s: IndicatorSpec, figures: dict[int, str], rules: WarningRules, red: bool
) -> None:
    result = assess(s, {y: D(v) for y, v in figures.items()}, 2022, rules=rules)
    assert result.evaluation.status is Status.ON_TRACK or result.evaluation.status is Status.AHEAD
    assert (result.warning.colour is RED) is red, (result.evaluation.explanation, result.warning.reasons)
    assert ("约束性指标年度考核未通过" in result.warning.reasons) is red


# --- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "fields"),
    [
        (WarningRules(), []),
        (WarningRules(yellow_gap=D("0.3"), red_gap=D("0.3")), ["red_gap"]),  # overlapping bands
        (WarningRules(yellow_gap=D("0.4"), red_gap=D("0.2")), ["red_gap"]),
        (WarningRules(yellow_gap=D("-0.1")), ["yellow_gap"]),
        (WarningRules(red_gap=D("NaN")), ["red_gap"]),
        (WarningRules(red_gap=D("1.5")), ["red_gap"]),
        (WarningRules(escalate_after=1), ["escalate_after"]),
    ],
)
def test_validate_rules(rules: WarningRules, fields: list[str]) -> None:
    errors = validate_rules(rules)
    assert [error.field for error in errors] == fields
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in error.message) for error in errors)


def test_status_is_not_what_decides_colour_for_a_rate_forecast_alone() -> None:
    rate = spec("-", "5.5", baseline=None, measure=Measure.RATE)
    evaluation = evaluate(rate, {2021: D("5.6"), 2022: D("5.6")}, 2022)
    assert evaluation.status is Status.ON_TRACK
    assert warn(evaluation, binding=False, forecast=forecast(rate, {2021: D("5.6")}, 2022)).colour is GREEN
