"""The chapter/section tree."""

from __future__ import annotations

from importer.parsing.sections import is_retrospective, read_sections
from tests.importer.helpers import lines_of, seed


def tree(sections):
    by_key = {s.key: s for s in sections}
    return [(s.number, s.title, by_key[s.parent].number if s.parent else None) for s in sections]


def test_chapters_sections_and_run_in_headings():
    sections = read_sections(
        lines_of(
            "第一章 锚定新使命\n一、发展基础\n（一）综合实力显著增强。全区经济…\n五、发展目标\n"
            "第二章 加快构建现代化产业体系\n一、聚力发展龙头引领产业\n"
            "（一）做优医养健康高端产业集群。对标全球…\n"
            "（1） 强化消费载体建设。传承…\n第三节 奋斗目标\n1、 推进新时代文明建设\n"
        )
    )
    assert tree(sections) == [
        ("第一章", "锚定新使命", None),
        ("一、", "发展基础", "第一章"),
        # （一） under 发展基础 introduces an achievement, not a part of the plan.
        ("五、", "发展目标", "第一章"),
        ("第二章", "加快构建现代化产业体系", None),
        ("一、", "聚力发展龙头引领产业", "第二章"),
        ("（一）", "做优医养健康高端产业集群", "一、"),
        ("（1）", "强化消费载体建设", "一、"),
        ("第三节", "奋斗目标", "第二章"),
        ("1、", "推进新时代文明建设", "第三节"),
    ]


def test_sentences_are_not_headings():
    assert (
        read_sections(
            lines_of(
                "1、综合实力稳步提升。2020年，地区生产总值达到473.7亿元。\n一、要坚持的原则是：稳中求进。"
            )
        )
        == []
    )


def test_retrospective_sections():
    sections = read_sections(seed("002").lines)
    assert is_retrospective(sections, 10)  # 第一节发展基础
    assert not is_retrospective(sections, 33)  # 第三节奋斗目标
