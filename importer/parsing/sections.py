"""The chapter/section tree: 第X篇/章 → 第X节 → 一、 → （一）.

A heading is a line that starts with a heading number and reads as a title, not a sentence:

* 第一章 / 第四篇 / 第二节 lines, title to the end of the line (a title that wraps onto the next
  line keeps its first line only: the second line is indistinguishable from a short paragraph);
* 一、 (and a stray 1、 used in its place) on a line without a full stop;
* （一）/（1） run-in headings, where the title ends at the first 。 and the paragraph follows on the
  same line ("（一）做优医养健康高端产业集群。对标…"), except inside a review of past achievements
  (发展基础, 取得新成就): there they introduce achievements, not parts of the plan.

Nesting follows rank, not position: a heading closes every open heading of its rank or below.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from importer.parsing.common import SENTENCE_END, chinese_number
from importer.reading import Line

_NUM = r"[一二三四五六七八九十百零〇两\d]+"
_PART = re.compile(rf"^第({_NUM})(篇|章|部分)\s*[:：]?\s*(.*)$")
_SUB = re.compile(rf"^第({_NUM})节\s*(.*)$")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+|\d{1,2})、\s*(.+)$")
_PAREN = re.compile(r"^([（(]\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*[)）])\s*(.+)$")
RETROSPECTIVE_TITLE = re.compile(
    r"发展基础|成就|回顾|总结|执行情况|完成情况|实施情况|发展现状|现状|成效|评估"
)

# Rank of each kind of heading; the key prefix of its sections.
_RANK = {"篇": 0, "部分": 0, "章": 1, "节": 2, "ordinal": 3, "paren": 4}
_KEY = {"篇": "c", "部分": "c", "章": "c", "节": "s", "ordinal": "s", "paren": "i"}
MAX_ORDINAL_TITLE = 40
MAX_RUN_IN_TITLE = 30


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    parent: str | None
    number: str
    title: str
    line: int
    rank: int


def heading_of(text: str) -> tuple[str, str, str] | None:
    """(kind, number as written, title) when the line is a heading."""
    text = text.strip(" \t\u3000\xa0")
    if match := _PART.match(text):
        title = match.group(3).strip(" \u3000")
        if SENTENCE_END.search(title) or not title:
            return None
        return match.group(2), f"第{match.group(1)}{match.group(2)}", title
    if match := _SUB.match(text):
        title = match.group(2).strip(" \u3000")
        return (
            ("节", text[: match.start(2)].strip(), title)
            if title and not SENTENCE_END.search(title)
            else None
        )
    if match := _ORDINAL.match(text):
        title = match.group(2).strip(" \u3000")
        if SENTENCE_END.search(title) or len(title) > MAX_ORDINAL_TITLE:
            return None
        return "ordinal", f"{match.group(1)}、", title
    if match := _PAREN.match(text):
        rest = match.group(2).strip(" \u3000")
        stop = rest.find("。")
        title = rest[:stop] if stop >= 0 else rest
        if not title or len(title) > MAX_RUN_IN_TITLE or re.search(r"[，,；;：:]", title):
            return None
        if stop < 0 and len(rest) > MAX_RUN_IN_TITLE:
            return None
        return "paren", match.group(1), title
    return None


def read_sections(lines: tuple[Line, ...], skip: Collection[int] = ()) -> list[Section]:
    """Every heading outside the lines in ``skip`` (tables, boxes, task paragraphs)."""
    sections: list[Section] = []
    stack: list[Section] = []
    used: set[str] = set()
    for line in lines:
        if line.number in skip or not line.text.strip() or line.text.startswith("\t"):
            continue
        found = heading_of(line.text)
        if found is None:
            continue
        kind, number, title = found
        rank = _RANK[kind]
        while stack and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        if kind == "paren" and any(RETROSPECTIVE_TITLE.search(s.title) for s in stack):
            continue
        digits = re.sub(r"[第章篇节部分、（）()\s]", "", number)
        ordinal = chinese_number(digits) or len(sections) + 1
        if parent is None:
            key = f"{'c' if kind in ('篇', '章', '部分') else 'p'}{ordinal}"
        else:
            key = f"{parent.key}.{_KEY[kind]}{ordinal}"
        base, suffix = key, 2
        while key in used:
            key, suffix = f"{base}-{suffix}", suffix + 1
        used.add(key)
        section = Section(
            key=key,
            parent=parent.key if parent else None,
            number=number,
            title=title,
            line=line.number,
            rank=rank,
        )
        sections.append(section)
        stack.append(section)
    return sections


def section_at(sections: list[Section], line: int) -> Section | None:
    """The innermost section a line falls in."""
    current: Section | None = None
    for section in sections:
        if section.line > line:
            break
        current = section
    return current


def ancestors(sections: list[Section], section: Section | None) -> list[Section]:
    by_key = {s.key: s for s in sections}
    chain: list[Section] = []
    while section is not None:
        chain.append(section)
        section = by_key.get(section.parent) if section.parent else None
    return chain


def is_retrospective(sections: list[Section], line: int) -> bool:
    """Inside a review of past achievements (发展基础, 取得新成就)?"""
    return any(RETROSPECTIVE_TITLE.search(s.title) for s in ancestors(sections, section_at(sections, line)))
