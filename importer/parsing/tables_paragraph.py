"""Tables copied from web pages: one cell per paragraph, or one cell per line with rows in blocks.

Two layouts, read the same way once their cells are listed:

* **paragraph cells**: every cell is a paragraph of its own (blank lines between); a wrapped cell
  keeps its line break. Nothing marks a row's end, so rows are found by their **numbers**: the
  序号 cells run 1, 2, 3 …, and the header says how many cells follow the number. Merged cells
  (a category written only on the first row of its group) are simply absent;
* **line cells**: every cell is a line and a blank line ends a row; an empty cell shows as a blank
  line too, so a block that does not start a row continues the row above after an empty cell.

The header (its cells before the first row number) is read by :mod:`table_header`, so the columns
may come in any order. A cell beginning with 其中 starts a sub-row (its name and values only). A
row that does not fit the header keeps its cells in order and carries a problem. A review table
(完成情况, or only past periods) gives no rows: its lines are consumed so that its figures are not
read as targets, and it is reported.

Plain Python, no Django.

Why this module is long: the two web-copy layouts share the row-assembly state machine.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from importer.parsing.common import Problem, ProblemCode, squeeze
from importer.parsing.table_header import Header, Role, is_header_cell, read_header, role_of
from importer.parsing.table_rows import ATTRIBUTES, IndicatorTable, TableRow, attach_footnotes, split_label
from importer.reading import Grid, GridRow, Line

MAX_HEADER_CELLS = 24
MAX_CELL = 160
MAX_LIST_CELL = 1000
_SUB_ROW = re.compile(r"^\s*其中\s*[:：]?\s*")
_OUTSIDE = re.compile(
    r"^\s*(?:注\s*[:：]|备\s*注|资料来源|数据来源|说明\s*[:：]|附件|附表|表\s*\d|专栏|第[一二三四五六七八九十百]+[章节部]"
    r"|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])"
)
_MERGEABLE = (Role.CATEGORY, Role.GROUP, Role.KIND)


@dataclass
class _Cell:
    text: str
    line: int
    last_line: int


@dataclass
class ListItem:
    """A row of a task or project list table, its cells by role."""

    number: int
    line: int
    category: str
    cells: dict[Role, str]


@dataclass
class ParagraphTable:
    table: IndicatorTable | None  # None for a review table
    first_line: int
    last_line: int
    title_line: int | None
    problems: list[Problem] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)  # the rows of a task or project list


def _is_cell_text(text: str, longest: int) -> bool:
    if longest > MAX_CELL:  # a task list's cells are sentences
        return len(text) <= longest and not _OUTSIDE.match(text)
    return len(text) <= longest and not text.rstrip().endswith("。")


def _paragraphs(lines: tuple[Line, ...], start: int, longest: int) -> list[_Cell]:
    """Paragraphs from index start on: runs of non-blank lines, joined by their line breaks."""
    cells: list[_Cell] = []
    run: list[Line] = []
    for line in lines[start:]:
        if line.text.strip():
            run.append(line)
            continue
        if run:
            text = "\n".join(x.text.strip() for x in run)
            if not _is_cell_text(text, longest):
                return cells
            cells.append(_Cell(text, run[0].number, run[-1].number))
            run = []
    if run:
        cells.append(_Cell("\n".join(x.text.strip() for x in run), run[0].number, run[-1].number))
    return cells


def _blocks(lines: tuple[Line, ...], start: int, longest: int) -> list[list[_Cell]]:
    """Line cells from index start on, in blocks separated by blank lines."""
    blocks: list[list[_Cell]] = [[]]
    for line in lines[start:]:
        text = line.text.strip()
        if not text:
            if blocks[-1]:
                blocks.append([])
            continue
        if not _is_cell_text(text, longest):
            break
        blocks[-1].append(_Cell(text, line.number, line.number))
    return [block for block in blocks if block]


def _header_at(lines: tuple[Line, ...], index: int) -> tuple[list[Line], int] | None:
    """The header's lines starting at index and the index of the first row number ("1")."""
    header: list[Line] = []
    position = index
    while position < len(lines) and len(header) <= MAX_HEADER_CELLS:
        text = lines[position].text.strip()
        if text:
            if text == "1":
                return (header, position) if header else None
            if len(squeeze(text)) > 30:
                return None
            header.append(lines[position])
        position += 1
    return None


def find_paragraph_tables(
    lines: tuple[Line, ...], skip: set[int], *, plan_start: int | None = None
) -> list[ParagraphTable]:
    tables: list[ParagraphTable] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.number in skip or not is_header_cell(line.text) or line.text.startswith("\t"):
            index += 1
            continue
        found = _header_at(lines, index)
        if found is None:
            index += 1
            continue
        header_lines, first_number = found
        read = _read_table(lines, index, header_lines, first_number, plan_start)
        if read is None:
            index += 1
            continue
        tables.append(read)
        index = read.last_line  # lines are numbered from 1: this is the next line's index
    return tables


def _split_header(header_lines: list[Line], header: Header | None) -> int:
    """How many of the cells before the first number are the first row's merged leading cells."""
    if header is None:
        return 0
    number = header.index(Role.NUMBER)
    leading = number if number is not None else 0
    count = 0
    for line in reversed(header_lines):
        if count >= leading or role_of(line.text) is not None:
            break
        count += 1
    return count


def _read_table(
    lines: tuple[Line, ...], index: int, header_lines: list[Line], first_number: int, plan_start: int | None
) -> ParagraphTable | None:
    texts = [line.text.strip() for line in header_lines]
    # A header is a table's only when it names the indicator and at least two more columns.
    roles = [role_of(text) for text in texts]
    named = {Role.NAME, Role.TASK, Role.PROJECT} & set(roles)
    if not named or sum(role is not None for role in roles) < 3:
        return None
    leading = _split_header(header_lines, read_header(texts, plan_start=plan_start))
    header_cells = header_lines[: len(header_lines) - leading] if leading else header_lines
    header = read_header([line.text.strip() for line in header_cells], plan_start=plan_start)
    if header is None or header.index(Role.NUMBER) is None:
        return None
    line_layout = all(b.number == a.number + 1 for a, b in itertools.pairwise(header_cells))
    start = header_cells[-1].number  # index of the line after the header
    longest = MAX_LIST_CELL if header.is_list else MAX_CELL
    if line_layout:
        raw_rows = _rows_from_blocks(_blocks(lines, start, longest), header)
    else:
        raw_rows = _rows_from_paragraphs(_paragraphs(lines, start, longest), header)
    title_line = _title_line(lines, index)
    if not raw_rows:
        return ParagraphTable(
            table=None,
            first_line=header_cells[0].number,
            last_line=header_cells[-1].number,
            title_line=title_line,
            problems=[Problem(ProblemCode.TABLE_NO_ROWS, line=header_cells[0].number)],
        )
    last_line = max(cell.last_line for row in raw_rows for cell in row.cells)
    result = ParagraphTable(
        table=None, first_line=header_cells[0].number, last_line=last_line, title_line=title_line
    )
    result.problems += [
        Problem(ProblemCode.TABLE_HEADER_UNMAPPED, line=result.first_line, params={"text": text})
        for text in header.unmapped
    ]
    if header.review:
        result.problems.append(Problem(ProblemCode.TABLE_REVIEW, line=result.first_line))
        return result
    if header.is_list:
        result.items = _list_items(raw_rows, header)
        return result
    table = IndicatorTable(
        title=lines[title_line - 1].text.strip() if title_line else "",
        first_line=result.first_line,
        last_line=last_line,
        baseline_year=header.baseline_year,
        target_year=header.target_year,
        baseline_estimate=any("预计" in c.text for c in header.columns if c.role is Role.BASELINE),
        has_annual=header.index(Role.ANNUAL) is not None,
        rows=[],
    )
    _assemble(table, raw_rows, header)
    attach_footnotes(table, lines[last_line : last_line + 12])
    result.table = table
    result.last_line = max([last_line, *table.footnote_lines])
    return result


def _title_line(lines: tuple[Line, ...], index: int) -> int | None:
    for position in range(index - 1, max(-1, index - 4), -1):
        text = lines[position].text.strip()
        if text:
            return lines[position].number if len(text) <= 60 and not text.endswith("。") else None
    return None


@dataclass
class _RawRow:
    leading: list[_Cell]  # cells before the number (category columns written before 序号)
    number: _Cell | None  # None for a 其中 sub-row
    cells: list[_Cell]


def _columns_after_number(header: Header) -> list[Role]:
    number = header.index(Role.NUMBER) or 0
    return [c.role for c in header.columns[number + 1 :]]


def _value_count(header: Header) -> int:
    return sum(c.role in (Role.BASELINE, Role.TARGET, Role.ANNUAL) for c in header.columns)


def _rows_from_paragraphs(cells: list[_Cell], header: Header) -> list[_RawRow]:
    after = _columns_after_number(header)
    leading_count = header.index(Role.NUMBER) or 0
    least = len(after) - sum(role in _MERGEABLE for role in after)
    values = _value_count(header)
    rows: list[_RawRow] = []
    position = next((i for i, cell in enumerate(cells) if cell.text == "1"), None)
    if position is None or position > leading_count:
        return []
    leading = cells[:position]
    number = 1
    while True:
        start = position + 1
        # The next number comes after this row's cells, a 其中 sub-row's and the next row's leading ones.
        window = start + 2 * len(after) + leading_count + 2
        following = next(
            (
                j
                for j in range(start + max(least, 1), min(window, len(cells)))
                if cells[j].text == str(number + 1)
            ),
            None,
        )
        if following is None:
            rows += _last_row(leading, cells[position], cells[start:], after, values)
            return rows
        segment = cells[start:following]
        own, subs, carried = _split_segment(segment, len(after), least, values, leading_count)
        rows.append(_RawRow(leading, cells[position], own))
        rows += [_RawRow([], None, sub) for sub in subs]
        leading = carried
        position = following
        number += 1


def _split_segment(
    segment: list[_Cell], width: int, least: int, values: int, leading_count: int
) -> tuple[list[_Cell], list[list[_Cell]], list[_Cell]]:
    """A row's own cells, its 其中 sub-rows, and the next row's leading cells."""
    sub_start = next((i for i, cell in enumerate(segment) if i >= least and _SUB_ROW.match(cell.text)), None)
    if sub_start is not None:
        own, rest = segment[:sub_start], segment[sub_start:]
        subs: list[list[_Cell]] = []
        while rest and _SUB_ROW.match(rest[0].text):
            following = next((i for i in range(1, len(rest)) if _SUB_ROW.match(rest[i].text)), None)
            spare = len(rest) - 1 - values
            size = following if following is not None else len(rest) - max(0, min(leading_count, spare))
            subs.append(rest[:size])
            rest = rest[size:]
        return own, subs, rest
    extra = len(segment) - width
    if 0 < extra <= leading_count:
        return segment[:width], [], segment[width:]
    return segment, [], []


def _last_row(
    leading: list[_Cell], number: _Cell, rest: list[_Cell], after: list[Role], values: int
) -> list[_RawRow]:
    """The last row ends where its cells do: the widest fit that stops before text outside."""
    least = len(after) - sum(role in _MERGEABLE for role in after)
    limit = next((i for i, cell in enumerate(rest) if _OUTSIDE.match(cell.text)), len(rest))
    candidates = [rest[:size] for size in range(min(len(after), limit), least - 1, -1) if size >= 1]
    if not candidates:
        return []
    own = max(candidates, key=lambda cells: (_fit(cells, after), len(cells)))
    rows = [_RawRow(leading, number, own)]
    tail = rest[len(own) : limit]
    if tail and _SUB_ROW.match(tail[0].text):
        rows.append(_RawRow([], None, tail[: 1 + values]))
    return rows


def _fit(cells: list[_Cell], after: list[Role]) -> int:
    """How well cells sit under the columns: attribute and unit cells where the header puts them."""
    roles = _roles_for(len(cells), after)
    score = 0
    for cell, role in zip(cells, roles, strict=False):
        is_attribute = squeeze(cell.text) in ATTRIBUTES
        if role in (Role.ATTRIBUTE, Role.KIND) and is_attribute:
            score += 2
        elif is_attribute:
            score -= 2
    return score


def _roles_for(count: int, after: list[Role]) -> list[Role]:
    """The columns a row of count cells fills: merged (category-like) columns drop out first."""
    roles = list(after)
    for role in _MERGEABLE:
        while len(roles) > count and role in roles:
            roles.remove(role)
    return roles


def _rows_from_blocks(blocks: list[list[_Cell]], header: Header) -> list[_RawRow]:
    leading_count = header.index(Role.NUMBER) or 0
    after = _columns_after_number(header)
    rows: list[_RawRow] = []
    expected = 1
    for block in blocks:
        texts = [cell.text for cell in block]
        at = next((i for i in range(min(leading_count + 1, len(texts))) if texts[i] == str(expected)), None)
        if at is not None:
            rows.append(_RawRow(block[:at], block[at], block[at + 1 :]))
            expected += 1
            continue
        if not rows:
            return []
        if _SUB_ROW.match(texts[0]):
            rows.append(_RawRow([], None, block))
            continue
        own = rows[-1].cells
        if len(own) < len(after) and len(block) <= len(after) - len(own) and not _OUTSIDE.match(texts[0]):
            # A blank line inside a row: an empty cell, then the row goes on.
            empty = _Cell("", block[0].line - 1, block[0].line - 1)
            rows[-1].cells = [*own, empty, *block]
            continue
        break
    return rows


def _assemble(table: IndicatorTable, raw_rows: list[_RawRow], header: Header) -> None:
    after = _columns_after_number(header)
    number_index = header.index(Role.NUMBER) or 0
    before = [c.role for c in header.columns[:number_index]]
    category = group = ""
    parent: int | None = None
    for raw in raw_rows:
        if raw.number is None:
            if parent is None:
                continue
            table.rows.append(_sub_row(raw, table.rows[parent], parent, header))
            continue
        if raw.leading:
            for cell, role in zip(raw.leading[::-1], before[::-1], strict=False):
                if role is Role.GROUP:
                    group = cell.text
                else:
                    category, group = cell.text, ""
        roles = _roles_for(len(raw.cells), after)
        problems: list[Problem] = []
        texts = [cell.text for cell in (*raw.leading, raw.number, *raw.cells)]
        if len(raw.cells) != len(roles) or len(raw.cells) < len(after) - sum(r in _MERGEABLE for r in after):
            code = ProblemCode.TABLE_ROW_SHORT if len(raw.cells) < len(roles) else ProblemCode.TABLE_ROW_LONG
            problems.append(Problem(code, line=raw.number.line, params={"cells": " | ".join(texts)}))
        values: dict[Role, list[_Cell]] = {}
        for cell, role in zip(raw.cells, roles, strict=False):
            values.setdefault(role, []).append(cell)
        for cell in values.get(Role.KIND, []):
            if squeeze(cell.text) in ATTRIBUTES:
                values.setdefault(Role.ATTRIBUTE, []).append(cell)
            else:
                values.setdefault(Role.CATEGORY, []).append(cell)
        if values.get(Role.CATEGORY):
            category, group = values[Role.CATEGORY][0].text, ""
        if values.get(Role.GROUP):
            group = values[Role.GROUP][0].text
        table.rows.append(_row(raw.number, values, category, group, header, problems, texts))
        parent = len(table.rows) - 1


def _text(values: dict[Role, list[_Cell]], role: Role, position: int = 0) -> str:
    cells = values.get(role, [])
    return cells[position].text if len(cells) > position else ""


def _row(
    number: _Cell,
    values: dict[Role, list[_Cell]],
    category: str,
    group: str,
    header: Header,
    problems: list[Problem],
    texts: list[str],
) -> TableRow:
    name_cell = values.get(Role.NAME, [number])[0]
    label = name_cell.text if Role.NAME in values else ""
    _, name, unit_in_name = split_label(label)
    attribute_text = squeeze(_text(values, Role.ATTRIBUTE))
    attribute = ATTRIBUTES.get(attribute_text)
    if attribute is None:
        problems.append(Problem(ProblemCode.TABLE_NO_ATTRIBUTE, line=name_cell.line))
    row = TableRow(
        line=name_cell.line,
        number=number.text,
        category=category,
        name_as_written=label,
        name=name,
        unit=_text(values, Role.UNIT) or unit_in_name,
        attribute=attribute,
        baseline=_text(values, Role.BASELINE),
        target=_text(values, Role.TARGET),
        annual=_text(values, Role.ANNUAL) if header.index(Role.ANNUAL) is not None else None,
        cells=tuple(texts),
        problems=problems,
        group=group,
    )
    _keep_further_targets(row, values, header)
    return row


def _keep_further_targets(row: TableRow, values: dict[Role, list[_Cell]], header: Header) -> None:
    """A second target column (2035年) and the 备注 are kept in the row's footnote, as written."""
    targets = [c for c in header.columns if c.role is Role.TARGET]
    extra = [
        f"{column.text}：{cell.text}"
        for column, cell in zip(targets[1:], values.get(Role.TARGET, [])[1:], strict=False)
        if cell.text
    ]
    extra += [f"备注：{cell.text}" for cell in values.get(Role.NOTE, []) if cell.text]
    extra += [f"责任单位：{cell.text}" for cell in values.get(Role.RESPONSIBILITY, []) if cell.text]
    if extra:
        row.footnote = "\n".join(extra)


def _sub_row(raw: _RawRow, parent: TableRow, parent_index: int, header: Header) -> TableRow:
    label = raw.cells[0]
    name = _SUB_ROW.sub("", label.text).strip()
    _, name, unit = split_label(name)
    roles = [c.role for c in header.columns if c.role in (Role.BASELINE, Role.TARGET, Role.ANNUAL)]
    values: dict[Role, list[_Cell]] = {}
    for cell, role in zip(raw.cells[1:], roles, strict=False):
        values.setdefault(role, []).append(cell)
    return TableRow(
        line=label.line,
        number="",
        category=parent.category,
        name_as_written=label.text,
        name=name,
        unit=unit or parent.unit,
        attribute=parent.attribute,
        baseline=_text(values, Role.BASELINE),
        target=_text(values, Role.TARGET),
        annual=_text(values, Role.ANNUAL) if header.index(Role.ANNUAL) is not None else None,
        parent=parent_index,
        cells=tuple(cell.text for cell in raw.cells),
        group=parent.group,
    )


# --- grids (Word, PDF, tabbed and | tables) read by their header --------------------------------


def read_grid_by_header(grid: Grid, *, plan_start: int | None = None) -> ParagraphTable | None:
    """A grid whose header names its columns (序号 and the indicator among them), read by column.

    None when the header does not say enough (no 序号 or no indicator column, or rows of another
    width): the grid is then read by :func:`table_rows.read_indicator_table`.
    """
    rows = list(grid.rows)
    first = next(
        (i for i, row in enumerate(rows) if any(cell.text.strip() == "1" for cell in row.cells)), None
    )
    if first is None or first == 0:
        return None
    header_texts = _grid_header_texts(rows[:first])
    header = read_header(header_texts, plan_start=plan_start)
    if header is None or header.index(Role.NUMBER) is None:
        return None
    width = len(header.columns)
    number_index = header.index(Role.NUMBER) or 0
    if len(rows[first].cells) != width:
        return None
    raw_rows: list[_RawRow] = []
    for row in rows[first:]:
        cells = [_Cell(cell.text.strip(), cell.line, cell.line) for cell in row.cells]
        if not any(cell.text for cell in cells):
            continue
        if len(cells) != width:
            raw_rows.append(_RawRow([], cells[0], cells[1:]))
            continue
        number = cells[number_index]
        after = cells[number_index + 1 :]
        name_index = next(
            (i for i, c in enumerate(header.columns[number_index + 1 :]) if c.role is Role.NAME), 0
        )
        if not number.text and after and _SUB_ROW.match(after[name_index].text):
            values = [
                cell
                for cell, column in zip(after, header.columns[number_index + 1 :], strict=False)
                if column.role in (Role.BASELINE, Role.TARGET, Role.ANNUAL)
            ]
            raw_rows.append(_RawRow([], None, [after[name_index], *values]))
            continue
        raw_rows.append(_RawRow(cells[:number_index], number, after))
    result = ParagraphTable(
        table=None, first_line=grid.first_line, last_line=grid.last_line, title_line=grid.title_line
    )
    if header.review:
        result.problems.append(Problem(ProblemCode.TABLE_REVIEW, line=grid.first_line))
        return result
    if header.is_list:
        result.items = _list_items(raw_rows, header)
        return result
    table = IndicatorTable(
        title=grid.title,
        first_line=grid.first_line,
        last_line=grid.last_line,
        baseline_year=header.baseline_year,
        target_year=header.target_year,
        baseline_estimate=any("预计" in c.text for c in header.columns if c.role is Role.BASELINE),
        has_annual=header.index(Role.ANNUAL) is not None,
        rows=[],
    )
    _assemble(table, raw_rows, header)
    attach_footnotes(table, grid.after)
    result.table = table
    return result


def _grid_header_texts(rows: list[GridRow]) -> list[str]:
    """The header's cells in reading order; a header of two rows (指标值 over 现状 | 目标) is read
    row by row, which is the order :func:`read_header` expects."""
    return [cell.text for row in rows for cell in row.cells if cell.text.strip()]


def _list_items(raw_rows: list[_RawRow], header: Header) -> list[ListItem]:
    after = _columns_after_number(header)
    number_index = header.index(Role.NUMBER) or 0
    before = [c.role for c in header.columns[:number_index]]
    items: list[ListItem] = []
    category = ""
    for raw in raw_rows:
        if raw.number is None or not raw.number.text.isdigit():
            continue
        for cell, role in zip(raw.leading[::-1], before[::-1], strict=False):
            if role in _MERGEABLE:
                category = cell.text
        cells: dict[Role, str] = {}
        for cell, role in zip(raw.cells, _roles_for(len(raw.cells), after), strict=False):
            if role in _MERGEABLE:
                category = cell.text
            else:
                cells[role] = cell.text
        main = next(
            (c for c in raw.cells if c.text == cells.get(Role.TASK, cells.get(Role.PROJECT))), raw.number
        )
        items.append(ListItem(number=int(raw.number.text), line=main.line, category=category, cells=cells))
    return items
