"""Numbered task lists with their 责任单位 (seed 001)."""

from __future__ import annotations

import pytest

from importer.parsing.common import ProblemCode
from importer.parsing.tasks import read_responsibility, read_tasks, unit_kind
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
