"""Render a Report to bytes: .xlsx (pandas + openpyxl) or .docx (python-docx)."""

from __future__ import annotations

import io
import re
from copy import copy

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.drawing.image import Image as XlImage
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.charts import STATUS_COLOURS
from reports.content import Column, Heading, Image, Paragraph, Picture, Report, Sheet, Table

NUMBER_FORMATS = {"number": "#,##0.00", "percent": "0.0%", "integer": "0"}
HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
STATUS_FILLS = {label: colour.lstrip("#").upper() for label, colour in STATUS_COLOURS.items()}
MAX_WIDTH, LONG_WIDTH, MIN_WIDTH = 40, 60, 6
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Excel forbids these in sheet names; 31 characters at most.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str) -> str:
    return SHEET_NAME_FORBIDDEN.sub("", title)[:31] or "Sheet"


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
    """Display width of the longest value: Chinese characters count double."""
    if series.empty:
        return 0
    text = series.astype("str").where(series.notna(), "")
    return int((text.str.len() + text.str.count(NON_ASCII.pattern)).max())


def style_sheet(worksheet: Worksheet, sheet: Sheet, data: pd.DataFrame) -> None:
    rows = len(data)
    worksheet.freeze_panes = worksheet.cell(row=2, column=sheet.freeze_columns + 1)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        header = worksheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        width = max(text_width(pd.Series([column.header])), text_width(data[column.header]) + 2, MIN_WIDTH)
        wrap = column.kind == "long_text" or width > MAX_WIDTH
        worksheet.column_dimensions[letter].width = min(
            width, LONG_WIDTH if column.kind == "long_text" else MAX_WIDTH
        )
        number_format = NUMBER_FORMATS.get(column.kind)
        if (number_format or wrap) and rows:
            first = worksheet.cell(row=2, column=index)
            if number_format:
                first.number_format = number_format
            if wrap:
                first.alignment = Alignment(wrap_text=True, vertical="top")
            # the same style for the whole column: share the first cell's style record (fast)
            for (cell,) in worksheet.iter_rows(min_row=3, max_row=rows + 1, min_col=index, max_col=index):
                cell._style = copy(first._style)
        if column.key == sheet.status_column and rows:
            cells = f"{letter}2:{letter}{rows + 1}"
            for label, colour in STATUS_FILLS.items():
                worksheet.conditional_formatting.add(
                    cells,
                    CellIsRule(
                        operator="equal", formula=[f'"{label}"'], fill=PatternFill("solid", bgColor=colour)
                    ),
                )
    if sheet.frame.empty and sheet.empty_message:
        worksheet.cell(row=2, column=1, value=sheet.empty_message)
    anchor_column = get_column_letter(len(sheet.columns) + 2)
    for offset, image in enumerate(sheet.images):
        worksheet.add_image(XlImage(io.BytesIO(image.png)), f"{anchor_column}{1 + offset * 22}")


def write_about(worksheet: Worksheet, report: Report) -> None:
    worksheet.append([report.title])
    worksheet["A1"].font = Font(bold=True, size=14)
    for label, value in report.facts:
        worksheet.append([label, value])
    if report.notes:
        worksheet.append([])
        for note in report.notes:
            worksheet.append([note])
    worksheet.column_dimensions["A"].width = 24
    worksheet.column_dimensions["B"].width = 70


def write_charts(worksheet: Worksheet, charts: list[Image]) -> None:
    """Two charts per row, each with its caption above it."""
    for index, image in enumerate(charts):
        row = 1 + (index // 2) * 17
        column = "A" if index % 2 == 0 else "J"
        worksheet[f"{column}{row}"] = image.caption
        worksheet.add_image(XlImage(io.BytesIO(image.png)), f"{column}{row + 1}")


def write_frame(worksheet: Worksheet, data: pd.DataFrame) -> None:
    """The header row, then the rows (missing values as empty cells)."""
    worksheet.append(list(data.columns))
    cells = data.astype("object").where(data.notna(), None)
    for row in cells.itertuples(index=False, name=None):
        worksheet.append(row)


def xlsx_bytes(report: Report) -> bytes:
    book = Workbook()
    write_about(book.active, report)
    book.active.title = sheet_name(report.about_title)
    for sheet in report.sheets:
        data = display_frame(sheet)
        worksheet = book.create_sheet(sheet_name(sheet.title))
        write_frame(worksheet, data)
        style_sheet(worksheet, sheet, data)
    if report.charts:
        write_charts(book.create_sheet(sheet_name(report.charts_title)), report.charts)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Word ------------------------------------------------------------------------------------


def cell_text(value: object, column: Column) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if column.kind == "flag":
        return "是" if value is True or value == 1 else ""
    if column.kind == "percent":
        return f"{float(value) * 100:.1f}%"
    if column.kind == "number":
        return f"{float(value):,.2f}"
    if column.kind == "integer":
        return f"{int(value)}"
    return str(value)


def add_table(document: Document, block: Table) -> None:
    sheet = block.sheet
    if sheet.frame.empty:
        if sheet.empty_message:
            document.add_paragraph(sheet.empty_message)
        return
    rows = sheet.frame.head(block.max_rows)
    table = document.add_table(rows=1, cols=len(sheet.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, sheet.columns, strict=True):
        cell.text = column.header
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    records = rows[[c.key for c in sheet.columns]].itertuples(index=False, name=None)
    for record in records:
        cells = table.add_row().cells
        for cell, value, column in zip(cells, record, sheet.columns, strict=True):
            cell.text = cell_text(value, column)
    if len(sheet.frame) > block.max_rows and block.overflow_note:
        document.add_paragraph(block.overflow_note)


def docx_bytes(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(1.8))
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(report.title, level=0)
    for label, value in report.facts:
        document.add_paragraph(f"{label}：{value}")
    for note in report.notes:
        document.add_paragraph(note)
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text, style=block.style)
        elif isinstance(block, Table):
            add_table(document, block)
        elif isinstance(block, Picture):
            document.add_picture(io.BytesIO(block.image.png), width=Cm(block.width_cm))
            if block.image.caption:
                document.add_paragraph(block.image.caption)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(report: Report, fmt: str) -> bytes:
    return docx_bytes(report) if fmt == "docx" else xlsx_bytes(report)
