"""What every structure parser shares: problems found on the way, and small text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class ProblemCode(StrEnum):
    """Things a reviewer must know about; importer/messages.py words them for people."""

    TABLE_ROW_SHORT = "table_row_short"  # fewer value cells than the header has columns
    TABLE_ROW_LONG = "table_row_long"  # more cells than the header has columns
    TABLE_ROW_UNREAD = "table_row_unread"  # a table line that is neither a row, a category nor a header
    TABLE_NO_ATTRIBUTE = "table_no_attribute"  # a row without 预期性/约束性
    TABLE_NO_ROWS = "table_no_rows"  # a table-like region (a header, a grid) that gave no rows
    TABLE_HEADER_UNMAPPED = "table_header_unmapped"  # a header cell no column was recognised in
    PLAN_TABLE_UNREAD = "plan_table_unread"  # the document announces an indicator table; no row was read
    JUNK_NAME = "junk_name"  # a name of numbers or punctuation only: left out
    TABLE_REVIEW = "table_review"  # a table of past results (完成情况): read as no targets
    TABLE_NO_YEARS = "table_no_years"  # the header names no years: the plan's years are assumed
    TASK_NO_UNITS = "task_no_units"  # a task with a 责任单位 clause that names no unit
    TASK_LEAD_CONVENTION = "task_lead_convention"  # no unit marked 牵头: the first listed, by convention
    TASK_NUMBER_GAP = "task_number_gap"  # task numbers jump: a task may have been missed
    BOX_EMPTY = "box_empty"  # a 专栏 heading with nothing under it
    TASK_NUMBER_REPEATED = "task_number_repeated"  # two tasks with one number: the second is renumbered
    CELL_UNPARSED = "cell_unparsed"  # a table cell the target parser cannot read
    TARGET_UNPARSED = "target_unparsed"  # a target phrase in the text the parser cannot read (百亿级)
    FIELD_TOO_LONG = "field_too_long"  # a value longer than the database allows was cut
    NO_TITLE = "no_title"  # no title found: the first line stands in
    # Fatal: the document cannot become a plan.
    NO_STRUCTURE = "no_structure"
    NO_YEARS = "no_years"


@dataclass(frozen=True, slots=True)
class Problem:
    code: ProblemCode
    line: int | None = None
    params: dict[str, str] = field(default_factory=dict)


# Characters that are not words: used to tell a heading from a sentence and a name from a value.
SENTENCE_END = re.compile(r"[。！？；;!?]")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十三 → 23, 一百零二 → 102; Arabic digits pass through; else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    values = {
        "〇": 0,
        "零": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    if not text or any(ch not in values and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = values[ch]
    return total + current


def squeeze(text: str) -> str:
    """Drop every kind of whitespace: for comparing what was written, not for storing it."""
    return re.sub(r"[\s\u3000\xa0]+", "", text)


# The one vocabulary of indicators where less is better (失业率, PM2.5浓度, 单位GDP能耗下降): table
# rows and targets in the text take their direction from it alike.
LOWER_IS_BETTER_WORDS = (
    "失业率", "死亡率", "发生率", "浓度", "能耗", "能源消耗", "排放", "用水量", "事故", "降低", "下降",
    "压减", "减少",
)  # fmt: skip
_LOWER_IS_BETTER = re.compile("|".join(LOWER_IS_BETTER_WORDS))


def lower_is_better(name: str) -> bool:
    return _LOWER_IS_BETTER.search(name) is not None
