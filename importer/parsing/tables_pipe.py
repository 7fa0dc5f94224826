"""Tables exported with ``|`` between cells (seed 003, and markdown-like web copies).

Two shapes are read:

* one row per line, cells separated by ``|`` ("标题: | 张店区… | ||"): split the line;
* one cell per line, each ending in ``|`` (003's indicator table): the export flattened the rows,
  so a row is rebuilt from what starts one: a row label ("(1)地区生产总值增速(%)"), a category cell
  followed by an empty row ``||||``, or the empty row itself.

Cells are kept verbatim; a line holding only ``|`` is an empty cell (003 rows 16-18).
"""

from __future__ import annotations

import re

from importer.reading import Cell, Grid, GridRow, Line

MIN_LINES = 6
ROW_LABEL = re.compile(r"^[（(]\s*\d{1,3}\s*[)）]\s*\S")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—]*$")


def _is_pipe_line(line: Line) -> bool:
    return line.text.rstrip().endswith("|") or line.text.strip().startswith("|")


def _cells_of(line: Line) -> list[str]:
    text = line.text.strip()
    if text.endswith("|"):
        text = text[:-1]
    return [part.strip() for part in text.split("|")]


def find_pipe_grids(lines: tuple[Line, ...]) -> list[Grid]:
    grids: list[Grid] = []
    index = 0
    while index < len(lines):
        if not _is_pipe_line(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and (_is_pipe_line(lines[end]) or not lines[end].text.strip()):
            end += 1
        region = [line for line in lines[index:end] if line.text.strip()]
        while region and not _is_pipe_line(region[-1]):
            region.pop()
        if len(region) >= MIN_LINES:
            grid = _grid(lines, region)
            if grid is not None:
                grids.append(grid)
        index = end if end > index else index + 1
    return grids


def _grid(lines: tuple[Line, ...], region: list[Line]) -> Grid | None:
    one_cell_per_line = sum(len(_cells_of(line)) <= 1 for line in region) > len(region) // 2
    rows = _rows_from_cells(region) if one_cell_per_line else _rows_from_lines(region)
    if not rows:
        return None
    first, last = region[0].number, region[-1].number
    title = ""
    title_line = None
    for position in range(first - 2, max(-1, first - 5), -1):
        if lines[position].text.strip():
            title, title_line = lines[position].text.strip(), lines[position].number
            break
    return Grid(
        rows=tuple(rows),
        first_line=first,
        last_line=last,
        title=title,
        title_line=title_line,
        after=tuple(lines[last : last + 12]),
    )


def _rows_from_lines(region: list[Line]) -> list[GridRow]:
    rows = []
    for line in region:
        if _SEPARATOR_ROW.match(line.text) and "-" in line.text:
            continue  # the markdown rule line under a header: ---|---|
        cells = tuple(Cell(text=text, line=line.number) for text in _cells_of(line))
        rows.append(GridRow(cells=cells, line=line.number))
    return rows


def _rows_from_cells(region: list[Line]) -> list[GridRow]:
    rows: list[list[Cell]] = [[]]
    for line in region:
        text = line.text.strip()
        if text.count("|") >= 2 and not text.replace("|", "").strip():
            rows.append([])  # an empty row (||||) closes whatever came before
            continue
        cell = Cell(text=_cells_of(line)[0], line=line.number)
        if ROW_LABEL.match(cell.text) and rows[-1]:
            rows.append([])
        rows[-1].append(cell)
    result = []
    for cells in rows:
        if not cells:
            continue
        # A category cell sits alone before its empty row; the header is the first group.
        result.append(GridRow(cells=tuple(cells), line=cells[0].line))
    return _split_categories(result)


def _split_categories(rows: list[GridRow]) -> list[GridRow]:
    """The cell before an empty row is a category of its own, not the last cell of a row."""
    out: list[GridRow] = []
    for row in rows:
        cells = row.cells
        if len(cells) >= 2 and not ROW_LABEL.match(cells[-1].text) and _looks_like_category(cells[-1].text):
            head = cells[:-1]
            out.append(GridRow(cells=head, line=head[0].line))
            out.append(GridRow(cells=(cells[-1],), line=cells[-1].line))
        else:
            out.append(row)
    return out


def _looks_like_category(text: str) -> bool:
    """经济发展, 民生福祉: a short all-Chinese cell that is neither an attribute nor a value."""
    return (
        2 <= len(text) <= 8
        and all("\u4e00" <= ch <= "\u9fff" for ch in text)
        and text
        not in {
            "预期性",
            "约束性",
        }
        and not text.startswith(("完成", "与"))
    )
