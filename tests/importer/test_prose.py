"""Targets stated in running text and in task texts, read with the target parser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importer.parsing.prose import KnownTarget, find_quantities, read_prose_targets
from importer.parsing.sections import read_sections
from tests.importer.helpers import excerpt, lines_of


def read(clause):
    return [
        (
            q.text,
            q.target.kind.value,
            q.target.comparator and q.target.comparator.value,
            q.target.value,
            q.target.unit,
        )
        for q in find_quantities(clause)
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("全区高新技术企业达到240 家", [("达到240 家", "level", "ge", Decimal("240"), "家")]),
        (
            "全区地区生产总值力争突破1500 亿元",
            [("力争突破1500 亿元", "level", "ge", Decimal("1500"), "亿元")],
        ),
        ("森林覆盖率稳定在34%左右", [("稳定在34%左右", "level", "approx", Decimal("34"), "%")]),
        ("城镇失业率控制在3%以内", [("控制在3%以内", "level", "le", Decimal("3"), "%")]),
        ("万元工业增加值用水量较2020年降低10%", [("降低10%", "reduction", "eq", Decimal("10"), "%")]),
        ("确保全区进出口总额年均增长5%以上", [("年均增长5%以上", "rate", "ge", Decimal("5"), "%")]),
        # A change verb with a count belongs to the name: 60 more enterprises, not a rate.
        ("高新技术企业增长60家以上", [("60家以上", "level", "ge", Decimal("60"), "家")]),
        (
            "新建公厕50座、便民市场10处、停车场20处以上",
            [
                ("50座", "level", "eq", Decimal("50"), "座"),
                ("10处", "level", "eq", Decimal("10"), "处"),
                ("20处以上", "level", "ge", Decimal("20"), "处"),
            ],
        ),
        ("培育形成2-3个百亿级新经济产业新赛道", [("2-3个", "level", "ge", Decimal("2"), "个")]),
        ("城乡居民收入增速快于经济增速", [("快于经济增速", "relative", "gt", None, "")]),
        ("到2030年人口规模达到*万人", [("达到*万人", "not_set", None, None, "")]),
    ],
)
def test_target_phrases(clause, expected):
    assert read(clause) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "围绕新型工业化强市13条重点产业链",  # a count of what exists
        "抓好300个引领性、支撑性、示范性重点项目",
        "推动5G基站向重点产业园区深度覆盖",  # a name
        "落实“人才金政37条”",  # inside quotes
        "持续用好“智汇槐荫”人才政策22条",  # articles of a policy
        "建立0-3岁婴幼儿照护服务体系",  # ages
        "实施投资500万元及以上工业技改项目",  # a threshold in a name
        "实行“1+3+4+N”综合创新体系",
        "2021年7月28日",
    ],
)
def test_numbers_that_are_not_targets(clause):
    assert find_quantities(clause) == []


def test_a_count_made_by_a_verb_is_a_target():
    assert [
        q.text for q in find_quantities("重点打造1个区级综合产业平台、1个科技工业园电子电气产业平台")
    ] == ["1个", "1个"]
    assert [q.text for q in find_quantities("新建14所标准化学校")] == ["14所"]


def test_prose_targets_of_a_goals_section_not_of_the_review():
    lines = excerpt("002", 1, 40)
    sections = read_sections(lines)
    targets = read_prose_targets(
        lines, sections=sections, skip=set(), start_year=2021, end_year=2025, known=[]
    )
    assert [(t.line, t.text, t.year) for t in targets] == [
        (32, "力争突破1500 亿元", 2025),
        (32, "力争超过140 亿元", 2025),
        (33, "达到240 家", 2025),
        (33, "达到0.77%", 2025),
        (33, "59 件", 2025),
        (37, "稳定在34%左右", 2025),
        (38, "快于经济增速", 2025),
        (38, "达85825 元", 2025),
        (38, "控制在3%以内", 2025),
    ]
    assert targets[0].section == "c2.s3.i2"
    assert targets[0].source_text == "到2025 年,全区地区生产总值力争突破1500 亿元"


def test_a_paragraph_reporting_past_results_is_skipped():
    lines = excerpt("003", 7, 13)
    assert read_prose_targets(lines, sections=[], skip=set(), start_year=2021, end_year=2025, known=[]) == []


def test_a_restated_table_row_is_not_a_second_target():
    lines = lines_of("“十四五”期间,累计新增就业6万人,城镇登记失业率控制在4.5%。")
    known = [KnownTarget(name="城镇登记失业率", values={Decimal("4.5")}, texts={"4.5%以内"})]
    targets = read_prose_targets(lines, sections=[], skip=set(), start_year=2021, end_year=2025, known=known)
    assert [t.text for t in targets] == ["6万人"]
    assert targets[0].measure == "cumulative"


def test_the_year_comes_from_the_sentence():
    lines = lines_of("力争到2023年年底,省级现代服务业集聚区达到3个。")
    (target,) = read_prose_targets(lines, sections=[], skip=set(), start_year=2021, end_year=2025, known=[])
    assert target.year == 2023
