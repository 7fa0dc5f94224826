"""专栏 boxes of key projects, and the named project lists of plans that have no boxes.

A box is a heading "专栏N：标题" and the lines under it up to the next blank line, heading or box
(or, in a Word file where no blank line follows a box, the first paragraph of running prose). Its
lines are:

* a list of **projects**, separated by 、，；and 。: names are kept as written (a trailing "等项目"
  or "等" that closes the list is not part of the last name);
* a **group label** before a list: a short sentence without separators ("交通基础设施。" before the
  roads), or a place (…街道/镇/开发区) written fused to the first project of a sentence
  ("财源街道灵山片区。"): the label applies to the rest of the sentence;
* village names joined by 、 in front of one project ("东吴家堡、南吴家堡、南沙王庄三村整合城中村改造
  项目") name one project, not three: a bare village name does not stand alone as a project;
* or numbered paragraphs ("1.济南西站枢纽商圈。…"): a box of **strategies**, kept as text.

A box whose heading is directly followed by a table is the table's title, not a box.

Plans without boxes name their key projects in running text: "推进A、B、C等重大项目" lists are read
as projects of box 0 when the list is introduced as projects (…项目, …载体) and the sentence looks
forward (not 已/建成运营: past achievements are not projects of the plan).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from importer.parsing.common import Problem, ProblemCode, chinese_number
from importer.parsing.sections import heading_of
from importer.reading import Line

_BOX = re.compile(r"^\s*专栏\s*([0-9０-９一二三四五六七八九十]+)\s*[：:\s]\s*(\S.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.．、]")
_PLACE_PREFIX = re.compile(
    r"^([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|经济开发区|高新区|开发区|管委会))(?=[\u4e00-\u9fffA-Za-z0-9“])"
)
_SETTLEMENT = re.compile(r"^[\u4e00-\u9fff]{1,5}[村庄堡屯寨]$")
_LIST_END = re.compile(r"(?:等一批项目|等项目|等)$")
LABEL_MAX = 12


@dataclass
class Project:
    name: str
    group: str
    line: int


@dataclass
class Box:
    number: int
    title_as_written: str
    title: str
    line: int
    kind: str  # projects | strategies
    text: str = ""
    projects: list[Project] = field(default_factory=list)
    content_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    project_descriptions: list[str] = field(default_factory=list)  # from a project list table


def _box_number(text: str) -> int:
    normalised = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return chinese_number(normalised) or 0


def read_boxes(lines: tuple[Line, ...], skip: Collection[int] = ()) -> list[Box]:
    boxes: list[Box] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _BOX.match(line.text) if line.number not in skip else None
        if not match:
            index += 1
            continue
        content: list[Line] = []
        position = index + 1
        while position < len(lines) and lines[position].text.strip() and not _BOX.match(lines[position].text):
            if lines[position].number in skip or heading_of(lines[position].text) is not None:
                break  # a box ends at a blank line, or where the next part of the plan begins
            if content and _is_running_text(lines[position].text):
                break  # a Word file has no blank line after a box: the plan's text goes on here
            content.append(lines[position])
            position += 1
        title = match.group(2).strip()
        box = Box(
            number=_box_number(match.group(1)),
            title_as_written=line.text.strip(),
            title=title,
            line=line.number,
            kind="projects",
            content_lines=[item.number for item in content],
        )
        if not content:
            box.problems.append(Problem(ProblemCode.BOX_EMPTY, line=line.number))
        elif sum(bool(_NUMBERED.match(item.text)) for item in content) * 2 >= len(content):
            box.kind = "strategies"
            box.text = "\n".join(item.text.strip() for item in content)
        else:
            for item in content:
                box.projects += project_list(item.text.strip(), item.number)
        boxes.append(box)
        index = position
    return boxes


def _is_running_text(text: str) -> bool:
    """A paragraph of the plan's prose rather than a box line: long, in clauses (，) more than in
    listed names (、), and not numbered."""
    text = text.strip()
    return (
        len(text) > 60
        and text.count("，") >= 2
        and text.count("、") < text.count("，")
        and not _NUMBERED.match(text)
    )


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[。]", text) if part.strip()]


def project_list(text: str, line: int, group: str = "") -> list[Project]:
    """The projects of one line of a box, with their group labels."""
    projects: list[Project] = []
    sentences = _sentences(text)
    for position, sentence in enumerate(sentences):
        is_label = (
            position + 1 < len(sentences)
            and not re.search(r"[、，,；;]", sentence)
            and len(sentence) <= LABEL_MAX
            and not _PLACE_PREFIX.match(sentence)
        )
        if is_label:
            group = sentence  # a run-in label: 交通基础设施。
            continue
        sentence_group = group
        place = _PLACE_PREFIX.match(sentence)
        if place:
            sentence_group = place.group(1)
            sentence = sentence[place.end() :]
        projects += [Project(name=name, group=sentence_group, line=line) for name in split_names(sentence)]
    return projects


def split_names(text: str) -> list[str]:
    """Split a list of names on 、，；, keeping village names joined to the project they share."""
    names: list[str] = []
    for chunk in re.split(r"[，,；;]", text):
        villages: list[str] = []
        for part in (part.strip() for part in chunk.split("、")):
            if not part:
                continue
            if _SETTLEMENT.match(part):
                villages.append(part)
                continue
            name = _LIST_END.sub("", "、".join([*villages, part])).strip()
            villages = []
            if name:
                names.append(name)
        names += villages  # village names with no project after them stand for themselves
    return names


# --- projects named in running text ---------------------------------------------------------

# "…推进A、B、C等重大项目" / "抓好A、B等一批重大项目" / "推动A、B等项目落地建设": a list closed by
# 等 and a label that calls the items projects or project carriers (载体).
_PROSE_LIST = re.compile(
    r"(?P<items>[^，,。；;：:等]{1,300})等(?P<label>[^，,。；;：:、\d]{0,16}?(?:项目|载体)[^，,。；;：:、及和以]{0,8})"
)
_PAST = re.compile(r"已|了|建成运营|建成投产|签约落地|投入使用|开园运营|落户我区|荣获|获评|五年来|累计")
_LEAD_VERB = re.compile(
    r"^.*?(?:重点推进|加速推进|加快推进|扎实推进|积极推进|推进|推动|抓好|实施|打造|引进|招引|加快建设|加快)"
)
_CONTINUATION = re.compile(r"^(?:以及|及|和|并)")
_KEY_QUALIFIER = re.compile(r"重点|重大")
# Activities and programmes listed before 等项目 are not named projects: "支持博士后研发工作",
# "“双新”课程", "学段贯通式教学".
_ACTIVITY = re.compile(
    r"^(?:支持|推动|开展|实施|加强|完善|鼓励|建立|健全|深化|探索|组织|举办)|"
    r"(?:认证|课程|教学|工作|活动|机制|服务|模式|行动|计划|培训|评选|补贴|政策)$"
)
_GENERIC_START = re.compile(r"^(?:一批|一系列|若干|各类|一些)")
_GENERIC = re.compile(
    r"^[\u4e00-\u9fff]{2,4}(?:产业|制造|服务|振兴|公路|道路|设施|经济|工程|建设|改造|治理|保护|文化|旅游|农业)$"
)


# "A中心和B小镇": two facilities joined by 和 in one list item. Only where the part before 和 ends
# in a facility noun, so that names holding 和 (泰山亲和源, 嘉和物流) stay whole.
_JOINED = re.compile(
    r"^(?P<first>.{2,}?(?:中心|园区|园|小镇|基地|平台|大厦|广场|综合体|城))和(?P<second>.{4,})$"
)


def split_joined(name: str) -> list[str]:
    match = _JOINED.match(name)
    return [match.group("first"), match.group("second")] if match else [name]


def prose_projects(
    lines: tuple[Line, ...], skip: Collection[int], retrospective: Collection[int]
) -> list[Project]:
    """Named projects listed in the running text (for plans without 专栏 boxes)."""
    projects: list[Project] = []
    seen: set[str] = set()
    for line in lines:
        if line.number in skip or line.number in retrospective or not line.text.strip():
            continue
        for sentence in re.split(r"[。；;]", line.text):
            if _PAST.search(sentence):
                continue
            previous_end = -1
            for match in _PROSE_LIST.finditer(sentence):
                items = match.group("items").strip()
                continued = match.start() == previous_end and _CONTINUATION.match(items)
                previous_end = match.end()
                lead = _LEAD_VERB.match(items)
                if continued:
                    items = _CONTINUATION.sub("", items)
                elif lead is not None:
                    items = items[lead.end() :]
                else:
                    continue
                if _GENERIC_START.match(items):
                    continue
                names = [
                    part
                    for name in split_names(items)
                    if not _GENERIC.match(name) and not _ACTIVITY.search(name)
                    for part in split_joined(name)
                ]
                if len(names) >= 2 and all(len(name) <= 4 for name in names):
                    continue  # 城市更新、教育养老、生态环保: kinds of project, not named ones
                if len(names) < 2 and not (names and _KEY_QUALIFIER.search(match.group("label"))):
                    continue
                for name in names:
                    if name not in seen:
                        seen.add(name)
                        projects.append(Project(name=name, group="", line=line.number))
    return projects
