"""Footnote marks, footnote years and stretch clauses in target cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.domain.targets import (
    Column,
    Comparator,
    TargetKind,
    apply_footnote_years,
    footnote_years,
    parse_target,
)

D = Decimal


@pytest.mark.parametrize(
    ("cell", "value", "unit", "mark"),
    [
        ("60.6*", "60.6", "", "*"),
        ("60.6＊", "60.6", "", "*"),
        ("5.5%*", "5.5", "%", "*"),
        ("1.2※", "1.2", "", "※"),
        ("60.6", "60.6", "", ""),
    ],
)
def test_a_footnote_mark_is_kept_beside_the_value(cell: str, value: str, unit: str, mark: str) -> None:
    target = parse_target(cell, column=Column.BASELINE)
    assert (target.kind, target.value, target.unit, target.mark, target.raw) == (
        TargetKind.LEVEL,
        D(value),
        unit,
        mark,
        cell,
    )


def test_a_placeholder_star_is_not_a_mark() -> None:
    target = parse_target("达到*万人", column=Column.PROSE)
    assert (target.kind, target.mark) == (TargetKind.NOT_SET, "")


@pytest.mark.parametrize(
    ("notes", "years"),
    [
        ("带*的为2019年数据", {"*": 2019}),
        ("注：1.带*的为2019年数据；2.标※的为2018年数。", {"*": 2019, "※": 2018}),
        ("＊为2019年数据", {"*": 2019}),
        ("数据来源：统计局", {}),
    ],
)
def test_footnote_years(notes: str, years: dict[str, int]) -> None:
    assert footnote_years(notes) == years


def test_apply_footnote_years_dates_only_marked_cells() -> None:
    cells = [parse_target(text, column=Column.BASELINE) for text in ("60.6*", "3.2", "1.2※")]
    dated = apply_footnote_years(cells, "带*的为2019年数据")
    assert [cell.year for cell in dated] == [2019, None, None]


@pytest.mark.parametrize(
    ("cell", "column", "firm", "stretch"),
    [
        (">7、力争8", Column.ANNUAL, (TargetKind.RATE, Comparator.GT, "7"), (Comparator.EQ, "8")),
        ("7以上，力争7.5", Column.ANNUAL, (TargetKind.RATE, Comparator.GE, "7"), (Comparator.EQ, "7.5")),
        ("6以上、力争达到6.5", Column.TARGET, (TargetKind.LEVEL, Comparator.GE, "6"), (Comparator.GE, "6.5")),
        (
            "140亿元;争取超过150亿元",
            Column.TARGET,
            (TargetKind.LEVEL, Comparator.EQ, "140"),
            (Comparator.GT, "150"),
        ),
    ],
)
def test_a_stretch_clause_is_read_beside_the_firm_target(
    cell: str, column: Column, firm: tuple[TargetKind, Comparator, str], stretch: tuple[Comparator, str]
) -> None:
    target = parse_target(cell, column=column)
    assert (target.kind, target.comparator, target.value) == (firm[0], firm[1], D(firm[2]))
    assert target.stretch_target is not None
    assert (target.stretch_target.comparator, target.stretch_target.value) == (stretch[0], D(stretch[1]))


@pytest.mark.parametrize("cell", ["力争超过140亿元", ">7", "7、8", "显著提升、力争突破"])
def test_no_stretch_clause(cell: str) -> None:
    assert parse_target(cell).stretch_target is None
