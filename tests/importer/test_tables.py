"""Indicator tables in every layout the seeds show, read cell by cell, verbatim."""

from __future__ import annotations

from importer.parsing.common import ProblemCode
from importer.parsing.table_rows import read_indicator_table, split_label
from importer.parsing.tables_pipe import find_pipe_grids
from importer.parsing.tables_tabbed import find_tabbed_grids
from tests.importer.helpers import excerpt, lines_of


def cells(row):
    return (
        row.number,
        row.category,
        row.name_as_written,
        row.baseline,
        row.target,
        row.annual,
        row.attribute,
    )


def test_tabbed_table_with_header_cells_spread_over_two_lines_and_category_rows():
    (grid,) = find_tabbed_grids(excerpt("000", 50, 166))
    table = read_indicator_table(grid)
    assert grid.title == "泰山区“十四五”规划主要指标"
    assert (table.baseline_year, table.target_year, table.has_annual) == (2020, 2025, True)
    assert len(table.rows) == 16
    assert cells(table.rows[0]) == (
        "（1）",
        "经济发展",
        "（1）地区生产总值增速（%）",
        "3.1",
        "-",
        "5.5",
        "expected",
    )
    assert cells(table.rows[11]) == (
        "（12）",
        "绿色生态",
        "（12）单位地区生产总值能源消耗降低（%）",
        "-",
        "完成市下达任务",
        "-",
        "binding",
    )
    assert table.rows[15].target == "小于0.01"
    assert all(not row.problems for row in table.rows)


def test_tabbed_table_with_estimate_page_break_and_composite():
    (grid,) = find_tabbed_grids(excerpt("004", 40, 189))
    table = read_indicator_table(grid)
    assert (table.baseline_year, table.target_year, table.baseline_estimate) == (2025, 2030, True)
    by_line = {row.line: row for row in table.rows}
    # Category cells only on a group's first row: the others inherit it.
    assert by_line[72].category == "创新驱动"
    # The category cell of row 4 sits after a page break (blank lines, lost tab).
    assert cells(by_line[90]) == ("4", "民生福祉", "居民人均可支配收入增长（%）", "", "", "5", "expected")
    # The composite row and its two sub-rows.
    composite, doctors, nurses = by_line[106], by_line[107], by_line[116]
    assert (composite.baseline, composite.target, composite.annual) == ("", "", "")
    assert cells(doctors)[2:] == ("执业医师数（人）", "11.3", "11.9", "1.03", "expected")
    assert cells(nurses)[2:] == ("注册护士数（人）", "15", "15.7", "0.91", "expected")
    assert doctors.parent == nurses.parent == table.rows.index(composite)
    assert by_line[148].unit == "微克/立方米"
    assert len([row for row in table.rows if row.parent is None]) == 14


def test_pipe_table_with_missing_cells_and_footnotes():
    (grid,) = find_pipe_grids(excerpt("003", 30, 160))
    table = read_indicator_table(grid)
    by_number = {row.number: row for row in table.rows}
    assert len(table.rows) == 21
    assert cells(by_number["(2)"]) == (
        "(2)",
        "经济发展",
        "(2)常住人口城镇化率(%)",
        "95.90",
        "95.95",
        "[0.05]",
        "expected",
    )
    assert by_number["(4)"].footnote == "(4)“四新”经济增加值占比(%)为全口径数据。"
    assert by_number["(6)"].footnote.startswith("(6)万人高价值发明专利拥有量数据")
    assert table.footnote_lines == [151, 152, 153]
    # Rows 16-18 have one value cell too few: kept in column order, and flagged on the row.
    damaged = by_number["(17)"]
    assert (damaged.baseline, damaged.target, damaged.annual) == ("60.4", "——", "")
    (problem,) = damaged.problems
    assert problem.code is ProblemCode.TABLE_ROW_SHORT
    assert problem.params["cells"] == "(17)空气质量优良天数比率(%) | 60.4 | —— | 约束性 | "
    assert by_number["(20)"].target == "2万吨以上"


def test_a_row_with_too_many_cells_is_flagged_not_shifted():
    text = "\n".join(
        [
            "主要指标",
            "\t指标",
            "\t2020年",
            "\t2025年",
            "\t属性",
            "",
            "\t（1）森林覆盖率（%）",
            "\t39.44",
            "\t39.44",
            "\t40",
            "\t约束性",
            "",
            "\t（2）城镇化率（%）",
            "\t89",
            "\t91",
            "\t预期性",
        ]
    )
    (grid,) = find_tabbed_grids(lines_of(text))
    table = read_indicator_table(grid)
    long_row, good_row = table.rows
    assert (long_row.baseline, long_row.target) == ("39.44", "39.44")
    assert [p.code for p in long_row.problems] == [ProblemCode.TABLE_ROW_LONG]
    assert "39.44 | 39.44 | 40" in long_row.problems[0].params["cells"]
    assert not good_row.problems


def test_a_single_tabbed_line_is_not_a_table():
    assert find_tabbed_grids(excerpt("000", 178, 179)) == []


def test_label_split():
    assert split_label("（8）每千人口拥有执业（助理）医师数（人）") == (
        "（8）",
        "每千人口拥有执业（助理）医师数",
        "人",
    )
    assert split_label("城市细颗粒物（PM2.5）浓度（微克/立方米）") == (
        "",
        "城市细颗粒物（PM2.5）浓度",
        "微克/立方米",
    )
    assert split_label("(21)能源综合生产能力(万吨标准煤)") == ("(21)", "能源综合生产能力", "万吨标准煤")
