"""专栏 boxes: projects, group labels, strategies; and the project lists of plans without boxes."""

from __future__ import annotations

import pytest

from importer.parsing.boxes import project_list, prose_projects, read_boxes, split_joined, split_names
from tests.importer.helpers import excerpt, lines_of, seed


def test_a_plain_box():
    (box,) = read_boxes(excerpt("000", 197, 199))
    assert (box.number, box.title_as_written, box.title, box.kind, box.line) == (
        3,
        "专栏3：特色农业项目",
        "特色农业项目",
        "projects",
        197,
    )
    assert [p.name for p in box.projects] == [
        "国家现代农业产业园二期建设项目",
        "省市区乡村振兴示范区示范村创建项目",
        "省农村产业融合示范园项目",
        "泰山国际花木城提升项目",
    ]


def test_places_fused_to_the_first_project_are_group_labels():
    (box,) = read_boxes(excerpt("000", 246, 248))
    assert len(box.projects) == 55
    by_name = {p.name: p.group for p in box.projects}
    assert by_name["济枣高铁项目"] == ""
    assert by_name["灵山片区"] == "财源街道"
    assert by_name["王家庄社区改造项目"] == by_name["安家林片区改造项目"] == "泰前街道"
    assert by_name["碧霞湖文化旅游片区"] == "泰山经济开发区"
    assert by_name["省庄工业园A片区"] == "省庄镇"


def test_run_in_group_labels():
    (box,) = read_boxes(excerpt("004", 276, 279))
    assert [(p.group, p.line) for p in box.projects].count(("交通基础设施", 277)) == 11
    assert box.projects[11].name == "北太平河北支综合治理工程"
    assert box.projects[11].group == "水利治理工程"
    # "南辛庄东街道路改造工程" is a road, not a 街道 (the place rule only reads a sentence's start).
    assert "南辛庄东街道路改造工程" in [p.name for p in box.projects]


def test_village_names_sharing_one_project():
    assert split_names(
        "东吴家堡、南吴家堡、南沙王庄三村整合城中村改造项目，张庄村、刘庄村城中村改造项目安置房三期工程"
    ) == [
        "东吴家堡、南吴家堡、南沙王庄三村整合城中村改造项目",
        "张庄村、刘庄村城中村改造项目安置房三期工程",
    ]
    assert split_names("老泰莱路、双龙路、青年路中段、谢过城大街建设项目") == [
        "老泰莱路",
        "双龙路",
        "青年路中段",
        "谢过城大街建设项目",
    ]
    assert [
        p.name for p in project_list("轨道交通市立五院综合体、省立医院南地块城市更新项目等项目。", 1)
    ] == [
        "轨道交通市立五院综合体",
        "省立医院南地块城市更新项目",
    ]


def test_numbered_paragraphs_make_a_strategies_box():
    (box,) = read_boxes(excerpt("004", 244, 252))
    assert box.kind == "strategies"
    assert box.projects == []
    assert box.text.startswith("1.济南西站枢纽商圈。")
    assert box.text.count("\n") == 5


def test_a_table_title_is_not_a_box():
    lines = seed("004").lines
    assert 40 not in [box.line for box in read_boxes(lines, skip={40})]


def test_projects_named_in_the_text():
    projects = prose_projects(excerpt("003", 150, 270), skip=set(), retrospective=set())
    names = [p.name for p in projects]
    assert names[:3] == ["埃顿集团生态智慧工业园", "特来电汽车智能充电生态网", "林德集团氢能源综合利用"]
    assert "乐物网" in names  # one project, named as a key project (等重点项目)
    assert "明发世贸中心" in names
    assert "过街天桥" not in names  # 一批过街天桥、高架桥等项目: kinds of project, not named ones


def test_past_projects_are_not_projects_of_the_plan():
    lines = lines_of("实施了泰安万达广场、新城·吾悦广场、泰山民生物流园等一批重大服务业项目。")
    assert prose_projects(lines, skip=set(), retrospective=set()) == []


@pytest.mark.parametrize(
    ("item", "names"),
    [
        ("启迪数华数字创新赋能中心和未来科技小镇", ["启迪数华数字创新赋能中心", "未来科技小镇"]),
        ("泰山亲和源", ["泰山亲和源"]),  # 和 inside a name
        ("嘉和物流二期", ["嘉和物流二期"]),
        ("科技园和研发", ["科技园和研发"]),  # too short after 和 to be a second project
    ],
)
def test_two_facilities_joined_by_he_are_two_projects(item, names):
    assert split_joined(item) == names


def test_a_box_in_a_word_file_ends_where_the_running_text_goes_on():
    text = (
        "专栏3：重点交通项目\n"
        "轨道交通。地铁5号线延伸、有轨电车T2线。\n"
        "道路。北外环快速路、滨江大道改造。\n"
        "加快构建现代综合交通体系，完善城市路网结构，提升公共交通服务水平，推动交通与产业、城市融合发展，"
        "到2025年基本形成便捷高效的交通网络。\n"
    )
    (box,) = read_boxes(lines_of(text))
    assert [p.name for p in box.projects] == ["地铁5号线延伸", "有轨电车T2线", "北外环快速路", "滨江大道改造"]
    assert box.content_lines == [2, 3]
