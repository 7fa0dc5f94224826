"""Figures in a spreadsheet (xlsx or CSV) → bulk rows, refusing what cannot be read with the cell at fault.

Columns are found by their header (Chinese as in our template, or the API's English field names),
in any order; other columns (the template's names, targets and last year's figures) are ignored.

The template a unit downloads (`write_template`) is written here too, next to the reader that must
read it back: the same header names, the entry columns unlocked and everything else protected.

Why this module is long: reading (with its size limits) and writing the template are two halves of
one file format.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.bulk import BulkRow
from indicators.domain.judgements import WRITTEN as WRITTEN_JUDGEMENTS

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
# Bounds on what a file may make us read, checked before or while reading, never after: a small
# compressed workbook can declare millions of cells. The template has 15 columns.
MAX_COLUMNS = 200
MAX_SHEET_ROWS = HEADER_SEARCH_ROWS + MAX_ROWS * 2  # room for blank lines between rows
MAX_CELLS = 500_000
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024


class SheetError(Exception):
    """The file cannot be read as figures; says where (row, column) when it can."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


@dataclass(frozen=True)
class Sheet:
    rows: list[BulkRow]
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)  # field name → 0-based column index

    def column_of(self, name: str) -> str | None:
        """The column letter of a field (`value` → "J"), None for a field the sheet does not have."""
        index = self.columns.get(name)
        return None if index is None else get_column_letter(index + 1)


def read_figures(filename: str, content: bytes) -> Sheet:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return from_cells(xlsx_cells(content))
    if name.endswith(".csv"):
        return from_cells(csv_cells(content))
    raise SheetError(_("Upload an .xlsx or .csv file."))


def too_large() -> SheetError:
    return SheetError(
        _("The file is too large: at most %(rows)s rows, %(columns)s columns and %(cells)s cells.")
        % {"rows": MAX_ROWS, "columns": MAX_COLUMNS, "cells": MAX_CELLS}
    )


def xlsx_cells(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows, read in streaming mode after every sheet's size was checked.

    openpyxl would parse a whole sheet just to learn its size when it declares none, so each part of
    the package is measured first, in one streaming pass that stops at the first limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(member.file_size for member in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
            raise too_large()
        merged = {
            member.filename: checked_sheet_xml(archive.open(member))
            for member in archive.infolist()
            if member.filename.endswith(".xml")
        }
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except SheetError:
        raise
    except Exception:  # zipfile, KeyError, XML errors … for anything not an xlsx
        raise SheetError(_("The file is not a readable .xlsx workbook.")) from None
    try:
        for cells in merged.get(sheet._worksheet_path, []):
            min_col, min_row, _max_col, max_row = range_boundaries(cells)
            if max_row > min_row:
                raise SheetError(
                    _("Merged cells %(range)s: unmerge them so that every row has its own values.")
                    % {"range": cells},
                    row=min_row,
                    column=get_column_letter(min_col),
                )
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def checked_sheet_xml(source: IO[bytes]) -> list[str]:
    """One streaming pass over a sheet's XML: refuses it at the first cell past a limit.

    Counts cells and checks each row and column number as the parser meets them, so nothing is
    held but the merged ranges, which are returned (openpyxl's streaming mode does not read them).
    """
    cells = 0
    row_number = 0
    merged: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal cells, row_number
        if name == f"{SHEET_NS} dimension":
            _c, _r, max_column, max_row = range_boundaries(attributes.get("ref", "A1"))
            if (max_row or 0) > MAX_SHEET_ROWS or (max_column or 0) > MAX_COLUMNS:
                raise too_large()  # as declared
        elif name == f"{SHEET_NS} c":
            cells += 1
            reference = attributes.get("r")
            if cells > MAX_CELLS or (reference and column_of(reference) > MAX_COLUMNS):
                raise too_large()
        elif name == f"{SHEET_NS} row":
            row_number = int(attributes.get("r") or row_number + 1)
            if row_number > MAX_SHEET_ROWS:
                raise too_large()
        elif name == f"{SHEET_NS} mergeCell":
            merged.append(attributes.get("ref", ""))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    with source:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return merged


def column_of(reference: str) -> int:
    return column_index_from_string(coordinate_from_string(reference)[0])


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
    cells = 0
    reader = csv.reader(bounded_lines(io.StringIO(text)))
    try:
        for number, values in enumerate(reader, start=1):
            cells += len(values)
            if number > MAX_SHEET_ROWS or cells > MAX_CELLS:
                raise too_large()
            yield number, values
    except csv.Error:  # e.g. a field longer than the csv module's limit
        raise SheetError(_("The CSV file cannot be read."), row=reader.line_num) from None


def bounded_lines(lines: Iterable[str]) -> Iterator[str]:
    """Lines with at most MAX_COLUMNS separators, checked before the CSV reader splits them."""
    for line in lines:
        if line.count(",") >= MAX_COLUMNS:
            raise too_large()
        yield line


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
    return Sheet(rows, header_row, columns)


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


def nothing_entered(row: BulkRow) -> bool:
    """A template row left as downloaded, with no figure, judgement, explanation or source."""
    return all(
        value is None or str(value).strip() == ""
        for value in (row.value, row.judgement, row.explanation, row.data_source)
    )


# --- the template a unit fills in offline ---------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    """One figure the unit owes: what it is for (locked), and what was entered so far (editable)."""

    indicator_id: int
    plan: str
    group: str  # the category, or the task a sub-target belongs to
    name: str
    unit_of_measure: str
    target: str
    previous: Decimal | None  # last year's approved figure
    year: int
    qualitative: bool
    value: Decimal | None = None
    judgement: str = ""  # as stored (achieved, on_track, lagging)
    explanation: str = ""
    data_source: str = ""
    state: str = ""
    return_reason: str = ""
    editable: bool = True  # False once submitted or approved, or when the period is closed


# (header, width, editable) in sheet order. The reader finds 指标ID, 年份, 季度, 数值, 定性评价,
# 情况说明 and 数据来源 by these names and ignores the others.
TEMPLATE_COLUMNS: list[tuple[str, int, bool]] = [
    (HEADERS["indicator"][0], 9, False),
    ("规划", 22, False),
    ("类别/任务", 16, False),
    ("指标名称", 32, False),
    ("计量单位", 9, False),
    ("目标", 16, False),
    ("上年数值", 10, False),
    (HEADERS["year"][0], 7, False),
    (HEADERS["quarter"][0], 6, False),
    (HEADERS["value"][0], 12, True),
    (HEADERS["judgement"][0], 11, True),
    (HEADERS["explanation"][0], 36, True),
    (HEADERS["data_source"][0], 16, True),
    ("状态", 8, False),
    ("退回原因", 30, False),
]
TEMPLATE_HEADER_ROW = 3
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def write_template(rows: Sequence[TemplateRow], *, title: str, note: str) -> bytes:
    """An xlsx of the given rows: a title, a note, the header, one row per figure.

    The sheet is protected (no password: it guards against slips, not people) with only the entry
    cells unlocked: 数值 for numeric targets, 定性评价 (a list) for qualitative ones, 情况说明 and
    数据来源 for all; rows no longer editable (submitted, approved, period closed) are locked whole.
    `read_figures` reads it back unchanged.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=note).font = Font(color="666666")
    for index, (header, width, _editable) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=TEMPLATE_HEADER_ROW, column=index, value=header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    judgements = DataValidation(
        type="list", formula1='"' + ",".join(WRITTEN_JUDGEMENTS.values()) + '"', allow_blank=True
    )
    numbers = DataValidation(type="decimal", operator="between", formula1="-1e14", formula2="1e14")
    numbers.allow_blank = True
    numbers.error, numbers.errorTitle, numbers.showErrorMessage = "请输入数字。", "数值", True
    sheet.add_data_validation(judgements)
    sheet.add_data_validation(numbers)
    value_column = 1 + [header for header, _w, _e in TEMPLATE_COLUMNS].index(HEADERS["value"][0])
    judgement_column = value_column + 1
    for number, row in enumerate(rows, start=TEMPLATE_HEADER_ROW + 1):
        values = [
            row.indicator_id,
            row.plan,
            row.group,
            row.name,
            row.unit_of_measure,
            row.target,
            row.previous,
            row.year,
            None,
            row.value,
            WRITTEN_JUDGEMENTS.get(row.judgement, row.judgement),  # type: ignore[call-overload]
            row.explanation,
            row.data_source,
            row.state,
            row.return_reason,
        ]
        for index, ((_header, _width, editable), value) in enumerate(
            zip(TEMPLATE_COLUMNS, values, strict=True), start=1
        ):
            cell = sheet.cell(row=number, column=index, value=value)
            if not row.editable:
                editable = False
            elif index == value_column:
                editable = not row.qualitative
            elif index == judgement_column:
                editable = row.qualitative
            cell.protection = Protection(locked=not editable)
            if not editable:
                cell.fill = LOCKED_FILL
            cell.alignment = Alignment(vertical="top", wrap_text=index in {4, 12, 15})
        if row.editable:
            target = judgements if row.qualitative else numbers
            column = judgement_column if row.qualitative else value_column
            target.add(f"{get_column_letter(column)}{number}")
    sheet.freeze_panes = sheet.cell(row=TEMPLATE_HEADER_ROW + 1, column=5)
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REASON_HEADER = "未通过原因"


def write_refused_rows(
    filename: str, content: bytes, header_row: int, reasons: dict[int, list[str]]
) -> bytes:
    """The uploaded file cut down to its refused rows, each with its reasons in a last column: the
    unit corrects this workbook and uploads it again. Title and header rows are kept as they were."""
    if filename.lower().endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.worksheets[0]
        reason_column = sheet.max_column + 1
        header = sheet.cell(row=header_row, column=reason_column, value=REASON_HEADER)
        header.font, header.fill = Font(bold=True), HEADER_FILL
        sheet.column_dimensions[get_column_letter(reason_column)].width = 50
        for number in range(sheet.max_row, header_row, -1):  # bottom up: deleting shifts the rows below
            if number in reasons:
                cell = sheet.cell(row=number, column=reason_column, value="；".join(reasons[number]))
                cell.font, cell.alignment = Font(color="C62828"), Alignment(vertical="top", wrap_text=True)
            else:
                sheet.delete_rows(number)
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "未通过"
        for number, values in csv_cells(content):
            if number == header_row:
                sheet.append([*values, REASON_HEADER])
            elif number in reasons:
                sheet.append([*values, "；".join(reasons[number])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
