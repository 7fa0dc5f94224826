"""Hostile spreadsheets are refused while being read, before they can hold a worker's time or memory."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from indicators.spreadsheets import MAX_COLUMNS, SheetError, read_figures

SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    f'"/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    f'sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>",
}


def cell_bomb(rows: int, columns: int, *, dimension: str | None, cell: str = "<c><v>1</v></c>") -> bytes:
    """A small xlsx whose first sheet holds rows × columns numeric cells (compresses ~500×).

    Cells may leave out their reference (`r`): they then follow the one before.
    """
    buffer = io.BytesIO()
    cells = cell * columns
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in PACKAGE.items():
            archive.writestr(name, xml)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            declared = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(
                '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                f'2006/main">{declared}<sheetData>'.encode()
            )
            for row in range(1, rows + 1):
                sheet.write(f'<row r="{row}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def refusal_cost(content: bytes) -> tuple[float, float, SheetError]:
    """CPU seconds (untraced) and peak traced MB the reader spends refusing the file.

    CPU time of this process, not wall time: other test workers sharing the machine must not make a
    bounded refusal look slow.
    """
    started = time.process_time()
    with pytest.raises(SheetError):
        read_figures("figures.xlsx", content)
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        with pytest.raises(SheetError) as refused:
            read_figures("figures.xlsx", content)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return seconds, peak, refused.value


@pytest.mark.parametrize(
    "dimension",
    [
        pytest.param("A1:ALL3000", id="declared"),
        pytest.param(None, id="undeclared"),
        pytest.param("A1", id="lying"),
    ],
)
def test_a_three_million_cell_workbook_is_refused_quickly_in_little_memory(dimension):
    content = cell_bomb(3000, 1000, dimension=dimension)
    assert len(content) < 2**20  # small on the wire
    seconds, peak_mb, refused = refusal_cost(content)
    # The bound is 1 s and 100 MB; reading the whole sheet would take far longer than 3 s.
    assert seconds < 3, seconds
    assert peak_mb < 50, peak_mb
    assert "文件过大" in refused.message


def test_one_row_of_a_million_cells_is_refused():
    seconds, peak_mb, _refused = refusal_cost(cell_bomb(1, 1_000_000, dimension="A1"))
    assert seconds < 3 and peak_mb < 50


def test_a_cell_far_to_the_right_is_refused_by_its_reference():
    content = cell_bomb(1, 1, dimension=None, cell='<c r="XFD1"><v>1</v></c>')
    _seconds, _peak, refused = refusal_cost(content)
    assert "文件过大" in refused.message


def test_a_csv_line_with_too_many_columns_is_refused_before_it_is_split():
    content = ("指标ID,年份,数值\n" + "," * 5_000_000 + "\n").encode()
    tracemalloc.start()
    try:
        with pytest.raises(SheetError) as refused:
            read_figures("figures.csv", content)
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert "文件过大" in refused.value.message
    assert peak_mb < 40, peak_mb  # the decoded text itself is 5 MB


def test_a_csv_field_past_the_csv_module_limit_is_a_refusal_not_a_crash():
    content = ('指标ID,年份,数值\n1,2022,"' + "x" * 200_000 + '"\n').encode()
    with pytest.raises(SheetError) as refused:
        read_figures("figures.csv", content)
    assert refused.value.row == 2


def test_a_sheet_within_the_limits_still_reads():
    content = cell_bomb(50, MAX_COLUMNS, dimension=None)
    sheet_error = None
    try:
        read_figures("figures.xlsx", content)
    except SheetError as error:
        sheet_error = error
    # Numbers only, no header: read to the end and refused for the missing header, not the size.
    assert sheet_error is not None and "表头" in sheet_error.message
