"""Reading generated files back: sheets by position, columns by their (translated) header."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.models import ReportRun

# The sheets of an indicator report, in order.
ABOUT, SUMMARY, BY_CATEGORY, ATTENTION, INDICATORS, CHARTS = range(6)


def workbook(run: ReportRun) -> Workbook:
    with run.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def header(msgid: str, **values: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = _(msgid)
    return text % values if values else text


def records(sheet: Worksheet) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the header row."""
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    head = rows[0]
    return [dict(zip(head, row, strict=False)) for row in rows[1:] if any(cell is not None for cell in row)]


def column_letter(sheet: Worksheet, title: str) -> str:
    for cell in sheet[1]:
        if cell.value == title:
            return cell.column_letter
    raise KeyError(title)
