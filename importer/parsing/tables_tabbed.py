"""Tables exported one cell per tab-indented line (seeds 000 and 004).

What the export does to a table, and how it is undone here:

* every cell is a line starting with a tab; a blank line ends a table row;
* a cell whose text wrapped loses its tab on the second line ("\\t指标" / "属性"): a short untabbed
  line followed by more tabbed lines continues the cell before it;
* a page break inside the table shows as several blank lines in a row: that is not a row end, and
  the cell text after it continues the cell before it (004: the category 民生福祉 of row 4).

The result is a :class:`~importer.reading.Grid` of rows of cells; what the cells mean is decided in
``table_rows``, the same way for every table format.
"""

from __future__ import annotations

from importer.parsing.common import SENTENCE_END
from importer.reading import Cell, Grid, GridRow, Line

# A region is a table when it starts with this many tabbed lines among the next few: single tabbed
# lines (a 专栏 heading) are not tables.
MIN_CELLS = 6
WINDOW = 14
# An untabbed line continues a cell only when it is short and has no sentence punctuation.
CONTINUATION_MAX = 8


def _is_cell(line: Line) -> bool:
    return line.text.startswith("\t")


def _is_continuation(line: Line) -> bool:
    text = line.text.strip()
    return (
        0 < len(text) <= CONTINUATION_MAX
        and not SENTENCE_END.search(text)
        and not any(mark in text for mark in "，,：:")
    )


def _next_nonblank(lines: tuple[Line, ...], index: int) -> int | None:
    for position in range(index, len(lines)):
        if lines[position].text.strip():
            return position
    return None


def _title_before(lines: tuple[Line, ...], index: int) -> tuple[str, int | None]:
    for position in range(index - 1, max(-1, index - 4), -1):
        text = lines[position].text.strip()
        if text:
            return text, lines[position].number
    return "", None


def find_tabbed_grids(lines: tuple[Line, ...]) -> list[Grid]:
    grids: list[Grid] = []
    index = 0
    while index < len(lines):
        window = lines[index : index + WINDOW]
        if _is_cell(lines[index]) and sum(_is_cell(line) for line in window) >= MIN_CELLS:
            grid, index = _read_region(lines, index)
            if grid is not None:
                grids.append(grid)
        else:
            index += 1
    return grids


def _read_region(lines: tuple[Line, ...], start: int) -> tuple[Grid | None, int]:
    rows: list[list[Cell]] = [[]]
    blanks = 0
    index = start
    last_cell_index = start
    while index < len(lines):
        line = lines[index]
        if not line.text.strip() and not _is_cell(line):
            blanks += 1
            index += 1
            continue
        if _is_cell(line):
            if blanks == 1 and rows[-1]:
                rows.append([])
            rows[-1].append(Cell(text=line.text.strip(), line=line.number))
        else:
            following = _next_nonblank(lines, index + 1)
            if not (_is_continuation(line) and following is not None and _is_cell(lines[following])):
                break
            cells = rows[-1] or (rows[-2] if len(rows) > 1 else [])
            if not cells:
                break
            previous = cells[-1]
            cells[-1] = Cell(text=previous.text + line.text.strip(), line=previous.line)
        blanks = 0
        last_cell_index = index
        index += 1
    grid_rows = tuple(
        GridRow(cells=tuple(cells), line=cells[0].line)
        for cells in rows
        if cells and any(c.text for c in cells)
    )
    if not grid_rows:
        return None, index
    title, title_line = _title_before(lines, start)
    grid = Grid(
        rows=grid_rows,
        first_line=lines[start].number,
        last_line=lines[last_cell_index].number,
        title=title,
        title_line=title_line,
        after=tuple(lines[last_cell_index + 1 : last_cell_index + 13]),
    )
    return grid, last_cell_index + 1
