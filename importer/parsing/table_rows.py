"""What the cells of an indicator table mean, whatever format the table came in.

A grid (rows of verbatim cells) becomes indicator rows by reading the cells, not their positions:

* the **row label** is the cell that starts with a row number ("（1）地区生产总值增速（%）") or follows
  a cell holding only a number ("1" | "地区生产总值增速（%）"); what comes before it is the category
  (blank: the category of the row above, a merged cell) and the number;
* the **attribute** is the last cell reading 预期性 or 约束性; the cells between label and attribute
  are the values, in header order: base year, target year, and 年均增速/[累计] when there is one;
* a row with one text cell more than there are value columns is a **composite** indicator whose
  first sub-row is written on the same line (004: 每千人口拥有医护人员数 | 执业医师数（人） | …); the
  following rows with only a sub-name and values are its further sub-rows;
* a lone text cell is a **category** row (经济发展); the rows before the first label are the
  **header**, which says which years the value columns hold and whether the base is an estimate.

A row whose values do not match the header (cells missing or extra) keeps its cells in column
order and carries a problem listing the raw cells, so nothing is shifted silently.

Why this module is long: the cell grammar of every table format is one decision table; splitting it
would scatter the column rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importer.parsing.common import CJK, Problem, ProblemCode
from importer.reading import Cell, Grid, GridRow, Line

ATTRIBUTES = {"预期性": "expected", "约束性": "binding"}
NUMBER_PREFIX = re.compile(r"^\s*([（(]\s*\d{1,3}\s*[)）])")
PLAIN_NUMBER = re.compile(r"^\d{1,3}$")
UNIT_SUFFIX = re.compile(r"[（(]([^（）()]{1,12})[)）]\s*$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
FOOTNOTE_HEAD = re.compile(r"^\s*(?:备\s*注|注)\s*[:：]?\s*$|^\s*(?:备\s*注|注)\s*[:：]")


@dataclass
class TableRow:
    line: int
    number: str
    category: str
    name_as_written: str
    name: str
    unit: str
    attribute: str | None
    baseline: str
    target: str
    annual: str | None
    parent: int | None = None  # index of the composite row in IndicatorTable.rows
    footnote: str = ""
    cells: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    group: str = ""  # an upper-level name (一级指标) above the row's own
    baseline_year: int | None = None  # a marked base cell's own year ("60.6*", 注：带*的为2019年数据)


@dataclass
class IndicatorTable:
    title: str
    first_line: int
    last_line: int
    baseline_year: int | None
    target_year: int | None
    baseline_estimate: bool
    has_annual: bool
    rows: list[TableRow]
    problems: list[Problem] = field(default_factory=list)
    footnote_lines: list[int] = field(default_factory=list)


def split_label(label: str) -> tuple[str, str, str]:
    """ "（1）地区生产总值增速（%）" → ("（1）", "地区生产总值增速", "%")."""
    number = ""
    rest = label.strip()
    match = NUMBER_PREFIX.match(rest)
    if match:
        number = match.group(1)
        rest = rest[match.end() :].strip()
    unit = ""
    unit_match = UNIT_SUFFIX.search(rest)
    if unit_match and _is_unit(unit_match.group(1)):
        unit = unit_match.group(1).strip()
        rest = rest[: unit_match.start()].strip()
    return number, rest, unit


def _is_unit(text: str) -> bool:
    """（人）（万吨标准煤）（百分点）are units; （助理）（PM2.5）inside a name are not at the end."""
    return len(text) <= 6 and "助理" not in text


def _is_label(cells: tuple[Cell, ...], index: int) -> bool:
    text = cells[index].text
    if not CJK.search(text) or text in ATTRIBUTES:
        return False
    if NUMBER_PREFIX.match(text):
        return True
    return index > 0 and bool(PLAIN_NUMBER.match(cells[index - 1].text))


def _label_index(row: GridRow) -> int | None:
    for index in range(len(row.cells)):
        if _is_label(row.cells, index):
            return index
    return None


def _is_value_like(text: str) -> bool:
    """A cell that states a value rather than names something."""
    stripped = text.strip()
    if not stripped or not CJK.search(stripped):
        return True
    return (
        bool(re.search(r"\d", stripped))
        or stripped.startswith(("完成", "与", "力争", "不"))
        or stripped
        in {
            "——",
            "—",
            "-",
        }
    )


def _header_facts(rows: list[GridRow]) -> tuple[int | None, int | None, bool, bool]:
    cells = [cell.text for row in rows for cell in row.cells]
    years = [
        (int(match.group(1)), "预计" in text or "预估" in text)
        for text in cells
        for match in YEAR.finditer(text)
    ]
    has_annual = any(word in text for text in cells for word in ("年均", "增速", "累计", "增长"))
    baseline_year = years[0][0] if years else None
    target_year = years[1][0] if len(years) > 1 else None
    estimate = years[0][1] if years else False
    return baseline_year, target_year, estimate, has_annual


def read_indicator_table(grid: Grid) -> IndicatorTable | None:
    """The indicator rows of a grid, or None when the grid has no indicator rows at all."""
    rows = list(grid.rows)
    first_label = next((i for i, row in enumerate(rows) if _label_index(row) is not None), None)
    if first_label is None:
        return None
    header = [row for row in rows[:first_label] if not _is_category_row(row)]
    baseline_year, target_year, estimate, has_annual = _header_facts(header)
    table = IndicatorTable(
        title=grid.title,
        first_line=grid.first_line,
        last_line=grid.last_line,
        baseline_year=baseline_year,
        target_year=target_year,
        baseline_estimate=estimate,
        has_annual=has_annual,
        rows=[],
    )
    if baseline_year is None or target_year is None:
        table.problems.append(Problem(ProblemCode.TABLE_NO_YEARS, line=grid.first_line))
    columns = 3 if has_annual else 2
    category = ""
    composite: int | None = None
    for row in rows[:first_label]:
        if _is_category_row(row):
            category = _first_text(row)
    for row in rows[first_label:]:
        texts = [cell.text for cell in row.cells]
        label = _label_index(row)
        if label is None:
            if not any(texts):
                continue
            if _is_category_row(row):
                category = _first_text(row)
                composite = None
                continue
            sub = _sub_row(row, columns, composite, table, category)
            if sub is not None:
                table.rows.append(sub)
                continue
            table.problems.append(
                Problem(ProblemCode.TABLE_ROW_UNREAD, line=row.line, params={"cells": " | ".join(texts)})
            )
            continue
        prefix = row.cells[:label]
        number = ""
        if prefix and PLAIN_NUMBER.match(prefix[-1].text):
            number = prefix[-1].text
            prefix = prefix[:-1]
        written_category = next((cell.text for cell in prefix if cell.text and CJK.search(cell.text)), "")
        category = written_category or category
        label_cell = row.cells[label]
        rest = row.cells[label + 1 :]
        values, attribute, trailing = _split_attribute(rest)
        label_number, name, unit = split_label(label_cell.text)
        number = number or label_number
        problems: list[Problem] = []
        if attribute is None:
            problems.append(Problem(ProblemCode.TABLE_NO_ATTRIBUTE, line=label_cell.line))
        if len(values) == columns + 1 and not _is_value_like(values[0].text):
            # A composite: its own cells are empty; the first sub-row sits on the same line.
            composite_row = TableRow(
                line=label_cell.line,
                number=number,
                category=category,
                name_as_written=label_cell.text,
                name=name,
                unit=unit,
                attribute=attribute,
                baseline="",
                target="",
                annual="" if has_annual else None,
                cells=tuple(texts),
                problems=problems,
            )
            table.rows.append(composite_row)
            composite = len(table.rows) - 1
            sub_label = values[0]
            _, sub_name, sub_unit = split_label(sub_label.text)
            table.rows.append(
                _row(
                    line=sub_label.line,
                    number="",
                    category=category,
                    label=sub_label.text,
                    name=sub_name,
                    unit=sub_unit or unit,
                    attribute=attribute,
                    values=values[1:],
                    columns=columns,
                    has_annual=has_annual,
                    texts=texts,
                    parent=composite,
                )
            )
            continue
        composite = None
        built = _row(
            line=label_cell.line,
            number=number,
            category=category,
            label=label_cell.text,
            name=name,
            unit=unit,
            attribute=attribute,
            values=values,
            columns=columns,
            has_annual=has_annual,
            texts=texts,
            parent=None,
        )
        built.problems[:0] = problems
        if any(cell.text for cell in trailing):
            built.problems.append(
                Problem(ProblemCode.TABLE_ROW_LONG, line=label_cell.line, params={"cells": " | ".join(texts)})
            )
        table.rows.append(built)
    attach_footnotes(table, grid.after)
    return table


def _first_text(row: GridRow) -> str:
    return next(cell.text for cell in row.cells if cell.text)


def _is_category_row(row: GridRow) -> bool:
    texts = [cell.text for cell in row.cells if cell.text]
    return (
        len(texts) == 1
        and bool(CJK.search(texts[0]))
        and texts[0] not in ATTRIBUTES
        and not _is_value_like(texts[0])
        and not NUMBER_PREFIX.match(texts[0])
        and len(texts[0]) <= 10
        and not UNIT_SUFFIX.search(texts[0])
    )


def _split_attribute(cells: tuple[Cell, ...]) -> tuple[tuple[Cell, ...], str | None, tuple[Cell, ...]]:
    for index in range(len(cells) - 1, -1, -1):
        text = re.sub(r"\s+", "", cells[index].text)
        if text in ATTRIBUTES:
            return cells[:index], ATTRIBUTES[text], cells[index + 1 :]
    # No attribute cell: a sub-row's attribute cell is blank (merged with its composite).
    if cells and not cells[-1].text:
        return cells[:-1], None, ()
    return cells, None, ()


def _row(
    *,
    line: int,
    number: str,
    category: str,
    label: str,
    name: str,
    unit: str,
    attribute: str | None,
    values: tuple[Cell, ...],
    columns: int,
    has_annual: bool,
    texts: list[str],
    parent: int | None,
) -> TableRow:
    problems: list[Problem] = []
    value_texts = [cell.text for cell in values]
    if len(value_texts) < columns:
        problems.append(Problem(ProblemCode.TABLE_ROW_SHORT, line=line, params={"cells": " | ".join(texts)}))
        value_texts += [""] * (columns - len(value_texts))
    elif len(value_texts) > columns:
        problems.append(Problem(ProblemCode.TABLE_ROW_LONG, line=line, params={"cells": " | ".join(texts)}))
    return TableRow(
        line=line,
        number=number,
        category=category,
        name_as_written=label,
        name=name,
        unit=unit,
        attribute=attribute,
        baseline=value_texts[0],
        target=value_texts[1],
        annual=value_texts[2] if has_annual else None,
        parent=parent,
        cells=tuple(texts),
        problems=problems,
    )


def _sub_row(
    row: GridRow, columns: int, composite: int | None, table: IndicatorTable, category: str
) -> TableRow | None:
    """A further sub-row of the composite above: blank leading cells, a sub-name, its values."""
    if composite is None:
        return None
    cells = list(row.cells)
    while cells and not cells[0].text:
        cells.pop(0)
    if not cells or _is_value_like(cells[0].text):
        return None
    values, attribute, _ = _split_attribute(tuple(cells[1:]))
    if len(values) != columns:
        return None
    parent = table.rows[composite]
    _, name, unit = split_label(cells[0].text)
    return _row(
        line=cells[0].line,
        number="",
        category=category,
        label=cells[0].text,
        name=name,
        unit=unit or parent.unit,
        attribute=attribute or parent.attribute,
        values=values,
        columns=columns,
        has_annual=table.has_annual,
        texts=[cell.text for cell in row.cells],
        parent=composite,
    )


# A mark on a cell ("60.6*", "85①") pointing to a note under the table.
CELL_MARK = re.compile(r"^(.*?\S)\s*([*＊]+|[①②③④⑤⑥⑦⑧⑨⑩])$")
_MARK_LINE = re.compile(r"^\s*(?:[*＊]|[①②③④⑤⑥⑦⑧⑨⑩]|带\s*[*＊①②③④⑤⑥⑦⑧⑨⑩])")
_NOTE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:底|末)?(?:的)?(?:数据|数|值|水平)")


def attach_footnotes(table: IndicatorTable, after: tuple[Line, ...]) -> None:
    """Notes right after the table: numbered ones name their row ("(4)…为全口径数据。"); marked
    ones ("注：带*的为2019年数据", "①…") explain the cells that carry the mark, and give them
    their own year."""
    lines = [line for line in after if line.text.strip()]
    if not lines or not FOOTNOTE_HEAD.match(lines[0].text):
        return
    by_number = {_number_key(row.number): row for row in table.rows if row.number}
    table.footnote_lines.append(lines[0].number)
    notes = [lines[0].text.strip()]
    for line in lines[1:]:
        match = NUMBER_PREFIX.match(line.text)
        if match:
            row = by_number.get(_number_key(match.group(1)))
            if row is not None:
                row.footnote = (row.footnote + "\n" if row.footnote else "") + line.text.strip()
        elif not _MARK_LINE.match(line.text):
            break
        table.footnote_lines.append(line.number)
        notes.append(line.text.strip())
    _apply_marks(table, notes)


def marked_year(note: str, mark: str) -> int | None:
    """The year a note gives the cells carrying ``mark`` ("带*的为2019年数据" → 2019)."""
    for sentence in re.split(r"[。；;\n]", note):
        if mark in sentence or (mark in "*＊" and re.search(r"[*＊]", sentence)):
            match = _NOTE_YEAR.search(sentence)
            if match:
                return int(match.group(1))
    return None


def _apply_marks(table: IndicatorTable, notes: list[str]) -> None:
    text = "\n".join(notes)
    for row in table.rows:
        for cell in (row.baseline, row.target):
            match = CELL_MARK.match(cell)
            if not match:
                continue
            mark = match.group(2)[0]
            explained = [n for n in notes if mark in n or (mark in "*＊" and re.search(r"[*＊]", n))]
            if explained:
                row.footnote = "\n".join(x for x in (row.footnote, *explained) if x)
            if cell is row.baseline:
                row.baseline_year = marked_year(text, mark)


def _number_key(number: str) -> str:
    return re.sub(r"\D", "", number)
