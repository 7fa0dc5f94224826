"""The assembled plan: fixture format (valid against the schema), problems, and what is refused."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from importer.document import DocumentError, _direction, build_document, plan_key
from importer.parsing.common import ProblemCode
from importer.parsing.prose import _measure_and_direction
from importer.reading import read_source
from importer.seeding import SCHEMA_PATH, check_references
from indicators.domain.targets import Column, parse_target
from tests.importer.helpers import DOCS, seed, seed_bytes


def build(doc):
    return build_document(
        seed(doc), source_name=DOCS[doc], sha256=hashlib.sha256(seed_bytes(doc)).hexdigest()
    )


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_each_seed_becomes_a_valid_fixture(doc):
    data = build(doc).data
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    check_references(DOCS[doc], data)
    assert data["plan"]["key"] == plan_key(hashlib.sha256(seed_bytes(doc)).hexdigest())


def test_every_verbatim_text_is_in_the_source():
    for doc in DOCS:
        text = seed_bytes(doc).decode("utf-8")
        data = build(doc).data
        for row in data["indicators"]:
            for cell in (row["name_as_written"], row["target"]["text"], row["baseline"]["text"]):
                assert cell in text, (doc, row["key"], cell)
        for task in data["tasks"]:
            assert task["title"] in text and task["text"] in text and task["responsibility_text"] in text
        for box in data["project_boxes"]:
            for project in box["projects"]:
                assert project["name"] in text, (doc, project["name"])


def test_damaged_rows_carry_their_warning_in_the_note():
    rows = {row["line"]: row for row in build("003").data["indicators"] if row["origin"] == "table"}
    assert rows[124]["note"].startswith("table_row_short")
    assert rows[124]["baseline"]["text"] == "60.4"
    assert rows[38]["note"] == ""


def test_counts():
    assert build("004").counts == {
        "sections": 139,
        "table_rows": 16,
        "prose_targets": 23,
        "tasks": 0,
        "task_targets": 0,
        "boxes": 5,
        "projects": 30,
        "units": 0,
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("这是一段普通的文字，没有任何规划的结构。\n今天天气很好。", ProblemCode.NO_STRUCTURE),
        ("泰安市泰山区工作要点\n第一章 总则\n第二章 分则\n", ProblemCode.NO_YEARS),
    ],
)
def test_what_cannot_become_a_plan(text, code):
    with pytest.raises(DocumentError) as caught:
        build_document(read_source(text.encode()), source_name="x.txt", sha256="0" * 64)
    assert caught.value.code is code


def test_a_plan_that_names_no_jurisdiction_is_read_and_leaves_it_to_be_chosen():
    text = "国民经济和社会发展第十四个五年规划纲要\n第一章 总则\n第二章 目标\n"
    data = build_document(read_source(text.encode()), source_name="x.txt", sha256="0" * 64).data
    assert data["jurisdiction"] is None
    assert (data["plan"]["start_year"], data["plan"]["end_year"]) == (2021, 2025)


NEW_DOCUMENT = """某某市某某区人民政府关于印发某某区国民经济和社会发展第十四个五年规划纲要的通知
某政发〔2021〕5号
现将《某某区国民经济和社会发展第十四个五年规划纲要》印发给你们，请认真贯彻执行。
某某区人民政府
2021年3月1日
第一章 发展基础
一、“十三五”发展成就
2020年，全区地区生产总值达到500亿元，累计新增就业3万人。
第二章 发展目标
一、主要指标
| 指标 | 2020年 | 2025年 | 年均增长 | 属性 |
|---|---|---|---|---|
| 经济发展 | | | | |
| (1)地区生产总值(亿元) | 500 | 700 | 7% | 预期性 |
| 绿色生态 | | | | |
| (2)单位地区生产总值能耗降低(%) | — | 完成市下达任务 | — | 约束性 |
二、主要目标
到2025年，全区高新技术企业达到150家，研发投入强度达到2.5%以上，新建学校8所。
专栏1：重大项目
交通工程。东西大街改造工程、南北快速路。产业项目。智能制造产业园、数字经济大厦。
第三章 保障措施
1.加强组织领导。成立领导小组，定期调度。(责任单位:区发展改革局牵头，区财政局、区统计局配合)
2.强化考核评估。开展中期评估。(责任单位:区发展改革局、区统计局按职责分工负责)
"""


def test_a_new_document_of_the_same_kind():
    """Not a seed: a markdown-style table, a box ending at a heading, other wording of 责任单位."""
    data = build_document(read_source(NEW_DOCUMENT.encode()), source_name="new.txt", sha256="1" * 64).data
    assert data["plan"]["document_number"] == "某政发〔2021〕5号"
    assert (data["plan"]["signed_on"], data["plan"]["start_year"], data["plan"]["end_year"]) == (
        "2021-03-01",
        2021,
        2025,
    )
    assert data["jurisdiction"] == {
        "name": "某某区",
        "level": "district",
        "parent": {"name": "某某市", "level": "city", "parent": None},
    }
    rows = [row for row in data["indicators"] if row["origin"] == "table"]
    assert [
        (r["category"], r["name"], r["unit"], r["baseline"]["text"], r["target"]["text"]) for r in rows
    ] == [
        ("经济发展", "地区生产总值", "亿元", "500", "700"),
        ("绿色生态", "单位地区生产总值能耗降低", "%", "—", "完成市下达任务"),
    ]
    assert rows[1]["target"]["parsed"]["kind"] == "quota"
    prose = [(row["target"]["text"], row["line"]) for row in data["indicators"] if row["origin"] == "text"]
    assert prose == [("达到150家", 18), ("达到2.5%以上", 18), ("8所", 18)]  # not the 十三五 results
    (box,) = data["project_boxes"]
    assert [(p["name"], p["group"]) for p in box["projects"]] == [
        ("东西大街改造工程", "交通工程"),
        ("南北快速路", "交通工程"),
        ("智能制造产业园", "产业项目"),
        ("数字经济大厦", "产业项目"),
    ]
    first, second = data["tasks"]
    assert (first["lead_units"], first["cooperating_units"], second["shared_units"]) == (
        ["区发展改革局"],
        ["区财政局", "区统计局"],
        ["区发展改革局", "区统计局"],
    )
    assert [s["title"] for s in data["sections"]] == [
        "发展基础",
        "“十三五”发展成就",
        "发展目标",
        "主要指标",
        "主要目标",
        "保障措施",
    ]


@pytest.mark.parametrize("name", ["城镇调查失业率", "PM2.5平均浓度", "万元GDP用水量", "生产安全事故死亡人数"])
def test_table_rows_and_text_targets_share_one_lower_is_better_vocabulary(name):
    assert _direction(name, "", "5") == "lower"
    assert _measure_and_direction(name, parse_target("5%", column=Column.PROSE))[1] == "lower"


def test_an_announced_indicator_table_with_no_row_read_is_said_first():
    text = (
        "某某区“十五五”规划纲要\n\n主要指标表\n\n（见附图）\n\n一、主要任务\n\n到2030年，新建绿道10公里。\n"
    )
    document = build_document(read_source(text.encode()), source_name="x.txt", sha256="0" * 64)
    assert document.counts["table_rows"] == 0
    unread = [p for p in document.problems if p.code is ProblemCode.PLAN_TABLE_UNREAD]
    assert [(p.line, p.params["text"]) for p in unread] == [(3, "主要指标表")]


def test_a_name_of_numbers_or_punctuation_only_is_left_out_and_reported():
    cells = [
        "序号",
        "指标名称",
        "单位",
        "属性",
        "目标",
        "1",
        "新建绿道",
        "公里",
        "预期性",
        "10",
        "2",
        "46％",
        "%",
        "预期性",
        "5",
    ]
    text = "某某区“十五五”规划纲要\n\n" + "\n\n".join(cells) + "\n\n一、主要任务\n"
    document = build_document(read_source(text.encode()), source_name="x.txt", sha256="0" * 64)
    assert [row["name"] for row in document.data["indicators"] if row["origin"] == "table"] == ["新建绿道"]
    assert [(p.code, p.params["text"]) for p in document.problems if p.code is ProblemCode.JUNK_NAME] == [
        (ProblemCode.JUNK_NAME, "46％")
    ]
