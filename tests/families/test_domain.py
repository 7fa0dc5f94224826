"""Units of measure, name matching, roll-up, decomposition checks, ranks and plan-tree loops."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from families.domain import (
    Candidate,
    Part,
    RollUp,
    check_decomposition,
    conversion_factor,
    normalise_name,
    rank,
    roll_up,
    suggest_links,
)
from plans.services import creates_cycle

D = Decimal


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("亿元", "万元", D(10_000)),
        ("万元", "亿元", D("0.0001")),
        ("万元", "元", D(10_000)),
        ("%", "‰", D(10)),
        ("‰", "%", D("0.1")),
        ("万人", "人", D(10_000)),
        ("平方公里", "公顷", D(100)),
        ("万平方米", "平方米", D(10_000)),
        ("万吨标准煤", "吨标准煤", D(10_000)),
        ("（%）", "%", D(1)),
        ("家", "家", D(1)),
        ("个", "个", D(1)),
    ],
)
def test_units_that_measure_the_same_convert(source: str, target: str, factor: Decimal) -> None:
    assert conversion_factor(source, target) == factor


@pytest.mark.parametrize(
    ("source", "target"), [("万元", "%"), ("家", "个"), ("万人", "亿元"), ("吨", "公顷")]
)
def test_units_of_different_kinds_do_not_convert(source: str, target: str) -> None:
    assert conversion_factor(source, target) is None


@given(st.sampled_from(["元", "万元", "亿元", "%", "‰", "人", "万人", "公顷", "平方公里", "亩"]))
def test_conversion_there_and_back_is_one(unit: str) -> None:
    for other in ["元", "万元", "亿元", "%", "‰", "人", "万人", "公顷", "平方公里", "亩"]:
        there, back = conversion_factor(unit, other), conversion_factor(other, unit)
        assert (there is None) == (back is None)
        if there is not None and back is not None:
            assert abs(there * back - 1) < D("1e-20")


def test_names_lose_units_marks_and_a_leading_whole_area() -> None:
    assert normalise_name("常住人口城镇化率（%）") == "常住人口城镇化率"
    assert normalise_name("全区地区生产总值增速*") == "地区生产总值增速"
    assert normalise_name(" 每千人口拥有执业（助理）医师数 ") == "每千人口拥有执业医师数"


CATALOGUE = [
    Candidate(1, "地区生产总值增速", ("GDP增速", "生产总值增长"), "%"),
    Candidate(2, "常住人口城镇化率", ("城镇化率",), "%"),
    Candidate(3, "一般公共预算收入", (), "亿元"),
    Candidate(4, "高新技术企业数量", ("高新技术企业",), "家"),
]


def test_suggestions_find_the_same_indicator_under_other_wording() -> None:
    assert [s.candidate_id for s in suggest_links("城镇化率（%）", "%", CATALOGUE)][:1] == [2]
    assert [s.candidate_id for s in suggest_links("GDP增速", "%", CATALOGUE)][:1] == [1]
    top = suggest_links("常住人口城镇化率", "%", CATALOGUE)[0]
    assert (top.candidate_id, top.score) == (2, 1.0)


def test_a_unit_that_cannot_convert_rules_a_suggestion_out() -> None:
    assert suggest_links("一般公共预算收入", "%", CATALOGUE) == []
    assert [s.candidate_id for s in suggest_links("一般公共预算收入", "万元", CATALOGUE)] == [3]


def test_unrelated_names_get_no_suggestion() -> None:
    assert suggest_links("森林覆盖率", "%", CATALOGUE) == []


@pytest.mark.parametrize(
    ("rule", "parts", "expected"),
    [
        (RollUp.SUM, [Part(D(2)), Part(D(3))], D(5)),
        (RollUp.MIN, [Part(D(2)), Part(D(3))], D(2)),
        (RollUp.MAX, [Part(D(2)), Part(D(3))], D(3)),
        (RollUp.WEIGHTED_MEAN, [Part(D(60), D(100)), Part(D(90), D(200))], D(80)),
        (RollUp.WEIGHTED_MEAN, [Part(D(60), None), Part(D(90), D(200))], None),
        (RollUp.NONE, [Part(D(2))], None),
        (RollUp.SUM, [], None),
    ],
)
def test_roll_up_rules(rule: RollUp, parts: list[Part], expected: Decimal | None) -> None:
    assert roll_up(rule, parts) == expected


def test_decomposed_targets_that_fall_short_are_flagged() -> None:
    short = check_decomposition(RollUp.SUM, D(100), [Part(D(30)), Part(D(50))], lower_is_better=False)
    assert (short.adds_up, short.shortfall, short.rolled_up) == (False, D(20), D(80))
    enough = check_decomposition(RollUp.SUM, D(100), [Part(D(60)), Part(D(50))], lower_is_better=False)
    assert (enough.adds_up, enough.shortfall) == (True, None)
    # A ceiling handed down (energy use) must not add up to more than the higher level's.
    ceiling = check_decomposition(RollUp.SUM, D(100), [Part(D(60)), Part(D(50))], lower_is_better=True)
    assert (ceiling.adds_up, ceiling.shortfall) == (False, D(10))
    assert check_decomposition(RollUp.NONE, D(5), [Part(D(5))], lower_is_better=False).adds_up is None


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=12))
def test_weighted_mean_lies_between_the_extremes(values: list[Decimal]) -> None:
    parts = [Part(value, D(index + 1)) for index, value in enumerate(values)]
    mean = roll_up(RollUp.WEIGHTED_MEAN, parts)
    assert mean is not None
    assert min(values) - D("1e-9") <= mean <= max(values) + D("1e-9")


def test_ranks_follow_direction_share_ties_and_skip_missing() -> None:
    values = [D(5), D(9), None, D(9), D(1)]
    assert rank(values, lower_is_better=False) == [3, 1, None, 1, 4]
    assert rank(values, lower_is_better=True) == [2, 3, None, 3, 1]


@given(st.lists(st.one_of(st.none(), st.integers(0, 50).map(Decimal)), max_size=15))
def test_the_best_value_ranks_first(values: list[Decimal | None]) -> None:
    ranks = rank(values, lower_is_better=False)
    present = [v for v in values if v is not None]
    for value, position in zip(values, ranks, strict=True):
        assert (position is None) == (value is None)
        if value is not None and value == max(present):
            assert position == 1


def test_a_parent_below_its_own_child_is_a_loop() -> None:
    edges: dict[int, int | None] = {1: None, 2: 1, 3: 2}
    assert creates_cycle(edges, 1, 3)
    assert creates_cycle(edges, 2, 2)
    assert not creates_cycle(edges, 3, 1)
    assert not creates_cycle(edges, 4, 3)
