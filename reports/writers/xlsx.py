"""The Excel version of a report, written in constant memory (openpyxl write-only mode) and ready
to print: A4 landscape, one page wide, the header row repeated on every page, page numbers in the
footer, frozen panes, and the charts on a sheet of their own, one print page per chart pair."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image as XlImage
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from indicators.palette import STATUS_TINTS
from reports.content import Image, Report, Sheet
from reports.frames import COMPLETED_LABEL, STATUS_LABELS
from reports.writers.cells import display_width

NUMBER_FORMATS = {"number": "0.00", "percent": "0.0%", "integer": "0", "figure": "General"}
HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
# The status classes as they appear in a sheet, filled in the shared palette's light tints.
STATUS_FILLS = {
    label: STATUS_TINTS[status].lstrip("#").upper() for status, label in STATUS_LABELS.items()
} | {COMPLETED_LABEL: STATUS_TINTS["achieved_early"].lstrip("#").upper()}
MAX_WIDTH, LONG_WIDTH, MIN_WIDTH = 40, 50, 6
ROW_BLOCK = 2000
CHART_ROWS = 22  # rows a chart takes on the charts sheet (about 10 cm at the default row height)
# Excel forbids these in sheet names; 31 characters at most.
SHEET_NAME_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")


def sheet_name(title: str) -> str:
    return title.translate(SHEET_NAME_FORBIDDEN)[:31] or "Sheet"


def display_frame(sheet: Sheet) -> pd.DataFrame:
    """The sheet's columns in order, headed by their labels, flags as 是/blank."""
    data = {}
    for column in sheet.columns:
        values = (
            sheet.frame[column.key] if column.key in sheet.frame else pd.Series([None] * len(sheet.frame))
        )
        if column.kind == "flag":
            values = values.map(lambda flag: "是" if flag is True or flag == 1 else "")
        data[column.header] = values.reset_index(drop=True)
    return pd.DataFrame(data, columns=[column.header for column in sheet.columns])


def text_width(series: pd.Series) -> int:
    """The widest text of the column (each distinct text measured once)."""
    if series.empty:
        return 0
    text = series.astype("str").where(series.notna(), "")
    return max(display_width(value) for value in text.unique())


def print_setup(worksheet: WriteOnlyWorksheet, *, title_rows: str | None) -> None:
    """A4 landscape, fit to one page wide (as many pages tall as needed), numbered pages."""
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.5
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.8  # room for the header and footer lines
    if title_rows:
        worksheet.print_title_rows = title_rows
    worksheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    worksheet.oddHeader.center.text = "&A"


def column_styles(
    worksheet: WriteOnlyWorksheet, sheet: Sheet, data: pd.DataFrame
) -> list[WriteOnlyCell | None]:
    """Set the widths; return, per column, a styled template cell (None: plain values)."""
    templates: list[WriteOnlyCell | None] = []
    for index, column in enumerate(sheet.columns, start=1):
        width = max(text_width(pd.Series([column.header])), text_width(data[column.header]) + 2, MIN_WIDTH)
        long_text = column.kind == "long_text"
        wrap = long_text or width > MAX_WIDTH
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            width, LONG_WIDTH if long_text else MAX_WIDTH
        )
        number_format = NUMBER_FORMATS.get(column.kind)
        if not (number_format or wrap):
            templates.append(None)
            continue
        template = WriteOnlyCell(worksheet)
        if number_format:
            template.number_format = number_format
        if wrap:
            template.alignment = Alignment(wrap_text=True, vertical="top")
        templates.append(template)
    return templates


def header_row(worksheet: WriteOnlyWorksheet, headers: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cells.append(cell)
    return cells


def data_rows(
    worksheet: WriteOnlyWorksheet, data: pd.DataFrame, templates: list[WriteOnlyCell | None]
) -> Iterator[list[object]]:
    """The rows as cell values, a block of rows at a time (so no second copy of the whole table is
    made); a styled cell shares its column template's style, as it is written at once."""
    for start in range(0, len(data), ROW_BLOCK):
        block = data.iloc[start : start + ROW_BLOCK]
        cells = block.astype("object").where(block.notna(), None)
        for row in cells.itertuples(index=False, name=None):
            out: list[object] = []
            for value, template in zip(row, templates, strict=True):
                if template is None or value is None:
                    out.append(value)
                else:
                    cell = WriteOnlyCell(worksheet, value=value)
                    cell._style = template._style
                    out.append(cell)
            yield out


def write_sheet(book: Workbook, sheet: Sheet) -> None:
    data = display_frame(sheet)
    worksheet = book.create_sheet(sheet_name(sheet.title))
    rows = len(data)
    templates = column_styles(worksheet, sheet, data)
    worksheet.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}2"
    print_setup(worksheet, title_rows="1:1")
    status_index = next(
        (i for i, column in enumerate(sheet.columns, start=1) if column.key == sheet.status_column), None
    )
    if status_index and rows:
        letter = get_column_letter(status_index)
        for label, colour in STATUS_FILLS.items():
            worksheet.conditional_formatting.add(
                f"{letter}2:{letter}{rows + 1}",
                CellIsRule(
                    operator="equal", formula=[f'"{label}"'], fill=PatternFill("solid", bgColor=colour)
                ),
            )
    worksheet.append(header_row(worksheet, list(data.columns)))
    if sheet.frame.empty and sheet.empty_message:
        worksheet.append([sheet.empty_message])
    for row in data_rows(worksheet, data, templates):
        worksheet.append(row)
    if rows or sheet.frame.empty:
        worksheet.print_area = f"A1:{get_column_letter(len(sheet.columns))}{max(rows, 1) + 1}"


def write_about(book: Workbook, report: Report) -> None:
    worksheet = book.create_sheet(sheet_name(report.about_title))
    worksheet.column_dimensions["A"].width = 24
    worksheet.column_dimensions["B"].width = 70
    print_setup(worksheet, title_rows=None)
    title = WriteOnlyCell(worksheet, value=report.title)
    title.font = Font(bold=True, size=14)
    worksheet.append([title])
    for label, value in report.facts:
        worksheet.append([label, value])
    if report.notes:
        worksheet.append([])
        for index, note in enumerate(report.notes):
            cell = WriteOnlyCell(worksheet, value=note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            worksheet.append([_("Notes") if index == 0 else None, cell])  # wrapped inside the page


def write_charts(book: Workbook, title: str, charts: list[Image]) -> None:
    """One chart under the other, each with its caption; page breaks keep two charts a page."""

    worksheet = book.create_sheet(sheet_name(title))
    print_setup(worksheet, title_rows=None)
    worksheet.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
    for index, image in enumerate(charts):
        row = 1 + index * CHART_ROWS
        worksheet.add_image(XlImage(io.BytesIO(image.png)), f"A{row + 1}")
        if index and index % 2 == 0:
            worksheet.row_breaks.append(Break(id=row - 1))
    for image in charts:
        worksheet.append([image.caption])
        for _blank in range(CHART_ROWS - 1):
            worksheet.append([])
    worksheet.print_area = f"A1:J{max(len(charts), 1) * CHART_ROWS}"


def xlsx_bytes(report: Report) -> bytes:
    book = Workbook(write_only=True)
    write_about(book, report)
    for sheet in report.sheets:
        write_sheet(book, sheet)
    if report.charts:
        write_charts(book, report.charts_title, report.charts)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
