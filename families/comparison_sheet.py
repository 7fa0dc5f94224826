"""The 横向比较表 as an xlsx: every jurisdiction's figure, per-capita, status and rank for one year."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from families.selectors import Comparison
from indicators.domain.early_warning import Colour
from indicators.domain.evaluation import Status

STATUS_LABELS = {status.value: str(status.label) for status in Status}
COLOUR_LABELS = {colour.value: str(colour.label) for colour in Colour}


def comparison_workbook(result: Comparison) -> bytes:
    """A one-sheet workbook that prints on A4 landscape, one page wide, header repeated."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Comparison"))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_title_rows = "2:2"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.freeze_panes = "A3"
    for letter, width in zip("ABCDEFGH", [6, 18, 30, 16, 16, 16, 14, 10], strict=True):
        sheet.column_dimensions[letter].width = width
    unit = result.common.unit_of_measure
    title = _("%(name)s: comparison of %(year)s") % {"name": result.common.name, "year": result.year}
    sheet.append([title])
    headers = [
        _("Rank"),
        _("Jurisdiction"),
        _("Plan"),
        _("Figure (%(unit)s)") % {"unit": unit} if unit else _("Figure"),
        _("Weight"),
        _("Per capita"),
        _("Status"),
        _("Warning"),
    ]
    sheet.append(headers)
    for row in result.rows:
        sheet.append(
            [
                row.rank,
                row.jurisdiction,
                row.plan_title,
                float(row.value) if row.value is not None else _("No figure"),
                float(row.weight) if row.weight is not None else None,
                float(row.per_capita) if row.per_capita is not None else None,
                STATUS_LABELS.get(row.status or "", _("No data")),
                COLOUR_LABELS.get(row.warning, "—"),
            ]
        )
    output = BytesIO()
    book.save(output)
    return output.getvalue()
