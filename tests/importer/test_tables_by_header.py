"""Indicator tables read by their header: paragraph cells, line cells, Word and PDF grids.

The documents here are small synthetic ones written for each layout (not copies of the corpus):
the columns come in other orders, with merged category cells, sub-rows and review tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from importer.document import build_document
from importer.parsing.common import ProblemCode
from importer.parsing.table_header import read_header
from importer.parsing.tables_paragraph import find_paragraph_tables
from importer.reading import read_source
from tests.importer.helpers import lines_of

FILES = Path(__file__).parent / "files"


def paragraphs(*cells: str) -> str:
    return "\n\n".join(cells) + "\n"


def rows_of(text: str, plan_start: int | None = 2026):
    (found,) = find_paragraph_tables(lines_of(text), set(), plan_start=plan_start)
    assert found.table is not None
    return found.table.rows


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (
            ["序号", "指标名称", "单位", "属性", "“十五五”目标"],
            ["number", "name", "unit", "attribute", "target"],
        ),
        (
            ["领域", "序号", "指标", "2025年", "2030年", "年均增速", "指标属性"],
            ["category", "number", "name", "baseline", "target", "annual", "attribute"],
        ),
        # A spanning 指标值 over 现状 | 目标, their years in a row of their own.
        (
            ["序号", "指标项", "类型", "指标值", "现状", "规划", "（2025年）", "（2030年）"],
            ["number", "name", "kind", "baseline", "target"],
        ),
        # A header cell wrapped over two lines.
        (
            ["序号", "指标", "“十四五”", "完成值", "“十五五”", "目标值"],
            ["number", "name", "baseline", "target"],
        ),
    ],
)
def test_header_roles_in_any_order(cells, roles):
    header = read_header(cells, plan_start=2026)
    assert header is not None
    assert [column.role.value for column in header.columns] == roles


def test_header_years_come_from_year_rows_under_a_span():
    header = read_header(["序号", "指标", "指标值", "现状", "规划", "（2025年）", "（2030年）"])
    assert (header.baseline_year, header.target_year) == (2025, 2030)


def test_completion_header_is_a_review():
    header = read_header(
        ["序号", "指标名称", "单位", "“十四五”目标值", "2025年", "完成情况"], plan_start=2026
    )
    assert header is not None and header.review
    assert read_header(["序号", "指标", "2020年", "2025年"], plan_start=2026).review


PARAGRAPH_TABLE = paragraphs(
    "主要指标表",
    "板块",
    "序号",
    "指标名称",
    "单位",
    "属性",
    "2025年",
    "2030年",
    "生态环境",
    "1",
    "新增绿地面积",
    "公顷",
    "约束性",
    "40",
    "60",
    "其中：口袋公园",
    "5",
    "12",
    "2",
    "河道整治长度",
    "公里",
    "预期性",
    "12",
    "≥20",
    "公共服务",
    "3",
    "社区食堂数量",
    "个",
    "预期性",
    "/",
    "与需求\n相适应",
    "二、主要任务",
)


def test_paragraph_cells_with_merged_category_and_sub_row():
    rows = rows_of(PARAGRAPH_TABLE)
    assert [(r.number, r.category, r.name, r.unit, r.attribute, r.baseline, r.target) for r in rows] == [
        ("1", "生态环境", "新增绿地面积", "公顷", "binding", "40", "60"),
        ("", "生态环境", "口袋公园", "公顷", "binding", "5", "12"),
        ("2", "生态环境", "河道整治长度", "公里", "expected", "12", "≥20"),
        ("3", "公共服务", "社区食堂数量", "个", "expected", "/", "与需求\n相适应"),
    ]
    assert rows[1].parent == 0


def test_a_target_equal_to_the_next_row_number_is_a_target():
    text = paragraphs(
        "序号",
        "指标",
        "单位",
        "属性",
        "目标",
        "1",
        "新建公园",
        "座",
        "预期性",
        "2",
        "2",
        "改造道路",
        "条",
        "预期性",
        "3",
    )
    assert [(r.name, r.target) for r in rows_of(text)] == [("新建公园", "2"), ("改造道路", "3")]


def test_attribute_after_the_target_and_category_after_the_number():
    text = paragraphs(
        "序号", "类型", "指标名称", "指标单位", "2030年目标值", "属性",
        "1", "保护修缮", "修缮面积", "万平方米", "30", "约束性",
        "2", "修缮栋数", "栋", "5", "预期性",
        "3", "更新利用", "改造面积", "万平方米", ">2", "预期性",
    )  # fmt: skip
    rows = rows_of(text)
    assert [(r.category, r.name, r.unit, r.target, r.attribute) for r in rows] == [
        ("保护修缮", "修缮面积", "万平方米", "30", "binding"),
        ("保护修缮", "修缮栋数", "栋", "5", "expected"),
        ("更新利用", "改造面积", "万平方米", ">2", "expected"),
    ]


def test_line_cells_with_blocks_and_an_empty_cell():
    text = (
        "类别\n序号\n一级指标\n二级指标\n单位\n属性\n“十四五”\n完成值\n“十五五”\n目标值\n\n"
        "宜居城区\n1\n旧区改造\n改造面积\n万平方米\n预期性\n25\n30\n\n"
        "2\n加装电梯数量\n台\n预期性\n\n≥500\n\n"
        "注：完成值为2025年数据。\n"
    )
    rows = rows_of(text)
    assert [(r.category, r.group, r.name, r.baseline, r.target) for r in rows] == [
        ("宜居城区", "旧区改造", "改造面积", "25", "30"),
        ("宜居城区", "旧区改造", "加装电梯数量", "", "≥500"),
    ]


def test_review_table_gives_no_rows_and_says_so():
    text = paragraphs(
        "序号", "指标名称", "单位", "“十四五”目标值", "2025年", "完成情况",
        "1", "新建绿地", "公顷", "75", "90", "超额完成",
    )  # fmt: skip
    (found,) = find_paragraph_tables(lines_of(text), set(), plan_start=2026)
    assert found.table is None
    assert [p.code for p in found.problems] == [ProblemCode.TABLE_REVIEW]


def _document(path: Path):
    content = path.read_bytes()
    return build_document(
        read_source(content, path.name),
        source_name=path.name,
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.mark.parametrize("name", ["attribute_before_values.docx", "indicator_table.pdf"])
def test_word_and_pdf_tables_with_the_attribute_before_the_values(name):
    rows = [r for r in _document(FILES / name).data["indicators"] if r["origin"] == "table"]
    assert [
        (r["name"], r["attribute"], r["unit"], r["baseline"]["text"], r["target"]["text"]) for r in rows
    ] == [
        ("人均公园绿地面积", "binding", "平方米", "6.07", "6.5"),
        ("新建绿道", "expected", "公里", "30", "50"),
    ]
    assert {r["baseline"]["year"] for r in rows} == {2025}


MARKED = paragraphs(
    "某某区人民政府关于印发某某区“十四五”规划的通知",
    "主要指标",
    "序号", "指标", "单位", "2020年", "2025年", "属性",
    "1", "研发经费投入强度", "%", "2.1*", "3", "预期性",
    "2", "人均公园绿地面积", "平方米", "8.5", "9①", "约束性",
    "注：带*的为2019年数据。",
    "①含新建口袋公园。",
    "二、主要任务",
)  # fmt: skip


def test_a_marked_cell_keeps_its_text_and_takes_its_value_and_year_from_the_note():
    content = MARKED.encode()
    rows = build_document(read_source(content), source_name="x.txt", sha256="0" * 64).data["indicators"]
    research, parks = [r for r in rows if r["origin"] == "table"]
    assert research["baseline"]["text"] == "2.1*"
    assert (research["baseline"]["year"], research["baseline"]["parsed"]["value"]) == (2019, "2.1")
    assert "带*的为2019年数据" in research["footnote"]
    assert (parks["baseline"]["year"], parks["target"]["text"], parks["target"]["parsed"]["value"]) == (
        2020,
        "9①",
        "9",
    )
    assert "①含新建口袋公园" in parks["footnote"]
