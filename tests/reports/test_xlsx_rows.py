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


def test_rows_are_written_as_openpyxl_writes_them(monkeypatch):
    fast = xlsx.xlsx_bytes(report(TEXTS, NUMBERS))
    monkeypatch.setattr(xlsx, "cell_xml", lambda reference, value, style: None)  # every row as cells
    assert members(fast) == members(xlsx.xlsx_bytes(report(TEXTS, NUMBERS)))
    values = list(load_workbook(io.BytesIO(fast)).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert values[5][0] == "line\r\nbreak\rcarriage\nfeed" and values[2][0] == " leading"
    assert values[7][0] == "=SUM(A1:A2)" and len(values[12][0]) == 32767


def test_many_rows_in_blocks_keep_their_order(monkeypatch):
    monkeypatch.setattr(xlsx, "ROW_BLOCK", 3)
    texts = [f"指标{n}" if n % 4 else f"={n}+1" for n in range(11)]  # formulas go through openpyxl
    numbers = [float(n) for n in range(11)]
    fast = xlsx.xlsx_bytes(report(texts, numbers))
    monkeypatch.setattr(xlsx, "cell_xml", lambda reference, value, style: None)
    assert members(fast) == members(xlsx.xlsx_bytes(report(texts, numbers)))
    rows = list(load_workbook(io.BytesIO(fast)).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == numbers


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the sheet left half written
@pytest.mark.parametrize("text", ["bad\x01", "bad\ufffe", "bad\ud800"])
def test_a_character_excel_or_xml_forbids_is_refused_as_openpyxl_refuses_it(monkeypatch, text):
    with pytest.raises((IllegalCharacterError, ValueError)) as fast:
        xlsx.xlsx_bytes(report([text], [1.0]))
    monkeypatch.setattr(xlsx, "cell_xml", lambda reference, value, style: None)
    with pytest.raises((IllegalCharacterError, ValueError)) as cells:
        xlsx.xlsx_bytes(report([text], [1.0]))
    assert type(fast.value) is type(cells.value)
    gc.collect()  # the half-written sheet's streams complain as they go: here, not in another test
