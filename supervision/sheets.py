"""Task feedback in a spreadsheet: the template a feedback unit fills in offline, and its reader.

One row per task the unit answers for, for the period being reported; the task, the period and the
state are locked, the feedback fields are open (完成状态 as a list of the document's words). The
reader finds the columns by their header, in any order, and reuses the figures' xlsx reading
(indicators/spreadsheets.py: merged cells and unreadable files are refused with the cell at fault).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.spreadsheets import HEADER_FILL, LOCKED_FILL, SheetError, text, xlsx_cells

COMPLETION_WRITTEN = {
    "completed": "已完成",
    "on_schedule": "序时推进",
    "lagging": "滞后",
    "not_started": "未启动",
    "cannot_complete": "无法完成",
}
COMPLETION_READ = {written: value for value, written in COMPLETION_WRITTEN.items()}

# field → (header, width, editable), in sheet order
COLUMNS: dict[str, tuple[str, int, bool]] = {
    "task": ("任务ID", 8, False),
    "title": ("任务", 30, False),
    "year": ("年份", 7, False),
    "quarter": ("季度", 6, False),
    "month": ("月份", 6, False),
    "completion": ("完成状态", 11, True),
    "progress": ("进展情况", 40, True),
    "problems": ("存在问题", 24, True),
    "coordination": ("需协调事项", 24, True),
    "next_steps": ("下一步计划", 24, True),
    "reason": ("原因", 20, True),
    "measures": ("已采取的措施", 20, True),
    "state": ("状态", 8, False),
    "return_reason": ("退回原因", 24, False),
}
READ_FIELDS = ("task", "year", "quarter", "month", *(name for name, c in COLUMNS.items() if c[2]))
HEADER_ROW = 3
MAX_ROWS = 2_000


@dataclass(frozen=True)
class SheetRow:
    row: int
    values: dict[str, Any]


def write_task_template(rows: Sequence[dict[str, Any]], *, title: str, note: str) -> bytes:
    """`rows` hold a value per field of COLUMNS; editable cells are unlocked, the rest protected."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务进展"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=note).font = Font(color="666666")
    completion = DataValidation(type="list", formula1='"' + ",".join(COMPLETION_WRITTEN.values()) + '"')
    sheet.add_data_validation(completion)
    for index, (header, width, _editable) in enumerate(COLUMNS.values(), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    completion_column = get_column_letter(1 + list(COLUMNS).index("completion"))
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for index, (name, (_header, _width, editable)) in enumerate(COLUMNS.items(), start=1):
            value = row.get(name)
            cell = sheet.cell(row=number, column=index, value=COMPLETION_WRITTEN.get(value, value))  # type: ignore[arg-type]
            cell.protection = Protection(locked=not editable)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if not editable:
                cell.fill = LOCKED_FILL
        completion.add(f"{completion_column}{number}")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = sheet.protection.formatCells = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_task_sheet(filename: str, content: bytes) -> tuple[list[SheetRow], dict[str, str]]:
    """The rows with something entered, and each field's column letter."""
    if not filename.lower().endswith(".xlsx"):
        raise SheetError(_("Upload the downloaded .xlsx template."))
    by_header = {header: name for name, (header, _w, _e) in COLUMNS.items()} | {
        name: name for name in COLUMNS
    }
    columns: dict[str, int] | None = None
    rows: list[SheetRow] = []
    for number, values in xlsx_cells(content):
        if columns is None:
            found = {
                by_header[str(v).strip()]: i for i, v in enumerate(values) if str(v).strip() in by_header
            }
            if {"task", "year", "completion", "progress"} <= set(found):
                columns = found
            elif number >= 10:
                break
            continue
        cells = {name: values[index] if index < len(values) else None for name, index in columns.items()}
        if all(text(cells.get(name)) == "" for name in READ_FIELDS if COLUMNS[name][2]):
            continue  # a task left as downloaded
        if len(rows) >= MAX_ROWS:
            raise SheetError(_("At most %(count)s rows per upload.") % {"count": MAX_ROWS}, row=number)
        rows.append(SheetRow(number, {name: cells.get(name) for name in READ_FIELDS}))
    if columns is None:
        raise SheetError(_("No header row with the columns 任务ID、年份、完成状态、进展情况 was found."))
    return rows, {name: get_column_letter(index + 1) for name, index in columns.items()}
