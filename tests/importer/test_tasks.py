"""Numbered task lists with their 责任单位 (seed 001)."""

from __future__ import annotations

import pytest

from importer.parsing.common import ProblemCode
from importer.parsing.tasks import (
    convention_lead,
    read_heading_tasks,
    read_responsibility,
    read_tasks,
    unit_kind,
)
from tests.importer.helpers import excerpt, lines_of, seed


@pytest.mark.parametrize(
    ("clause", "lead", "shared", "cooperating"),
    [
        ("(责任单位:市科技局牵头负责)", ["市科技局"], [], []),
        ("(责任单位:市工业和信息化局、市通信发展办牵头负责)", ["市工业和信息化局", "市通信发展办"], [], []),
        ("(责任单位:市科协、市科技局按职责分工负责)", [], ["市科协", "市科技局"], []),
        ("（责任单位：区发改局牵头，区财政局、区统计局配合）", ["区发改局"], [], ["区财政局", "区统计局"]),
        (
            "（牵头单位：区住建局；配合单位：区城管局、区自然资源局）",
            ["区住建局"],
            [],
            ["区城管局", "区自然资源局"],
        ),
        ("(责任单位:市商务局负责)", ["市商务局"], [], []),
    ],
)
def test_responsibility_clauses(clause, lead, shared, cooperating):
    assert read_responsibility(clause) == (lead, shared, cooperating)


def test_the_task_list_of_001():
    tasks = read_tasks(seed("001").lines)
    assert [task.number for task in tasks] == list(range(1, 81))
    first = tasks[0]
    assert first.title == "加快创新型城市建设"
    assert first.text.startswith("深化“科创中国”试点市建设,开展10场以上高端学术交流活动")
    assert first.text.endswith("引导各行业领域提升创新能力。")
    assert first.responsibility_text == "(责任单位:市科协、市科技局按职责分工负责)"
    assert (first.lead_units, first.shared_units, first.line) == ([], ["市科协", "市科技局"], 26)
    assert tasks[15].lead_units == ["市工业和信息化局", "市通信发展办"]
    assert tasks[22].shared_units == ["市交通运输局", "泰山区政府", "肥城市政府", "泰山管委", "徂汶景区管委"]
    assert tasks[79].responsibility_text == "" and tasks[79].title == "强化宣传引导"


def test_numbered_achievements_are_not_tasks():
    assert read_tasks(excerpt("000", 18, 27)) == []


def test_a_gap_in_the_numbers_is_reported():
    lines = lines_of(
        "1.甲任务。做事。(责任单位:区发改局牵头负责)\n3.乙任务。做事。(责任单位:区财政局牵头负责)"
    )
    tasks = read_tasks(lines)
    assert [p.code for p in tasks[1].problems] == [ProblemCode.TASK_NUMBER_GAP]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市委组织部", "party"),
        ("市委编办", "party"),
        ("新泰市政府", "government"),
        ("泰山管委", "committee"),
        ("国网泰安供电公司", "enterprise"),
        ("市科协", "people_org"),
        ("市大数据中心", "other"),
        ("市发展改革委", "department"),
        ("市政府办公室", "department"),
    ],
)
def test_unit_kinds(name, kind):
    assert unit_kind(name) == kind


@pytest.mark.parametrize(
    ("clause", "lead", "shared", "cooperating"),
    [
        (
            "（牵头单位：区经委、某某街道，支撑单位：区规划资源局、区建管委）",
            ["区经委", "某某街道"],
            [],
            ["区规划资源局", "区建管委"],
        ),
        ("（责任单位：区发改委、区建管委，各街道）", [], ["区发改委", "区建管委", "各街道"], []),
        ("（牵头部门：区商务委；配合部门：区财政局）", ["区商务委"], [], ["区财政局"]),
    ],
)
def test_role_labels_inside_one_clause(clause, lead, shared, cooperating):
    assert read_responsibility(clause) == (lead, shared, cooperating)


HEADING_TASKS = """一、主要任务

（一）推进屋顶光伏建设

到2027年，新增光伏装机容量5兆瓦。

（责任单位：区发改委、区建管委，各街道）

（二）推广热泵应用

鼓励公共建筑使用热泵。

（责任单位：区机管局）

二、保障措施

加强组织领导。

（责任单位：区发改委）
"""


def test_heading_tasks_with_a_separate_responsibility_paragraph():
    tasks = read_heading_tasks(lines_of(HEADING_TASKS))
    assert [(t.number, t.title, t.shared_units, t.lead_units) for t in tasks] == [
        (1, "推进屋顶光伏建设", ["区发改委", "区建管委", "各街道"], []),
        (2, "推广热泵应用", ["区机管局"], []),
    ]
    assert tasks[0].text == "到2027年，新增光伏装机容量5兆瓦。"
    problem = convention_lead(tasks[0])
    assert problem is not None and problem.params == {"unit": "区发改委"}
    assert convention_lead(tasks[1]) is None


def test_an_action_list_is_tasks_and_other_heading_runs_are_not():
    text = (
        "一、总体要求\n\n（一）指导思想\n\n坚持人民城市理念。\n\n（二）基本原则\n\n统筹推进。\n\n"
        "二、2026年行动\n\n（一）社区服务提升\n。完善社区食堂。\n（二）公共空间更新\n。建设口袋公园。\n"
    )
    tasks = read_heading_tasks(lines_of(text))
    assert [(t.number, t.title, t.text) for t in tasks] == [
        (1, "社区服务提升", "完善社区食堂。"),
        (2, "公共空间更新", "建设口袋公园。"),
    ]
