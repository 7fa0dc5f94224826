"""Reading an upload: encodings, debris, line numbers, Word files, and what is refused."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from importer.reading import ReadError, ReadProblem, join_wrapped, read_source
from tests.importer.helpers import seed, seed_bytes


def test_utf8_seed_keeps_sed_line_numbers():
    source = seed("000")
    assert source.encoding == "utf-8"
    assert source.line(60).text == "\t（1）地区生产总值增速（%）"
    assert source.line(167).text.startswith("第三章")


def test_utf8_with_bom():
    source = read_source("\ufeff第一章 总则\n一、指导思想".encode())
    assert source.encoding == "utf-8-sig"
    assert source.line(1).text == "第一章 总则"


def test_gb18030_document_reads_like_its_utf8_copy():
    text = seed_bytes("001").decode("utf-8")
    source = read_source(text.encode("gb18030"), "001.txt")
    assert source.encoding == "gb18030"
    assert [line.raw for line in source.lines] == [line.raw for line in seed("001").lines]


def test_gbk_excerpt():
    text = (
        "泰安市人民政府办公室关于印发泰安市推动绿色低碳高质量发展2023年重点工作任务的通知\n"
        "一、深入实施创新驱动战略\n"
    )
    source = read_source(text.encode("gbk"))
    assert source.encoding == "gb18030"
    assert source.line(2).text == "一、深入实施创新驱动战略"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", ReadProblem.EMPTY),
        (b"  \n\t\r\n", ReadProblem.EMPTY),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ReadProblem.BAD_PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ReadProblem.OLD_WORD),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ReadProblem.BINARY),
        (b"PK\x03\x04not really a zip", ReadProblem.BAD_DOCX),
    ],
)
def test_what_is_not_a_document_is_refused(content, problem):
    with pytest.raises(ReadError) as caught:
        read_source(content, "upload.bin")
    assert caught.value.problem is problem


def test_a_non_chinese_legacy_encoding_is_refused():
    with pytest.raises(ReadError) as caught:
        read_source("Grüße aus Köln, naïve café façade. ".encode("cp1252") * 20)
    assert caught.value.problem is ReadProblem.ENCODING


def test_debris_is_blanked_and_numbering_kept():
    source = read_source(
        "扫一扫在手机打开当前页\n[bookmark: _Toc9507]第一章 总则\n[image: ]\n—41—\n正文\n抄送：区委各部门\n"
        "泰安市泰山区人民政府办公室  2021年7月28日印发".encode()
    )
    assert [line.text for line in source.lines] == ["", "第一章 总则", "", "", "正文", "", ""]
    assert source.line(7).raw.endswith("2021年7月28日印发")  # the footer stays readable for metadata


def test_docx_paragraphs_and_a_real_table():
    document = Document()
    document.add_paragraph("泰安市泰山区国民经济和社会发展第十四个五年规划和2035年远景目标纲要")
    document.add_paragraph("泰山区“十四五”规划主要指标")
    table = document.add_table(rows=3, cols=5)
    for row, cells in zip(
        table.rows,
        [
            ["指标（单位）", "2020年", "2025年", "年均增速（%）", "属性"],
            ["（1）地区生产总值增速（%）", "3.1", "-", "5.5", "预期性"],
            ["（2）常住人口城镇化率（%）", "89.72", "91", "-", "预期性"],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("第一章 总则")
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_source(buffer.getvalue(), "plan.docx")
    assert source.encoding == "docx"
    assert [line.text for line in source.lines] == [
        "泰安市泰山区国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
        "泰山区“十四五”规划主要指标",
        "",
        "",
        "",
        "第一章 总则",
    ]
    (grid,) = source.grids
    assert grid.title == "泰山区“十四五”规划主要指标"
    assert [cell.text for cell in grid.rows[1].cells] == [
        "（1）地区生产总值增速（%）",
        "3.1",
        "-",
        "5.5",
        "预期性",
    ]
    assert grid.rows[2].line == 5


FILES = Path(__file__).parent / "files"


def test_pdf_text_layer_is_read_line_by_line():
    source = read_source((FILES / "text_layer.pdf").read_bytes(), "plan.pdf")
    texts = [line.text for line in source.lines if line.text]
    assert texts[:3] == ["长宁区“十五五”规划测试", "一、主要任务", "（一）推进城市更新"]
    assert "（责任单位：区绿化市容局、区建管委）" in texts


def test_pdf_ruled_table_becomes_a_grid_where_it_stands():
    source = read_source((FILES / "indicator_table.pdf").read_bytes(), "table.pdf")
    (grid,) = source.grids
    assert [cell.text for cell in grid.rows[1].cells] == [
        "1",
        "人均公园绿地面积",
        "约束性",
        "平方米",
        "6.07",
        "6.5",
    ]
    assert grid.title == "测试区“十五五”绿化规划主要指标"
    assert source.line(grid.last_line + 1).text == "到2030年，新增绿地10公顷。"


def test_scanned_pdf_asks_for_character_recognition():
    with pytest.raises(ReadError) as caught:
        read_source((FILES / "scanned.pdf").read_bytes(), "scan.pdf")
    assert caught.value.problem is ReadProblem.SCANNED_PDF


def test_zip_bomb_disguised_as_docx_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (300 * 2**20))
    content = buffer.getvalue()
    assert len(content) < 2 * 2**20
    started = time.process_time()  # CPU time: busy neighbours must not fail the test
    with pytest.raises(ReadError) as caught:
        read_source(content, "plan.docx")
    assert caught.value.problem is ReadProblem.DOCX_TOO_LARGE
    assert time.process_time() - started < 1


def test_pdf_table_after_a_page_of_text_keeps_its_place():
    source = read_source((FILES / "text_then_table.pdf").read_bytes(), "plan.pdf")
    (grid,) = source.grids
    assert source.line(grid.first_line - 1).text == "主要指标表" == grid.title
    assert [cell.text for cell in grid.rows[2].cells] == ["2", "新建绿道", "预期性", "公里", "30", "50"]
    assert source.line(grid.last_line + 1).text == "表后正文。"
    assert any(
        line.text == "第39段正文，到2030年，新增绿地39公顷。" for line in source.lines[: grid.first_line]
    )


def test_pdf_lines_wrapped_at_the_page_edge_are_one_paragraph_again():
    full = "一" * 30
    lines = [
        "（一）推进屋顶光伏建设",
        f"{full}到2027年，新增光伏",  # full width, mid-sentence: wrapped
        "装机容量5兆瓦。",
        f"{full}一二三四五六七八九。",  # full width but the sentence ends: a paragraph of its own
        f"{full}（责任单位：区发改委、",
        "区建管委）",
    ]
    assert join_wrapped(lines) == [
        "（一）推进屋顶光伏建设",
        f"{full}到2027年，新增光伏装机容量5兆瓦。",
        f"{full}一二三四五六七八九。",
        f"{full}（责任单位：区发改委、区建管委）",
    ]
