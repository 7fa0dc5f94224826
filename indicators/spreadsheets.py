"""Figures in a spreadsheet (xlsx or CSV) → bulk rows, refusing what cannot be read with the cell at fault.

Columns are found by their header (Chinese as in our template, or the API's English field names),
in any order; other columns (the template's names, targets and last year's figures) are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.bulk import BulkRow

HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("指标ID", "indicator", "indicator_id"),
    "year": ("年份", "year"),
    "quarter": ("季度", "quarter"),
    "value": ("数值", "本期数值", "value"),
    "judgement": ("定性评价", "judgement"),
    "explanation": ("情况说明", "explanation"),
    "data_source": ("数据来源", "data_source"),
}
REQUIRED = ("indicator", "year")
HEADER_SEARCH_ROWS = 10  # a template may put a title above the header row
MAX_ROWS = 20_000


class SheetError(Exception):
    """The file cannot be read as figures; says where (row, column) when it can."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


@dataclass(frozen=True)
class Sheet:
    rows: list[BulkRow]
    header_row: int


def read_figures(filename: str, content: bytes) -> Sheet:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return from_cells(xlsx_cells(content))
    if name.endswith(".csv"):
        return from_cells(csv_cells(content))
    raise SheetError(_("Upload an .xlsx or .csv file."))


def xlsx_cells(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=False, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, XML errors … for anything not an xlsx
        raise SheetError(_("The file is not a readable .xlsx workbook.")) from None
    sheet = workbook.worksheets[0]
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > 1:
            raise SheetError(
                _("Merged cells %(range)s: unmerge them so that every row has its own values.")
                % {"range": merged.coord},
                row=merged.min_row,
                column=get_column_letter(merged.min_col),
            )
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, list(values)


def csv_cells(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise SheetError(_("The file is not a CSV text file."))
    yield from enumerate(csv.reader(io.StringIO(text)), start=1)


def from_cells(cells: Iterator[tuple[int, list[Any]]]) -> Sheet:
    columns: dict[str, int] | None = None
    header_row = 0
    rows: list[BulkRow] = []
    for number, values in cells:
        if columns is None:
            columns = header_columns(values, number)
            if columns is None:
                if number >= HEADER_SEARCH_ROWS:
                    break
                continue
            header_row = number
            continue
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise SheetError(_("At most %(count)s rows per upload.") % {"count": MAX_ROWS}, row=number)
        cell = {name: values[index] if index < len(values) else None for name, index in columns.items()}
        rows.append(
            BulkRow(
                row=number,
                indicator=cell["indicator"],
                year=cell["year"],
                quarter=cell.get("quarter"),
                value=cell.get("value"),
                judgement=text(cell.get("judgement")),
                explanation=text(cell.get("explanation")),
                data_source=text(cell.get("data_source")),
            )
        )
    if columns is None:
        wanted = "、".join(HEADERS[name][0] for name in REQUIRED)
        raise SheetError(_("No header row with the columns %(columns)s was found.") % {"columns": wanted})
    return Sheet(rows, header_row)


def header_columns(values: list[Any], number: int) -> dict[str, int] | None:
    """The columns of a header row; None if the row is no header; SheetError if one is incomplete."""
    labels = {str(value).strip(): index for index, value in enumerate(values) if value is not None}
    columns = {
        name: next(labels[label] for label in accepted if label in labels)
        for name, accepted in HEADERS.items()
        if any(label in labels for label in accepted)
    }
    if len(columns) < 2:
        return None
    missing = [HEADERS[name][0] for name in REQUIRED if name not in columns]
    if "value" not in columns and "judgement" not in columns:
        missing.append(f"{HEADERS['value'][0]}/{HEADERS['judgement'][0]}")
    if missing:
        raise SheetError(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)}, row=number)
    return columns


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()
