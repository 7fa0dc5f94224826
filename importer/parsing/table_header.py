"""Which column of an indicator table holds what, read from its header, in any order.

A header is a run of short cells (序号, 类别, 指标名称, 单位, 属性, 现状, 2025年, 目标, 年均增速, 备注,
责任单位 …). Each cell gets a role from its words; the roles are then settled as a whole:

* a cell with no role of its own ("“十四五”") is the first line of a wrapped header cell and is
  joined to the next one ("“十四五”" + "完成值");
* a spanning cell (指标值) over sub-headers is dropped; year-only cells under it ("（2025年）") give
  the value columns before them their years, in order;
* value columns (现状 / 完成值 / 基期 / a year / 目标 / 规划) become baseline and targets by their
  period: the earliest is the baseline when there are several, the others targets; a later
  target column (2035年) is kept as a further target;
* a table is a **review** (past results, never targets) when it has a 完成情况 column, or when all its
  value columns refer to periods before the plan's.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from importer.parsing.common import chinese_number, squeeze


class Role(StrEnum):
    NUMBER = "number"
    CATEGORY = "category"
    GROUP = "group"  # an upper-level name (一级指标) above the indicator's own name
    NAME = "name"
    UNIT = "unit"
    ATTRIBUTE = "attribute"
    KIND = "kind"  # 类型: an attribute or a category, told apart by the cells under it
    BASELINE = "baseline"
    TARGET = "target"
    VALUE = "value"  # a year or period only: baseline or target by its place among the others
    ANNUAL = "annual"
    STATUS = "status"  # 完成情况: the table reviews the past
    NOTE = "note"
    RESPONSIBILITY = "responsibility"
    SPAN = "span"  # 指标值 over sub-headers
    TASK = "task"  # a task list's task (重点任务, 任务或项目)
    PROJECT = "project"  # a project list's name (项目名称)
    DESCRIPTION = "description"  # 建设内容
    INVESTMENT = "investment"  # 总投资
    YEARS = "years"  # 建设年限


@dataclass
class Column:
    role: Role
    text: str
    year: int | None = None


_PERIOD = re.compile(r"十([一二三四五六七八九])五")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_YEAR_ONLY = re.compile(r"^[（(]?\s*(?:19|20)\d{2}\s*年?(?:底|末)?\s*[)）]?$")

# Checked in order: the first rule whose words the cell holds gives its role.
_RULES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.NUMBER, re.compile(r"^(?:序号|编号|序)$")),
    (Role.STATUS, re.compile(r"完成情况|完成进度|进展情况|实现情况")),
    (Role.NOTE, re.compile(r"^备注|^说明$")),
    (Role.RESPONSIBILITY, re.compile(r"责任单位|牵头单位|责任部门|负责单位|责任主体|实施主体|建设单位")),
    (Role.PROJECT, re.compile(r"^项目名称|^重点项目$|^项目$")),
    (Role.TASK, re.compile(r"任务|^工作内容|^主要内容$|^具体举措")),
    (Role.DESCRIPTION, re.compile(r"^建设内容|^建设规模|^主要建设内容")),
    (Role.INVESTMENT, re.compile(r"投资")),
    (Role.YEARS, re.compile(r"年限|期限|起止年|建设周期|完成时限|实施时间")),
    (Role.ANNUAL, re.compile(r"年均|累计|增速|增幅")),
    (Role.GROUP, re.compile(r"^一级指标")),
    (Role.NAME, re.compile(r"^(?:二级|三级)指标|指标名称|^指标项|^指标内容|^主要指标$|^指标$|^名称$")),
    (Role.UNIT, re.compile(r"单位$|^计量单位")),
    (Role.ATTRIBUTE, re.compile(r"属性|性质|指标类型")),
    (Role.KIND, re.compile(r"^类型$")),
    (Role.CATEGORY, re.compile(r"类别|板块|领域|类目|分类|^方面$|^维度$|^类$")),
    (Role.SPAN, re.compile(r"^指标值$|^数值$|^指标数值$")),
    (Role.BASELINE, re.compile(r"现状|基期|基准|基数|完成值|实际值|^现值")),
    (Role.TARGET, re.compile(r"目标|规划|预期值|^\D*末$")),
)


def _period_year(text: str) -> int | None:
    """The year a header cell refers to: 2025年, or the last year of the N-th five-year period."""
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    period = _PERIOD.search(text)
    if period:
        ordinal = chinese_number(period.group(1))
        if ordinal is not None:
            return 1966 + 5 * (ordinal + 10 - 3) + 4
    return None


def role_of(text: str) -> Role | None:
    cell = squeeze(text).strip('“”"')
    if not cell:
        return None
    for role, pattern in _RULES:
        if pattern.search(cell):
            return role
    if _YEAR_ONLY.match(cell) or (_PERIOD.search(cell) and len(cell) <= 8 and _YEAR.search(cell)):
        return Role.VALUE
    return None


def is_header_cell(text: str) -> bool:
    return len(squeeze(text)) <= 16 and role_of(text) is not None


@dataclass
class Header:
    columns: list[Column]
    review: bool
    unmapped: list[str] = field(default_factory=list)  # header text no column was recognised in

    @property
    def is_list(self) -> bool:
        """A task or project list rather than indicators."""
        return not any(c.role is Role.NAME for c in self.columns)

    def index(self, role: Role) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.role is role), None)

    @property
    def baseline_year(self) -> int | None:
        return next((c.year for c in self.columns if c.role is Role.BASELINE and c.year), None)

    @property
    def target_year(self) -> int | None:
        return next((c.year for c in self.columns if c.role is Role.TARGET and c.year), None)


def read_header(cells: list[str], *, plan_start: int | None = None) -> Header | None:
    """Columns of a header given as its cells in reading order; None when it names no indicator."""
    columns: list[Column] = []
    pending = ""
    years: list[int] = []
    for text in cells:
        cell = text.strip()
        role = role_of(pending + cell)
        if role is Role.VALUE and _YEAR_ONLY.match(squeeze(cell)) and columns and not pending:
            # "（2025年）" under a value column: its year, unless it heads a column of its own.
            year = _period_year(cell)
            unyeared = [c for c in columns if c.role in _VALUES and c.year is None and c.text != cell]
            if unyeared and year is not None:
                unyeared[0].year = year
                years.append(year)
                continue
        if role is None:
            pending += cell
            continue
        columns.append(Column(role=role, text=pending + cell, year=_period_year(pending + cell)))
        pending = ""
    columns = [c for c in columns if c.role is not Role.SPAN]
    if not any(c.role in (Role.NAME, Role.TASK, Role.PROJECT) for c in columns):
        return None
    _settle_values(columns)
    values = [c for c in columns if c.role in (Role.BASELINE, Role.TARGET)]
    review = any(c.role is Role.STATUS for c in columns)
    targets = [c for c in values if c.role is Role.TARGET]
    if plan_start and targets and all(c.year is not None and c.year < plan_start for c in targets):
        review = True
    return Header(columns=columns, review=review, unmapped=[pending] if pending else [])


_VALUES = (Role.BASELINE, Role.TARGET, Role.VALUE)


def _settle_values(columns: list[Column]) -> None:
    """Year-only columns become baseline (the earliest of several) or targets."""
    values = [c for c in columns if c.role in _VALUES]
    if not values:
        return
    if not any(c.role is Role.TARGET for c in values):
        # Only years: the earliest is the base, the rest targets (a single one is a target).
        dated = sorted((c for c in values if c.role is Role.VALUE), key=lambda c: c.year or 0)
        if len(dated) == 1 and not any(c.role is Role.BASELINE for c in values):
            dated[0].role = Role.TARGET
        else:
            has_base = any(c.role is Role.BASELINE for c in values)
            for position, column in enumerate(dated):
                column.role = Role.BASELINE if position == 0 and not has_base else Role.TARGET
        return
    target_years = [c.year for c in values if c.role is Role.TARGET and c.year]
    first_target = min(target_years) if target_years else None
    for column in values:
        if column.role is Role.VALUE:
            if first_target is not None and column.year is not None and column.year < first_target:
                column.role = Role.BASELINE
            else:
                column.role = Role.TARGET
