"""Numbered task lists with their responsible units (seed 001).

A task is a paragraph "N.标题。正文…(责任单位:A、B牵头负责)": the title runs to the first 。, the text
to the responsibility clause, which is kept verbatim. The clause says who does the task:

* "A、B牵头负责": every unit listed leads (a task can have two leads);
* "A、B按职责分工负责" (or 分别负责): the units share it, none leads;
* "A牵头，B、C配合" / "牵头单位：A；配合单位：B": A leads, B and C co-operate;
* "A负责": A leads.

Numbered paragraphs are a task list only when at least half of them carry a 责任单位 clause: a
numbered list of achievements (1、综合实力稳步提升。…) is not a task list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importer.parsing.common import Problem, ProblemCode, chinese_number
from importer.reading import Line

_TASK = re.compile(r"^\s*(\d{1,3})\s*[.．]\s*(?!\d)(\S.*)$")
_RESPONSIBILITY = re.compile(
    r"[（(]\s*(?:责任单位|牵头单位|责任部门|牵头部门|主责单位)\s*[:：][^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*[)）]\s*$"
)
_LEAD = re.compile(r"^(.*?)(?:牵头负责|牵头)$")
_SHARED = re.compile(r"^(.*?)(?:按职责分工负责|按照职责分工负责|按职责分别负责|分别负责|按职责负责)$")
_SEPARATORS = re.compile(r"[、，,；;]")


@dataclass
class TaskItem:
    number: int
    title: str
    text: str
    responsibility_text: str
    line: int
    lead_units: list[str] = field(default_factory=list)
    shared_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    body_lines: list[int] = field(default_factory=list)  # lines of a heading task's body and clause


def unit_kind(name: str) -> str:
    """The kind of a responsible unit, from how its name ends (fixtures/README.md vocabulary)."""
    if re.search(
        r"(?:委组织部|委宣传部|委编办|委办公室|委政法委|委统战部|纪委|党委|区委|市委|县委)", name
    ) and not name.endswith(("政府", "管委", "管委会")):
        return "party"
    if name.endswith(("政府", "人民政府", "街道办事处", "办事处")):
        return "government"
    if name.endswith(("管委", "管委会", "管理委员会")):
        return "committee"
    if name.endswith(("公司", "集团", "银行")):
        return "enterprise"
    if name.endswith(
        ("科协", "妇联", "总工会", "工会", "团委", "残联", "红十字会", "工商联", "侨联", "文联")
    ):
        return "people_org"
    if name.endswith(("中心", "研究院", "协会")):
        return "other"
    return "department"


def _units(text: str) -> list[str]:
    return [unit.strip() for unit in _SEPARATORS.split(text) if unit.strip()]


# Role labels inside a clause: "（牵头单位：A、B，支撑单位：C）", "（责任单位：A；配合单位：B）".
_ROLE_LABEL = re.compile(
    r"(牵头单位|牵头部门|主责单位|责任单位|责任部门|负责单位|支撑单位|支持单位|配合单位|配合部门|协办单位|参与单位|协同单位)"
    r"\s*[:：]"
)
# A paragraph that is only a responsibility clause: "（责任单位：A、B，C）" after a task's body.
_CLAUSE = re.compile(
    r"^\s*[（(]\s*" + _ROLE_LABEL.pattern + r"[^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*[)）]\s*$"
)


def read_responsibility(clause: str) -> tuple[list[str], list[str], list[str]]:
    """(lead, shared, co-operating) units of a clause like "(责任单位:市科技局牵头负责)".

    Units are led only where the clause says so (牵头, 牵头单位, "A负责"); a bare list of 责任单位
    names units who share the task, none marked as leading (see ``convention_lead``).
    """
    inner = re.sub(r"[)）]\s*$", "", re.sub(r"^\s*[（(]", "", clause.strip())).strip()
    lead: list[str] = []
    shared: list[str] = []
    cooperating: list[str] = []
    labels = list(_ROLE_LABEL.finditer(inner))
    if not labels:
        labels_parts = [("责任单位", inner)]
    else:
        labels_parts = [
            (
                match.group(1),
                inner[match.end() : labels[i + 1].start() if i + 1 < len(labels) else len(inner)],
            )
            for i, match in enumerate(labels)
        ]
    for label, body in labels_parts:
        body = body.strip(" ，,；;。")
        if label.startswith(("牵头", "主责")):
            lead += _units(body)
        elif label.startswith(("支撑", "支持", "配合", "协办", "参与", "协同")):
            cooperating += _units(body)
        else:
            for part in (p.strip() for p in re.split(r"[;；]", body) if p.strip()):
                _read_part(part, lead, shared, cooperating)
    return lead, shared, cooperating


def _read_part(part: str, lead: list[str], shared: list[str], cooperating: list[str]) -> None:
    match = re.match(r"^(.*?)牵头\s*[，,]\s*(.*?)(?:配合|协助|参与)(?:负责)?$", part)
    if match:
        lead += _units(match.group(1))
        cooperating += _units(match.group(2))
    elif match := _SHARED.match(part):
        shared += _units(match.group(1))
    elif match := _LEAD.match(part):
        lead += _units(match.group(1))
    elif part.endswith("负责"):
        lead += _units(part[: -len("负责")])
    elif part.endswith(("配合", "协助", "参与")):
        cooperating += _units(part[:-2])
    else:
        shared += _units(part)


def convention_lead(item: TaskItem) -> Problem | None:
    """Several units and none marked 牵头: by convention the first listed leads. That is offered to
    the office as a convention to confirm, never recorded as what the document says."""
    if item.lead_units or len(item.shared_units) < 2:
        return None
    return Problem(ProblemCode.TASK_LEAD_CONVENTION, line=item.line, params={"unit": item.shared_units[0]})


def _candidate(line: Line) -> TaskItem | None:
    match = _TASK.match(line.text)
    if not match:
        return None
    body = match.group(2).strip()
    stop = body.find("。")
    if stop <= 0 or stop > 60:
        return None
    title, rest = body[:stop], body[stop + 1 :]
    responsibility = _RESPONSIBILITY.search(rest)
    clause = responsibility.group(0).strip() if responsibility else ""
    text = rest[: responsibility.start()].rstrip() if responsibility else rest.rstrip()
    item = TaskItem(
        number=int(match.group(1)), title=title, text=text, responsibility_text=clause, line=line.number
    )
    if clause:
        item.lead_units, item.shared_units, item.cooperating_units = read_responsibility(clause)
        if not (item.lead_units or item.shared_units or item.cooperating_units):
            item.problems.append(Problem(ProblemCode.TASK_NO_UNITS, line=line.number))
    return item


def read_tasks(lines: tuple[Line, ...], skip: set[int] | frozenset[int] = frozenset()) -> list[TaskItem]:
    candidates = [
        item
        for line in lines
        if line.number not in skip and not line.text.startswith("\t")
        for item in [_candidate(line)]
        if item is not None
    ]
    if not candidates or sum(bool(item.responsibility_text) for item in candidates) * 2 < len(candidates):
        return []
    expected = 1
    for item in candidates:
        if item.number != expected:
            item.problems.append(
                Problem(ProblemCode.TASK_NUMBER_GAP, line=item.line, params={"expected": str(expected)})
            )
        expected = item.number + 1
    return candidates


# --- tasks as numbered headings ----------------------------------------------------------------

_ITEM = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(\S.*)$")
_TOP = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节部分])")
_ACTIONS = re.compile(r"行动")
MAX_HEADING_TITLE = 60


def read_heading_tasks(
    lines: tuple[Line, ...], skip: set[int] | frozenset[int] = frozenset()
) -> list[TaskItem]:
    """Tasks written as （一）… headings with their body below.

    A run of （一）（二）… headings under one 一、 heading is a task list when most of its items are
    followed by a paragraph of their own naming the responsible units ("（责任单位：A、B）"), or when it
    lists actions (its heading or every item names an 行动): a plan's own action list, with or without
    units. Other heading runs are sections, not tasks.
    """
    groups: list[tuple[str, list[tuple[Line, int, str]]]] = [("", [])]
    for line in lines:
        if line.number in skip:
            continue
        text = line.text.strip()
        if _TOP.match(text):
            groups.append((text, []))
            continue
        match = _ITEM.match(text)
        if match:
            number = chinese_number(match.group(1))
            title = match.group(2).split("。")[0].strip()
            if number is not None and 0 < len(title) <= MAX_HEADING_TITLE:
                groups[-1][1].append((line, number, title))
    tasks: list[TaskItem] = []
    for heading, items in groups:
        if len(items) < 2 or [n for _, n, _ in items] != list(range(1, len(items) + 1)):
            continue
        read = [_heading_task(lines, items, index) for index in range(len(items))]
        with_units = sum(bool(item.responsibility_text) for item in read)
        actions = bool(_ACTIONS.search(heading)) or all(_ACTIONS.search(t) for _, _, t in items)
        if with_units * 2 > len(read) or actions:
            tasks += read
    return tasks


def _heading_task(lines: tuple[Line, ...], items: list[tuple[Line, int, str]], index: int) -> TaskItem:
    line, number, title = items[index]
    stop = items[index + 1][0].number if index + 1 < len(items) else len(lines) + 1
    body: list[str] = []
    head_rest = line.text.strip()
    head_rest = head_rest[head_rest.find("。") + 1 :] if "。" in head_rest else ""
    if head_rest:
        body.append(head_rest)
    clause = ""
    body_lines: list[int] = []
    for later in lines[line.number : stop - 1]:
        text = later.text.strip()
        if not text:
            continue
        if _TOP.match(text):
            break
        body_lines.append(later.number)
        if _CLAUSE.match(text):
            clause = text
            break
        body.append(text.lstrip("。"))
    text = "".join(body)
    inline = _RESPONSIBILITY.search(text)
    if not clause and inline:
        clause, text = inline.group(0).strip(), text[: inline.start()].rstrip()
    item = TaskItem(
        number=number,
        title=title,
        text=text,
        responsibility_text=clause,
        line=line.number,
        body_lines=body_lines,
    )
    if clause:
        item.lead_units, item.shared_units, item.cooperating_units = read_responsibility(clause)
        if not (item.lead_units or item.shared_units or item.cooperating_units):
            item.problems.append(Problem(ProblemCode.TASK_NO_UNITS, line=line.number))
    return item
