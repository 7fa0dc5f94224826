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

from importer.parsing.common import Problem, ProblemCode
from importer.reading import Line

_TASK = re.compile(r"^\s*(\d{1,3})\s*[.．]\s*(?!\d)(\S.*)$")
_RESPONSIBILITY = re.compile(
    r"[（(]\s*(?:责任单位|牵头单位|责任部门)\s*[:：][^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*[)）]\s*$"
)
_LEAD = re.compile(r"^(.*?)(?:牵头负责|牵头)$")
_SHARED = re.compile(r"^(.*?)(?:按职责分工负责|按照职责分工负责|按职责分别负责|分别负责|按职责负责)$")
_SEPARATORS = re.compile(r"[、，,]")


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


def read_responsibility(clause: str) -> tuple[list[str], list[str], list[str]]:
    """(lead, shared, co-operating) units of a clause like "(责任单位:市科技局牵头负责)"."""
    inner = re.sub(r"^[（(]\s*(?:责任单位|牵头单位|责任部门)\s*[:：]", "", clause.strip())
    inner = re.sub(r"[)）]\s*$", "", inner).strip()
    lead: list[str] = []
    shared: list[str] = []
    cooperating: list[str] = []
    parts = [part.strip() for part in re.split(r"[;；]", inner) if part.strip()]
    for part in parts:
        part = re.sub(r"^(?:配合单位|协办单位)\s*[:：]", "配合:", part)
        if part.startswith("配合:"):
            cooperating += _units(part[3:])
            continue
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
            lead += _units(part)
    return lead, shared, cooperating


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
