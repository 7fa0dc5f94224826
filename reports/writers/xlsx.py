"""The Excel version of a report, written in constant memory (openpyxl write-only mode) and ready
to print: landscape, one page wide, the header row repeated on every page, page numbers in the
footer, frozen panes, and the charts on a sheet of their own, one print page per chart pair.

A table prints on A4 when it fits one page wide at a readable size, else on A3 (the paper offices
print wide 监测表 on); a table too wide even for A3 prints at that size page after page to the right,
with the columns that name a row repeated on each page."""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections import deque
from collections.abc import Generator, Sequence
from typing import Any, BinaryIO, cast

import pandas as pd
from django.utils.translation import gettext as _
from openpyxl import LXML, Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.image import Image as XlImage
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

from indicators.palette import STATUS_TINTS
from reports.content import Image, Report, Sheet
from reports.frames import COMPLETED_LABEL, STATUS_LABELS
from reports.writers.cells import display_width

NUMBER_FORMATS = {"number": "0.00", "percent": "0.0%", "integer": "0", "figure": "General"}
HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
CENTRED = Alignment(vertical="center")
# The status classes as they appear in a sheet, filled in the shared palette's light tints.
STATUS_FILLS = {
    label: STATUS_TINTS[status].lstrip("#").upper() for status, label in STATUS_LABELS.items()
} | {COMPLETED_LABEL: STATUS_TINTS["achieved_early"].lstrip("#").upper()}
MAX_WIDTH, LONG_WIDTH, MIN_WIDTH = 40, 36, 6  # long texts wrap: rows grow taller, not wider
ROW_BLOCK = 2000  # rows converted at a time
MISSING = object()  # a text not yet turned into XML (None is a text openpyxl must write itself)
DEFLATE_LEVEL = 3  # zlib's: half the time of openpyxl's 6 for a file about a quarter larger
# Characters Excel (openpyxl) or XML (lxml) refuse in text, and those written escaped.
REFUSED = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")
ESCAPED = re.compile("[&<>\r]")
MAX_TEXT = 32767  # openpyxl cuts longer texts
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
    return max(map(display_width, series.dropna().drop_duplicates().astype("str").tolist()), default=0)


# Printable width of a landscape page with half-inch side margins, in column-width units. Excel
# draws a unit as about 7 px at 96 dpi; LibreOffice, rendering these files, about 9 px (measured on
# its PDFs): the wider one is assumed, so that a table chosen for a paper does fit it. A4: 10.69 in,
# A3: 15.54 in.
PAPERS = ((Worksheet.PAPERSIZE_A4, 10.69 * 96 / 9), (Worksheet.PAPERSIZE_A3, 15.54 * 96 / 9))
COLUMN_PADDING = 0.7  # each column's margin and grid line, in units
READABLE_SCALE = 60  # per cent: smaller print (11 pt → under 7 pt) is hard to read on paper


def printed_width(widths: Sequence[float]) -> float:
    return sum(widths) + COLUMN_PADDING * len(widths)


def fit_paper(worksheet: WriteOnlyWorksheet, widths: Sequence[float], title_columns: int) -> None:
    """The smaller landscape paper on which the table prints one page wide at READABLE_SCALE or
    larger; a wider table on A3 at that scale, pages running right first, `title_columns` (those
    that name a row) repeated on each."""
    needed = printed_width(widths) * READABLE_SCALE / 100
    for paper, printable in PAPERS:
        if needed <= printable:
            worksheet.page_setup.paperSize = paper
            return
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3
    worksheet.sheet_properties.pageSetUpPr.fitToPage = False
    worksheet.page_setup.scale = READABLE_SCALE
    worksheet.page_setup.pageOrder = "overThenDown"
    if title_columns:
        worksheet.print_title_cols = f"A:{get_column_letter(title_columns)}"


def print_setup(worksheet: WriteOnlyWorksheet, *, title_rows: str | None) -> None:
    """A4 landscape, fit to one page wide (as many pages tall as needed), numbered pages; tables
    choose their paper afterwards (`fit_paper`)."""
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


def column_styles(worksheet: WriteOnlyWorksheet, sheet: Sheet, data: pd.DataFrame) -> list[WriteOnlyCell]:
    """Set the widths; return, per column, a styled template cell."""
    templates: list[WriteOnlyCell] = []
    for index, column in enumerate(sheet.columns, start=1):
        # +2: a margin either side (the header is bold, and wraps when it does not fit: "2023\n年").
        width = max(
            text_width(pd.Series([column.header])) + 2, text_width(data[column.header]) + 2, MIN_WIDTH
        )
        long_text = column.kind == "long_text"
        wrap = long_text or width > MAX_WIDTH
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            width, LONG_WIDTH if long_text else MAX_WIDTH
        )
        number_format = NUMBER_FORMATS.get(column.kind)
        template = WriteOnlyCell(worksheet)
        if number_format:
            template.number_format = number_format
        # Centred in the height: a row grows with the longest wrapped text in it.
        template.alignment = Alignment(wrap_text=True, vertical="center") if wrap else CENTRED
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


class RowWriter(WorksheetWriter):  # type: ignore[misc]  # openpyxl has no type information
    """openpyxl's writer of a write-only sheet, also taking data rows already serialised.

    openpyxl builds, types, styles and serialises one cell object per value, about 13 µs a cell: two
    seconds for the province report's 150,000 cells, most of its time. `xml_rows` makes the bytes of
    the `<row>` openpyxl would write (inline strings, `t="n"` numbers as `%.16g`, the column's style
    id, ASCII with character references as openpyxl's lxml stream writes them), and this writer puts
    them in the sheet's file between the rows lxml writes; a row with a value that needs openpyxl's
    own rules (formula or error-code text, characters XML or Excel forbid, another type) is handed to
    openpyxl as cells. tests/reports/test_xlsx_rows.py checks the file is byte for byte openpyxl's.
    """

    def __init__(self, worksheet: WriteOnlyWorksheet) -> None:
        self.file: BinaryIO | None = None
        super().__init__(worksheet)
        self.pending: deque[bytes | None] = deque()

    def get_stream(self) -> Generator[Any, Any, None]:
        """openpyxl's stream of the sheet's XML, on a file this writer can write rows to as well."""
        with (
            open(self.out, "wb") as self.file,
            xmlfile(self.file) as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        serialised = self.pending.popleft() if self.pending else None
        if serialised is None:
            super().write_row(xf, row, row_idx)
        else:
            xf.flush()  # what lxml holds goes first
            cast(BinaryIO, self.file).write(serialised)


def cell_tail(value: Any, style: str) -> str | None:
    """What openpyxl writes of a value's `<c>` element after its reference, or None where its own
    rules are needed."""
    kind = type(value)
    if kind is str:
        if not value:
            return f'{style} t="inlineStr"></c>'
        if (
            (value[0] in "=#" and ((len(value) > 1 and value[0] == "=") or value in ERROR_CODES))
            or len(value) > MAX_TEXT
            or REFUSED.search(value)
        ):
            return None
        space = ' xml:space="preserve"' if value != value.strip() else ""
        if ESCAPED.search(value):  # escaped as lxml escapes text (a bare carriage return kept as one)
            value = (
                value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
            )
        return f'{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'
    if kind is int or kind is bool or (kind is float and math.isfinite(value)):
        return f'{style} t="{"b" if kind is bool else "n"}"><v>{value:.16g}</v></c>'
    return None


NOTES_WIDTH = 70  # the about sheet's text column
LINE_HEIGHT = 16.0  # points: a line of 11 pt Chinese text (the default row, 15, cuts it in LibreOffice)
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows


def wrapped_lines(text: str, width: float) -> int:
    """The lines a text takes wrapped in a column `width` units wide, its own line breaks kept."""
    usable = max(width - 2, 1)  # the cell's margins; a full-width character never splits
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def column_tails(values: list[object], style: str) -> list[bytes | None]:
    """A column's cells as the bytes after their row number (b"" where it has no value, None where
    openpyxl's own rules are needed). Each distinct text is turned into XML once: texts repeat
    (statuses, units, categories). Numbers are not looked up: 0.0 == -0.0, True == 1, Decimal("1.5")
    == 1.5, and each is written its own way."""
    known: dict[str, bytes | None] = {}
    tails: list[bytes | None] = []
    for value in values:
        if value is None:
            tails.append(b"")
        elif type(value) is str:
            tail = known.get(value, MISSING)
            if tail is MISSING:
                tail = known[value] = tail_of(value, style)
            tails.append(tail)  # type: ignore[arg-type]
        else:
            tails.append(tail_of(value, style))
    return tails


def tail_of(value: object, style: str) -> bytes | None:
    text = cell_tail(value, style)
    return None if text is None else f'"{text}'.encode("ascii", "xmlcharrefreplace")


def xml_rows(
    worksheet: WriteOnlyWorksheet,
    writer: RowWriter,
    data: pd.DataFrame,
    templates: list[WriteOnlyCell],
) -> None:
    """Append the data rows (below the header), a block of rows at a time: no copy of the whole table
    is made, whatever its length. A block is turned into XML column by column."""
    letters = [get_column_letter(index) for index in range(1, len(templates) + 1)]
    styles: list[str | None] = [None] * len(templates)
    wrapped = [
        (index, worksheet.column_dimensions[letters[index]].width)
        for index, template in enumerate(templates)
        if template.alignment.wrap_text
    ]

    openings = [f'<c r="{letter}'.encode() for letter in letters]
    next_row = 2
    for start in range(0, len(data), ROW_BLOCK):
        block = data.iloc[start : start + ROW_BLOCK]
        present = block.notna().to_numpy()
        objects = block.astype("object").where(present, None)
        columns = [objects.iloc[:, index].tolist() for index in range(len(templates))]
        # A style joins the workbook where openpyxl would add it (at the column's first value, row
        # by row), so the style ids are openpyxl's.
        firsts = present.argmax(axis=0)
        for column in sorted(present.any(axis=0).nonzero()[0], key=lambda column: firsts[column]):
            if styles[column] is None:
                styles[column] = f' s="{templates[column].style_id}"'
        numbers = [b"%d" % row for row in range(next_row, next_row + len(block))]
        cells = []
        for column, values in enumerate(columns):
            opening = openings[column]
            tails = column_tails(values, styles[column] or "")  # no style: the column has no value
            cells.append(
                [
                    opening + number + tail if tail else tail
                    for number, tail in zip(numbers, tails, strict=True)
                ]
            )
        # Spreadsheets do not grow a row for its wrapped text: printed, the text would be cut.
        lines = [1] * len(block)
        for column, width in wrapped:
            widths: dict[str, int] = {}
            for row, value in enumerate(columns[column]):
                if type(value) is str:
                    count = widths.get(value)
                    if count is None:
                        count = widths[value] = wrapped_lines(value, width)
                    if count > lines[row]:
                        lines[row] = count
        for row, parts in enumerate(zip(*cells, strict=True)):
            height = min(LINE_HEIGHT * lines[row], MAX_ROW_HEIGHT) if lines[row] > 1 else None
            if None in parts or not LXML:
                writer.pending.append(None)
                if height:
                    worksheet.row_dimensions[next_row].height = height
                worksheet.append(styled_cells(worksheet, [values[row] for values in columns], templates))
                if height:
                    del worksheet.row_dimensions[next_row]  # written: constant memory, whatever the length
            else:
                # The attributes as openpyxl writes a row's height (numbers as %.16g).
                tall = b' ht="%s" customHeight="1"' % f"{height:.16g}".encode() if height else b""
                writer.pending.append(b'<row r="%s"%s>%s</row>' % (numbers[row], tall, b"".join(parts)))
                worksheet.append([])
            next_row += 1


def styled_cells(
    worksheet: WriteOnlyWorksheet, row: Sequence[object], templates: list[WriteOnlyCell]
) -> list[object]:
    """A row as openpyxl cells: a styled cell shares its column template's style (written at once)."""
    out: list[object] = []
    for value, template in zip(row, templates, strict=True):
        if value is None:
            out.append(value)
        else:
            cell = WriteOnlyCell(worksheet, value=value)
            cell._style = template._style
            out.append(cell)
    return out


def write_sheet(book: Workbook, sheet: Sheet) -> None:
    data = display_frame(sheet)
    worksheet = book.create_sheet(sheet_name(sheet.title))
    rows = len(data)
    templates = column_styles(worksheet, sheet, data)
    worksheet.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}2"
    print_setup(worksheet, title_rows="1:1")
    widths = [
        worksheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(sheet.columns) + 1)
    ]
    fit_paper(worksheet, widths, sheet.freeze_columns)
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
    writer = worksheet._writer = RowWriter(worksheet)
    writer.write_top()
    worksheet.append(header_row(worksheet, list(data.columns)))
    if sheet.frame.empty and sheet.empty_message:
        worksheet.append([sheet.empty_message])
    xml_rows(worksheet, writer, data, templates)
    if rows or sheet.frame.empty:
        worksheet.print_area = f"A1:{get_column_letter(len(sheet.columns))}{max(rows, 1) + 1}"


def write_about(book: Workbook, report: Report) -> None:
    worksheet = book.create_sheet(sheet_name(report.about_title))
    worksheet.column_dimensions["A"].width = 24
    worksheet.column_dimensions["B"].width = NOTES_WIDTH
    print_setup(worksheet, title_rows=None)
    title = WriteOnlyCell(worksheet, value=report.title)
    title.font = Font(bold=True, size=14)
    worksheet.append([title])
    for label, value in report.facts:
        worksheet.append([label, value])
    if report.notes:
        worksheet.append([])
        row = len(report.facts) + 3
        for index, note in enumerate(report.notes):
            cell = WriteOnlyCell(worksheet, value=note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = wrapped_lines(note, NOTES_WIDTH)
            if lines > 1:  # wrapped inside the page, in a row as tall as the note
                worksheet.row_dimensions[row + index].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
            worksheet.append([_("Notes") if index == 0 else None, cell])


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
    # openpyxl's save_workbook, at DEFLATE_LEVEL: zipping was a fifth of the province report's time.
    book.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(
        buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=DEFLATE_LEVEL
    ) as archive:
        ExcelWriter(book, archive).save()
    return buffer.getvalue()
