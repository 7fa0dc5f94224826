"""The linked indicator of a relative target, found by name or its usual aliases."""

from __future__ import annotations

import pytest

from indicators.domain.aliases import match_indicator

TABLE = [
    "(1)地区生产总值(亿元)",
    "(2)地区生产总值增速(%)",
    "(3)城镇居民人均可支配收入增速(%)",
    "(4)一般公共预算收入(亿元)",
]


@pytest.mark.parametrize(
    ("reference", "index"),
    [
        ("地区生产总值增速", 1),
        ("GDP增长", 1),
        ("国内生产总值增长", 1),
        ("生产总值增速", 1),
        ("经济增长", 1),
        ("地区生产总值", 0),
        ("GDP", 0),
        ("财政收入增长", 3),
        ("全省平均水平", None),
        ("", None),
    ],
)
def test_match_indicator(reference: str, index: int | None) -> None:
    assert match_indicator(reference, TABLE) == index


def test_two_equally_good_candidates_are_not_guessed_between() -> None:
    assert match_indicator("GDP增长", ["地区生产总值增速", "国内生产总值增长率"]) is None


def test_the_level_is_taken_when_no_growth_indicator_exists() -> None:
    assert match_indicator("GDP增长", ["地区生产总值(亿元)", "常住人口城镇化率(%)"]) == 0
