"""The xlsx writer turns data rows into XML itself (reports/writers/xlsx.py `xml_rows`): the file must
be byte for byte the one openpyxl writes from cells, whatever the values."""

from __future__ import annotations

import gc
import io
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from reports.content import Column, Report, Sheet
from reports.writers import xlsx

TEXTS = [
    "",
    "中文指标",
    " leading",
    "trailing ",
    "a & b < c > d \"q\" 'a'",
    "line\r\nbreak\rcarriage\nfeed",
    "tab\there",
    "=SUM(A1:A2)",
    "=",
    "#N/A",
    "#",
    "#DIV/0!",
    "x" * 40_000,
    None,
]
NUMBERS = [
    0.1 + 0.2,
    1e-7,
    1e20,
    -0.0,
    12345678901234567.0,
    7,
    True,
    None,
    float("inf"),
    Decimal("1.25"),
    3.5,
    0,
    None,
    2,
]


def report(texts: list[object], numbers: list[object]) -> Report:
    frame = pd.DataFrame({"text": texts, "long": list(reversed(texts)), "number": numbers, "share": numbers})
    frame["integer"] = pd.array([n if isinstance(n, int) else None for n in numbers], dtype="Int64")
    sheet = Sheet(
        title="数据",
        frame=frame,
        columns=[
            Column("text", "文本"),
            Column("long", "说明", "long_text"),
            Column("number", "数值", "number"),
            Column("share", "比例", "percent"),
            Column("integer", "个数", "integer"),
        ],
        status_column="text",
    )
    return Report(title="测试", facts=[("年度", "2022")], notes=["说明"], sheets=[sheet], blocks=[])


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def openpyxl_rows(worksheet, writer, data, templates):
    """The reference the fast rows must equal: each row appended as openpyxl cells, as tall as its
    longest wrapped text."""
    wrapped = [
        (index, worksheet.column_dimensions[get_column_letter(index + 1)].width)
        for index, template in enumerate(templates)
        if template.alignment.wrap_text
    ]
    rows = data.astype("object").where(data.notna(), None).itertuples(index=False, name=None)
    for number, row in enumerate(rows, start=2):
        lines = max(
            (xlsx.wrapped_lines(row[i], width) for i, width in wrapped if isinstance(row[i], str)), default=1
        )
        if lines > 1:
            worksheet.row_dimensions[number].height = min(xlsx.LINE_HEIGHT * lines, xlsx.MAX_ROW_HEIGHT)
        writer.pending.append(None)
        worksheet.append(xlsx.styled_cells(worksheet, row, templates))


def test_rows_are_written_as_openpyxl_writes_them(monkeypatch):
    fast = xlsx.xlsx_bytes(report(TEXTS, NUMBERS))
    monkeypatch.setattr(xlsx, "xml_rows", openpyxl_rows)
    assert members(fast) == members(xlsx.xlsx_bytes(report(TEXTS, NUMBERS)))
    values = list(load_workbook(io.BytesIO(fast)).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert values[5][0] == "line\r\nbreak\rcarriage\nfeed" and values[2][0] == " leading"
    assert values[7][0] == "=SUM(A1:A2)" and len(values[12][0]) == 32767


def test_many_rows_in_blocks_keep_their_order(monkeypatch):
    monkeypatch.setattr(xlsx, "ROW_BLOCK", 3)
    texts = [f"指标{n}" if n % 4 else f"={n}+1" for n in range(11)]  # formulas go through openpyxl
    numbers = [float(n) for n in range(11)]
    fast = xlsx.xlsx_bytes(report(texts, numbers))
    monkeypatch.setattr(xlsx, "xml_rows", openpyxl_rows)
    assert members(fast) == members(xlsx.xlsx_bytes(report(texts, numbers)))
    rows = list(load_workbook(io.BytesIO(fast)).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == numbers


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the sheet left half written
@pytest.mark.parametrize("text", ["bad\x01", "bad\ufffe", "bad\ud800"])
def test_a_character_excel_or_xml_forbids_is_refused_as_openpyxl_refuses_it(monkeypatch, text):
    with pytest.raises((IllegalCharacterError, ValueError)) as fast:
        xlsx.xlsx_bytes(report([text], [1.0]))
    monkeypatch.setattr(xlsx, "xml_rows", openpyxl_rows)
    with pytest.raises((IllegalCharacterError, ValueError)) as cells:
        xlsx.xlsx_bytes(report([text], [1.0]))
    assert type(fast.value) is type(cells.value)
    gc.collect()  # the half-written sheet's streams complain as they go: here, not in another test


def test_repeated_values_keep_their_own_type(monkeypatch):
    """Each distinct text is turned into XML once per block; True == 1 == 1.0 and 0.0 == -0.0 are each
    written their own way."""
    mixed: list[object] = [
        1,
        True,
        1.0,
        True,
        1,
        "1",
        0,
        False,
        -0.0,
        0.0,
        Decimal("1"),
        "中文指标",
        "中文指标",
        None,
        1,
    ]
    fast = xlsx.xlsx_bytes(report(mixed, mixed))
    monkeypatch.setattr(xlsx, "xml_rows", openpyxl_rows)
    assert members(fast) == members(xlsx.xlsx_bytes(report(mixed, mixed)))
    rows = list(load_workbook(io.BytesIO(fast)).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [type(row[0]) for row in rows[:3]] == [int, bool, int]


def test_styles_join_the_workbook_in_the_order_openpyxl_adds_them(monkeypatch):
    """A column's style id is given at its first value, row by row: here the second column's first."""
    frame = pd.DataFrame({"number": [None, 1.5, 2.0], "share": [0.25, None, 0.5]})
    sheet = Sheet(
        title="数据",
        frame=frame,
        columns=[Column("number", "数值", "number"), Column("share", "比例", "percent")],
    )
    content = Report(title="测试", facts=[], notes=[], sheets=[sheet], blocks=[])
    fast = xlsx.xlsx_bytes(content)
    monkeypatch.setattr(xlsx, "xml_rows", openpyxl_rows)
    assert members(fast) == members(xlsx.xlsx_bytes(content))
