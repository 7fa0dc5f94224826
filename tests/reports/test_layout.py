"""Layout facts read back from the generated files: what a 公文 and a printed sheet must be."""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from django.test import override_settings
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from reports import builders, charts, writers
from reports.content import Column, Report, Sheet
from reports.models import RunState
from reports.services import report_build_now
from reports.writers.cells import display_width
from reports.writers.xlsx import READABLE_SCALE, xlsx_bytes
from tests.reports.helpers import ABOUT, CHARTS, INDICATORS, SUMMARY

pytestmark = pytest.mark.django_db


def docx_of(run):
    with run.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def east_asian(style) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.fixture
def midterm_docx(taishan):
    run = report_build_now(kind="midterm", year=2023, plan=taishan.plan, fmt="docx")
    assert run.state == RunState.DONE, run.error
    return docx_of(run)


def test_the_document_is_a4_portrait_with_the_official_margins(midterm_docx):
    first = midterm_docx.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert [round(margin.mm) for margin in margins] == [37, 35, 28, 26]
    # the wide indicator table sits in a landscape section of its own
    assert any(round(section.page_width.mm) == 297 for section in midterm_docx.sections[1:])


def test_fonts_are_named_for_chinese_text(midterm_docx):
    styles = midterm_docx.styles
    assert east_asian(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16  # 三号
    assert east_asian(styles["Title"]) == "方正小标宋简体"
    assert east_asian(styles["Heading 1"]) == "黑体"
    assert east_asian(styles["Heading 2"]) == "楷体_GB2312"
    # no theme font overrides the names, and Chinese text is declared zh-CN (not a Japanese face)
    fonts = styles["Title"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    language = styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"
    font_table = next(
        rel.target_part.blob for rel in midterm_docx.part.rels.values() if rel.reltype.endswith("/fontTable")
    ).decode()
    assert "仿宋_GB2312" in font_table and 'w:altName w:val="仿宋"' in font_table


def test_page_numbers_sit_outside_between_dashes(midterm_docx):
    assert midterm_docx.settings.odd_and_even_pages_header_footer
    section = midterm_docx.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and even.text == "— 1 —"  # "1" is the PAGE field's placeholder
    assert "PAGE" in odd._p.xml
    assert (odd.alignment, even.alignment) == (2, 0)  # right on odd pages, left on even pages


def test_tables_repeat_their_header_and_never_split_rows(midterm_docx):
    assert midterm_docx.tables
    for table in midterm_docx.tables:
        rows = table.rows
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        widths = [cell.width for cell in rows[0].cells]
        assert len(set(widths)) > 1  # widths follow the content, not equal columns
    published = midterm_docx.tables[-1]
    heads = [cell.text for cell in published.rows[0].cells]
    for column in ("序号", "类别", "单位", "属性", "基期值", "目标值", "年均/累计", "完成进度", "时序进度"):
        assert column in heads
    assert {"进展评价", "预计期末值", "能否完成", "牵头单位", "说明", "实际年均增速/累计"} <= set(heads)
    gdp = next(row for row in published.rows if "地区生产总值增速" in row.cells[2].text)
    assert gdp.cells[heads.index("年均/累计")].text == "5.5"  # the growth target, not "-"


def test_the_letterhead_comes_from_the_issuing_office_settings(taishan):
    with override_settings(
        REPORT_ISSUER="泰山区发展和改革局", REPORT_RED_HEADER=True, REPORT_DOCUMENT_NUMBER="泰发改〔2024〕3号"
    ):
        run = report_build_now(kind="monitoring", year=2023, plan=taishan.plan, fmt="docx")
    texts = [paragraph.text for paragraph in docx_of(run).paragraphs]
    assert texts[0] == "泰山区发展和改革局文件" and texts[1] == "泰发改〔2024〕3号"
    # the 落款 (issuer and date) ends the body, before the annexes
    signature = texts.index("泰山区发展和改革局")
    assert texts[signature + 1].endswith("日")
    assert signature < next(i for i, text in enumerate(texts) if text.startswith("附件1"))


def test_without_settings_there_is_no_letterhead(midterm_docx):
    assert not any(paragraph.text.endswith("文件") for paragraph in midterm_docx.paragraphs[:2])


def test_sheets_print_landscape_one_page_wide_with_repeated_headers(taishan):
    run = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    with run.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    for index in (SUMMARY, INDICATORS):
        sheet = book.worksheets[index]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows in ("1:1", "$1:$1")
        assert "&P" in sheet.oddFooter.center.text
        assert sheet.freeze_panes
        assert sheet.print_area
    summary, indicators = book.worksheets[SUMMARY], book.worksheets[INDICATORS]
    assert summary.page_setup.paperSize == int(Worksheet.PAPERSIZE_A4)
    assert (summary.page_setup.fitToWidth, summary.page_setup.fitToHeight) == (1, 0)
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    # The indicator table (22 columns, two of long text) would print at a third of its size on one
    # A4 page: it goes on A3 at a readable size, pages to the right repeating the indicator names.
    assert indicators.page_setup.paperSize == int(Worksheet.PAPERSIZE_A3)
    assert int(indicators.page_setup.scale) == READABLE_SCALE
    assert indicators.print_title_cols in ("A:C", "$A:$C")
    assert book.worksheets[ABOUT].page_setup.paperSize == int(Worksheet.PAPERSIZE_A4)
    chart_sheet = book.worksheets[CHARTS]
    assert chart_sheet._images and chart_sheet.print_area and chart_sheet.row_breaks.brk


@pytest.mark.parametrize(
    ("columns", "paper", "fit_to_page"),
    [
        (6, Worksheet.PAPERSIZE_A4, True),  # columns of 22 units each: 137 in all
        (10, Worksheet.PAPERSIZE_A3, True),  # 227
        (20, Worksheet.PAPERSIZE_A3, False),  # 454
    ],
)
def test_a_table_prints_on_the_smaller_paper_that_keeps_it_readable(columns, paper, fit_to_page):
    frame = pd.DataFrame({f"c{i}": ["一二三四五六七八九十"] for i in range(columns)})
    sheet = Sheet("宽表", frame, [Column(f"c{i}", f"列{i}") for i in range(columns)], freeze_columns=2)
    book = load_workbook(
        io.BytesIO(xlsx_bytes(Report(title="测试", facts=[], notes=[], sheets=[sheet], blocks=[])))
    )
    printed = book.worksheets[1]
    assert printed.page_setup.paperSize == int(paper)
    assert bool(printed.sheet_properties.pageSetUpPr.fitToPage) is fit_to_page
    if fit_to_page:
        assert printed.page_setup.fitToWidth == 1
    else:  # too wide for one A3 page at a readable size: pages to the right repeat the row names
        assert int(printed.page_setup.scale) == READABLE_SCALE
        assert printed.page_setup.pageOrder == "overThenDown"
        assert printed.print_title_cols in ("A:B", "$A:$B")


def test_a_chart_draws_every_chinese_character():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts.status_overview_chart(
            categories=["经济发展", "民生福祉"],
            counts={"on_track": [1, 2], "lagging": [1, 0]},
            labels={"on_track": "基本符合预期", "lagging": "滞后"},
            title="各类指标评估结果",
        )
    assert png.startswith(b"\x89PNG")
    assert not [w for w in caught if "missing from" in str(w.message)]  # no glyph fell back to a box


def plain_rendering(series: charts.IndicatorSeries, labels: dict[str, str]) -> np.ndarray:
    """The same chart drawn the ordinary way: a fresh figure on matplotlib's own Agg canvas."""
    with charts.chart_style():
        chart = charts.IndicatorCanvas(labels)
        chart.draw(series)
        canvas = FigureCanvasAgg(chart.figure)
        for artist in chart.axes.get_children():
            artist.set_animated(False)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())


def test_charts_drawn_one_after_another_are_the_pixels_of_a_plain_matplotlib_drawing():
    labels = {"figures": "已审核数据", "expected": "预期路径", "target": "目标"}
    path = {year: 5 + year % 7 for year in range(2016, 2026)}
    series = [
        charts.IndicatorSeries("生产总值", "亿元", {2016: 5, 2017: 5.6}, path, 9, 2025),
        charts.IndicatorSeries("研发投入强度", "%", {2018: 2.1}, dict.fromkeys(path, 2.0), 2.5, 2025),
        charts.IndicatorSeries("森林覆盖率", "%", {2016: 40.0}, {}, None, None),  # another x axis and legend
        charts.IndicatorSeries("人均收入", "元", {2016: 31000, 2020: 42000}, {2016: 31000}, 50000, 2020),
    ]
    drawn = charts.indicator_charts(series, labels)
    for item, png in zip(series, drawn, strict=True):
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
        assert np.array_equal(pixels, plain_rendering(item, labels)), item.title


def test_a_charts_unit_reads_level_in_its_title():
    labels = {"figures": "已审核数据", "expected": "预期路径", "target": "目标"}
    with charts.chart_style():
        chart = charts.IndicatorCanvas(labels)
        chart.draw(charts.IndicatorSeries("生产总值", "亿元", {2016: 5}, {}, None, None))
        assert chart.title.get_text() == "生产总值（亿元）"
        assert chart.axes.get_ylabel() == ""  # not turned on its side beside the axis
        chart.draw(charts.IndicatorSeries("空气质量优良天数比率", "", {2016: 80}, {}, None, None))
        assert chart.title.get_text() == "空气质量优良天数比率"


@pytest.mark.parametrize(
    "name",
    [
        "生产总值",
        "规模以上工业企业研究与试验发展经费支出占主营业务收入比重",  # fits at the full size, just
        "规模以上工业企业研究与试验发展经费支出占主营业务收入比重及高新技术企业数量",  # set smaller
        "规模以上工业企业研究与试验发展经费支出占主营业务收入比重及高新技术企业数量年均增长和其他",  # cut
        "R&D expenditure of industrial enterprises above designated size as a share of revenue",
    ],
)
def test_a_charts_title_is_never_cut_at_the_edges_and_keeps_its_unit(name):
    labels = {"figures": "已审核数据", "expected": "预期路径", "target": "目标"}
    with charts.chart_style():
        chart = charts.IndicatorCanvas(labels)
        chart.draw(charts.IndicatorSeries(name, "个百分点", {2016: 5}, {}, None, None))
        drawn = chart.title.get_window_extent(chart.canvas.get_renderer())
    figure = chart.figure.bbox
    assert figure.x0 < drawn.x0 and drawn.x1 < figure.x1
    assert chart.title.get_text().endswith("（个百分点）")
    assert chart.title.get_text().startswith(name[:10])


@given(name=st.text(min_size=1, max_size=80), unit=st.text(max_size=6))
def test_a_chart_title_fits_its_width_whenever_its_unit_does(name, unit):
    text, size = charts.chart_title(name, unit, 350)
    suffix = f"（{unit}）" if unit else ""
    assert text.endswith(suffix)
    if text != name + suffix:  # cut short, at the smallest size, by an ellipsis
        shortened = text.removesuffix(suffix)
        assert size == min(charts.TITLE_SIZES)
        assert shortened.endswith("…") and name.startswith(shortened[:-1])
    assert display_width(text) * size / 2 <= 350


def test_without_a_chinese_font_the_report_fails_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font_file", lambda: None)
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(charts.MissingCJKFont, match="fonts-noto-cjk"):
            charts.status_overview_chart(categories=["甲"], counts={}, labels={}, title="图")
    finally:
        charts.cjk_font.cache_clear()


def test_a_configured_font_file_that_is_missing_is_refused(settings):
    settings.REPORT_CJK_FONT = "/nonexistent/font.ttc"
    with pytest.raises(charts.MissingCJKFont, match="REPORT_CJK_FONT"):
        charts.cjk_font_file()


def test_counts_print_as_integers_with_their_unit(taishan):
    report = builders.build("tasks", plans=[taishan.plan], year=2023)
    content = writers.render(report, "docx")
    assert b"12.00" not in content  # a docx is a zip: read the text instead
    document = Document(io.BytesIO(content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert not any(text.endswith(".00") for text in cells)


def test_a_row_grows_with_its_wrapped_text_so_that_print_does_not_cut_it():
    explanation = "【地区生产总值增速】年均增速（逐年平均）：2023年实际值5.5%，判定为“基本符合预期”。" * 3
    frame = pd.DataFrame({"name": ["甲", "乙"], "why": [explanation, "无审定数据。"]})
    sheet = Sheet("指标", frame, [Column("name", "指标"), Column("why", "判定依据", "long_text")])
    book = load_workbook(
        io.BytesIO(xlsx_bytes(Report(title="测试", facts=[], notes=[], sheets=[sheet], blocks=[])))
    )
    printed = book.worksheets[1]
    assert printed.cell(2, 2).alignment.wrap_text
    assert printed.row_dimensions[2].height >= 4 * 15  # some 130 half-width characters in 34
    assert printed.row_dimensions[3].height is None  # one line: the default height


# Two words of Latin letters in a row: a sentence left in English (codes such as GDP or PM2.5 are
# single words).
ENGLISH = re.compile(r"[A-Za-z]{3,}[ ,.:;]+[A-Za-z]{3,}")


def test_the_documents_text_is_all_in_chinese(midterm_docx):
    texts = [paragraph.text for paragraph in midterm_docx.paragraphs]
    texts += [cell.text for table in midterm_docx.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("预警：") for text in texts)  # the warnings paragraph is there
    assert [text for text in texts if ENGLISH.search(text)] == []


def test_the_about_sheets_notes_get_the_height_they_wrap_to():
    note = "本报告的完成进度按直线路径或复合增长路径计算，时序进度按规划期已过年份占比计算。" * 4
    report = Report(title="测试", facts=[("年度", "2023")], notes=["短注。", note], sheets=[], blocks=[])
    about = load_workbook(io.BytesIO(xlsx_bytes(report))).worksheets[0]
    rows = {row[1].value: row[1].row for row in about.iter_rows(min_row=2) if len(row) > 1}
    assert about.row_dimensions[rows["短注。"]].height is None
    assert about.row_dimensions[rows[note]].height >= 3 * 15
