"""Targets stated in running text ("到2025年,全区高新技术企业达到240家") and in task texts.

A target phrase is found around each number and measured by the target parser itself: the phrase
is the longest text from the comparison word before the number (达到, 控制在, 不低于 …, with 力争
/确保 right before it) to the unit and the suffix after it (家, 亿元, %, 以上, 左右) that
:func:`~indicators.domain.targets.parse_target` reads as one target. A change verb (提高, 降低,
年均增长) belongs to the phrase only with a percentage ("降低10%" is a reduction), otherwise it
belongs to the name ("新增…2000张"). Relative targets ("快于经济增速", "与地区生产总值增速同步") are
read the same way.

What is *not* a target, and why:

* past achievements: review sections (发展基础, 取得新成就), paragraphs that report rather than
  plan (累计…, 已…, "十三五"期间…, with no 到20XX/力争/确保 looking ahead) and past-tense clauses;
* numbers that name things: years and dates, 5G, PM2.5, "1+3+4+N", 50强, ordinals (二期), quoted
  codes ("125510"), durations and ages (15分钟, 3岁以下), and thresholds inside a name (投资500万元
  及以上工业技改项目);
* a count written before its noun (13条重点产业链, 300个重点项目) counts what exists, unless a verb
  of making comes right before it (新建14所标准化学校, 打造2处数字农业产业园) or a comparison word
  says it is a goal (8个以上创新创业平台);
* a restatement of a table row (same name, same value) or of an earlier prose target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from importer.parsing.common import CJK, lower_is_better, squeeze
from importer.parsing.sections import Section, is_retrospective, section_at
from importer.reading import Line
from indicators.domain.targets import Column, Comparator, Target, TargetKind, parse_target

MAX_SUFFIX = 12  # unit + comparison suffix after a number: 亿立方米以下, 万平方米以上

_MODIFIERS = ("力争", "确保", "争取", "预计")
_COMPARISON_VERBS = (
    "稳定达到", "稳定在", "保持在", "控制在", "达到", "突破", "超过", "不低于", "不少于", "不超过", "不高于",
    "至少", "提高到", "提升到", "提高至", "提升至", "增长到", "增长至", "增加到", "增加至", "增至", "降至",
    "降到", "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "压减到", "压减至", "实现", "达",
    "高于", "低于", "小于", "大于",
)  # fmt: skip
# Change verbs: part of the target with a percentage (降低10%), part of the name otherwise.
_CHANGE_VERBS = ("年均增长", "年均提高", "年均增速", "增长", "提高", "提升", "降低", "下降", "减少", "增幅")
_PERCENT_UNITS = ("%", "‰", "个百分点", "百分点")
# Count units: a count written before its noun ("13条重点产业链") counts what exists.
_COUNT_UNITS = re.compile(
    r"(?:个|家|项|所|座|处|条|栋|幢|名|人|人次|场|场次|次|件|户|台|辆|张|间|套|册|部|位|床|株|棵)$"
)
_TIME_UNITS = re.compile(r"(?:年|月|日|天|小时|分钟|岁)$")
_SERVICE_CIRCLE = re.compile(r"[^，,。；;]*?圈(?!层)")
# Verbs of making or doing that turn a count before a noun into a goal.
_MAKING = (
    "新增", "新建", "新培育", "新认定", "新改建", "改扩建", "建设", "建成", "打造", "培育", "引进", "开展",
    "举办", "实施", "落地", "策划申报", "申报", "组织实施", "确定", "改造", "开工", "创建", "布局", "建立",
    "设立", "形成", "认定", "招引", "推广", "培训", "完成", "等", "新开工", "提供", "增加", "分批实施",
    "兑现", "启动",
)  # fmt: skip
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9.+×*/#\-~第“\"]$")
_GLUED_AFTER = re.compile(r"^(?:[+×*/#”\"]|\.[^\d]|[A-Za-z](?![³²]))")
_THRESHOLD_BEFORE = re.compile(r"(?:投资|投资过|过|超|规模)$")
_NO_QUANTITY_AFTER = re.compile(r"^(?:强|大|期|届|轮|型|级|类|号|版|代|批|线|路|中|的|年|倍)")
_YEAR_AHEAD = re.compile(r"到\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年\s*(?:年底|底前|前|末)")
_FUTURE = re.compile(
    r"到\s*20\d{2}|力争|确保|争取|计划到|今后|未来五年|“?十[四五六]五”?\s*(?:期间|时期|末)|每年|(?:20\d{2}\s*年\s*(?:年底|底前|前))"
)
_PAST_MARKERS = re.compile(
    r"累计(?:实现|完成|实施|新增|引进|建成|培育|孵化|投入|安置|供地|拆除|取消|减免|办理)|已经|现已|已建成|已完成|"
    r"五年来|“?十三五”?(?:期间|以来|时期)|成功举办|圆满完成|顺利完成|荣获|获评|被评为|被确定为|位居|名列|连续\d+年|"
    r"建成运营|建成投产|建成通车|投入使用|开园运营|成效显著|成果丰硕|取得阶段性|初见成效|初具形象|稳步提升"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PAST_CLAUSE = re.compile(r"了|已|曾|以来")
_TIME_PREFIX = re.compile(
    r"^\s*(?:力争|确保|争取)?\s*(?:到|至|在)?\s*(?:(?:19|20)\d{2}\s*年\s*(?:年底前|年底|底前|底|末|年内|内)?|“?十[一二三四五六]五”?\s*(?:期间|末|时期)?)\s*[,，]?\s*"
)
_SUBJECT_TRIM = re.compile(r"^(?:全区|全市|全县|我区|我市|其中|并|且|和|同时|以及|及)+")


@dataclass(frozen=True)
class Quantity:
    """One target phrase inside a clause."""

    text: str  # the phrase as written ("力争突破1500 亿元")
    start: int  # offsets in the clause
    end: int
    target: Target
    preposed: bool = False  # a count written before its noun (打造2处数字农业产业园)


@dataclass
class ProseTarget:
    line: int
    text: str  # the target phrase
    source_text: str  # the clause holding it (verbatim)
    name: str
    name_as_written: str
    year: int
    target: Target
    section: str | None
    measure: str
    direction: str


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    for word in sorted(words, key=len, reverse=True):
        if text.endswith(word):
            return word
    return None


def _is_numeric(target: Target) -> bool:
    return target.value is not None and target.kind not in (TargetKind.UNPARSED, TargetKind.NOT_SET)


def _percent(target: Target) -> bool:
    return target.unit in _PERCENT_UNITS


def _phrase_at(clause: str, start: int, end: int, *, listed: bool = False) -> Quantity | None:
    """The target phrase around the number clause[start:end], or None.

    ``listed``: the number follows (、 or 和) a count already read as a goal ("打造1个…平台、1个…平台"),
    so it shares that count's verb.
    """
    before = clause[:start]
    if before and _GLUED_BEFORE.search(before):
        return None
    after = clause[end:]
    if _GLUED_AFTER.match(after) or _NO_QUANTITY_AFTER.match(after.lstrip()):
        return None
    # Longest parseable text from the number on: number, range, unit, suffix.
    best: tuple[int, Target] | None = None
    for stop in range(min(len(clause), end + MAX_SUFFIX), end - 1, -1):
        piece = clause[start:stop]
        if piece.endswith((" ", "\u3000", "，", ",", "、", "。", "；", ";", "：", ":")):
            continue
        # Read as a table cell: the number must start the text (no words before it).
        parsed = parse_target(piece, column=Column.TARGET)
        if _is_numeric(parsed):
            best = (stop, parsed)
            break
    if best is None:
        return None
    stop, core = best
    if not core.unit:
        return None  # a bare number: not a quantity anyone reports on
    if _TIME_UNITS.search(core.unit) and not (core.unit == "分钟" and _SERVICE_CIRCLE.match(clause[stop:])):
        return None  # a duration or an age; only a "15分钟…服务圈" radius is a planning standard
    if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
        return None  # inside quotes or a title: part of a name (“人才金政37条”, 《…15分钟…标准》)
    if (
        core.unit in _PERCENT_UNITS
        and re.match(r"\s*(?:及以上|以上|以下)?的", clause[stop:])
        and _ends_with(before.rstrip(), _COMPARISON_VERBS) is not None
    ):
        return None  # 节能率不低于15%的建筑: a rate that says which ones, not a goal
    if core.unit == "条" and re.search(r"(?:政策|措施|意见|举措|规定|条例)[”\s]*$", before):
        return None  # 人才政策22条: articles of a policy, not things to build
    # Words before the number: a comparison verb (and 力争/确保 right before it) is part of the phrase.
    head = start
    stripped = before.rstrip(" \u3000")
    verb = _ends_with(stripped, _COMPARISON_VERBS)
    change = _ends_with(stripped, _CHANGE_VERBS) if verb is None else None
    if verb is not None and stripped[: -len(verb)].endswith("分别"):
        verb = None  # 分别达到11个、14个: the comparison is spread over the list, read each as written
    if verb is not None or (change is not None and _percent(core)):
        word = verb or change or ""
        head = len(stripped) - len(word)
        modifier = _ends_with(stripped[:head], _MODIFIERS)
        if modifier is not None and verb is not None:
            head -= len(modifier)
    if core.unit in _PERCENT_UNITS and clause[stop:].startswith("达标"):
        stop += len("达标")  # 100%达标: a compliance rate the parser cannot read; kept whole for review
    text = clause[head:stop]
    target = parse_target(text, column=Column.PROSE)
    if not _is_numeric(target) and not text.endswith("达标"):
        text, target = clause[start:stop], core
        head = start
    following = clause[stop:].lstrip(' \u3000“"')
    noun_follows = (
        bool(following) and bool(CJK.match(following)) and not following.startswith(("、", "和", "及"))
    )
    if noun_follows and _THRESHOLD_BEFORE.search(clause[:head].rstrip()) is not None:
        return None  # 投资500万元及以上工业技改项目: a threshold inside a name
    if (
        noun_follows
        and _COUNT_UNITS.search(target.unit)
        and target.comparator is Comparator.EQ
        and head == start
    ):
        made = _ends_with(clause[:head].rstrip(), _MAKING) or (
            listed and clause[:head].rstrip().endswith(("、", "和"))
        )
        if not made:
            return None  # 13条重点产业链: a count of what exists
    return Quantity(text=text, start=head, end=stop, target=target, preposed=noun_follows)


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:\s*[-~—–至到]\s*\d+(?:\.\d+)?)?")
_RELATIVE = re.compile(
    r"(?:(?:高于|快于|超过|不低于|低于|慢于)[^，,；;。、]{1,20}?(?:平均水平|增速|增长|水平)"
    r"|与[^，,；;。、]{2,20}?(?:基本)?(?:保持)?同步)(?![\u4e00-\u9fff])"
)
# "百亿级数字产业集群": an order of magnitude, a goal the parser leaves unparsed.
_MAGNITUDE = re.compile(r"(?:百|千)亿级|(?:十|百|千)万级")
# "达到*万人": the published text left the number to be filled in.
_PLACEHOLDER = re.compile(
    r"(?:达到|达|突破|超过)?\*\s*[\u4e00-\u9fff%]{1,4}?(?:以上|以下|左右)?(?=[，,；;。、]|$)"
)


def find_quantities(clause: str) -> list[Quantity]:
    """Every target phrase of one clause, left to right."""
    found: list[Quantity] = []
    taken_until = 0
    for match in _NUMBER.finditer(clause):
        if match.start() < taken_until:
            continue
        listed = (
            bool(found)
            and found[-1].preposed
            and not re.search(r"[，,；;]", clause[found[-1].end : match.start()])
        )
        quantity = _phrase_at(clause, match.start(), match.end(), listed=listed)
        if quantity is not None:
            found.append(quantity)
            taken_until = quantity.end
    for match in _RELATIVE.finditer(clause):
        target = parse_target(match.group(0), column=Column.PROSE)
        if target.kind is TargetKind.RELATIVE and not any(q.start <= match.start() < q.end for q in found):
            found.append(Quantity(text=match.group(0), start=match.start(), end=match.end(), target=target))
    for pattern in (_MAGNITUDE, _PLACEHOLDER):
        for match in pattern.finditer(clause):
            if any(q.start <= match.start() <= q.end for q in found):
                continue  # 2-3个百亿级新赛道: the magnitude describes what the count counts
            target = parse_target(match.group(0), column=Column.PROSE)
            found.append(Quantity(text=match.group(0), start=match.start(), end=match.end(), target=target))
    found.sort(key=lambda q: q.start)
    return found


_TIME_ONLY = re.compile(
    r"^\s*(?:力争|确保|争取)?\s*(?:到|至|在)?\s*(?:(?:19|20)\d{2}\s*年\s*(?:年底前|年底|底前|底|末|年内|内)?"
    r"|“?十[一二三四五六]五”?\s*(?:期间|末|时期))\s*$"
)


def split_clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, split at ，,；;：: — a lone time phrase (到2025年,) joins the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[，,；;：:]", sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    clauses: list[str] = []
    pending: int | None = None
    for begin, end in spans:
        if pending is not None:
            begin, pending = pending, None
        if _TIME_ONLY.match(sentence[begin:end]) and end < len(sentence):
            pending = begin
            continue
        clauses.append(sentence[begin:end])
    return clauses


def name_of(clause: str, quantity: Quantity) -> tuple[str, str]:
    """(clean name, name as written) of what the phrase measures."""
    before = clause[: quantity.start]
    before = _TIME_PREFIX.sub("", before)
    before = _SUBJECT_TRIM.sub("", before.strip(" \u3000"))
    for word in sorted((*_MODIFIERS, *_COMPARISON_VERBS), key=len, reverse=True):
        if before.endswith(word):
            before = before[: -len(word)]
    before = before.strip(" \u3000")
    if before and CJK.search(before):
        return before[-60:], before[-60:]
    after = clause[quantity.end :].strip(" \u3000")
    after = re.split(r"[，,；;。、]", after)[0]
    if quantity.start > 0:
        verb = clause[: quantity.start].strip()[-4:]
        verb = verb if CJK.fullmatch(verb[-1:] or "x") else ""
        return (verb + after)[:60] or quantity.text, after[:60] or quantity.text
    return after[:60] or quantity.text, after[:60] or quantity.text


def _measure_and_direction(name: str, target: Target) -> tuple[str, str]:
    kind = target.kind
    measure = "level"
    if kind is TargetKind.RATE or "每年" in name:
        measure = "rate"
    elif kind is TargetKind.REDUCTION:
        measure = "reduction"
    elif kind is TargetKind.CUMULATIVE or re.search(r"累计|新增|新建", name):
        measure = "cumulative"
    lower = lower_is_better(name) or target.comparator in (Comparator.LE, Comparator.LT)
    stable = re.search(r"稳定|保持", target.raw) is not None
    direction = "maintain" if stable else "lower" if lower else "higher"
    return measure, direction


def _is_retrospective_paragraph(text: str, start_year: int) -> bool:
    """A paragraph that reports what was done (…2020年…累计建成…) with nothing ahead (到2025年, 力争)."""
    past = len(_PAST_MARKERS.findall(text)) + sum(int(y) < start_year for y in _YEAR.findall(text))
    return past >= 3 and not _FUTURE.search(text)


@dataclass
class KnownTarget:
    """A target already recorded (a table row): prose that restates it is not a new target."""

    name: str
    values: set[Decimal]
    texts: set[str]
    line: int | None = None  # restatements are in other paragraphs: one line's clauses all count


def _common_run(a: str, b: str, length: int = 6) -> bool:
    a, b = squeeze(a), squeeze(b)
    return any(a[i : i + length] in b for i in range(0, max(0, len(a) - length + 1)))


def _restates(known: list[KnownTarget], clause: str, target: Target, line: int | None = None) -> bool:
    for item in known:
        same = (target.value is not None and target.value in item.values) or bool(
            target.relative_to and any(target.relative_to in text for text in item.texts)
        )
        if same and not (line is not None and item.line == line) and _common_run(item.name, clause):
            return True
    return False


def read_prose_targets(
    lines: tuple[Line, ...],
    *,
    sections: list[Section],
    skip: set[int],
    start_year: int,
    end_year: int,
    known: list[KnownTarget],
) -> list[ProseTarget]:
    targets: list[ProseTarget] = []
    recorded: list[KnownTarget] = []
    for line in lines:
        text = line.text.strip()
        if line.number in skip or not text or line.text.startswith("\t"):
            continue
        if is_retrospective(sections, line.number) or _is_retrospective_paragraph(text, start_year):
            continue
        section = section_at(sections, line.number)
        for sentence in re.split(r"(?<=[。！？])", text):
            for clause in split_clauses(sentence):
                if _PAST_CLAUSE.search(clause) and not _FUTURE.search(clause):
                    continue
                for quantity in find_quantities(clause):
                    target = quantity.target
                    if _restates(known, clause, target) or _restates(recorded, clause, target, line.number):
                        continue
                    name, written = name_of(clause, quantity)
                    # The name can make the phrase a yearly amount (每年新增…1.2万人以上).
                    target = parse_target(quantity.text, column=Column.PROSE, indicator_name=name)
                    year_match = _YEAR_AHEAD.search(clause) or _YEAR_AHEAD.search(sentence)
                    year = end_year
                    if year_match:
                        stated = int(year_match.group(1) or year_match.group(2))
                        year = stated if stated <= end_year + 10 else end_year
                    measure, direction = _measure_and_direction(name + clause, target)
                    targets.append(
                        ProseTarget(
                            line=line.number,
                            text=quantity.text,
                            source_text=clause.strip(),
                            name=name,
                            name_as_written=written,
                            year=year,
                            target=target,
                            section=section.key if section else None,
                            measure=measure,
                            direction=direction,
                        )
                    )
                    recorded.append(
                        KnownTarget(
                            name=name,
                            values={target.value} if target.value is not None else set(),
                            texts={target.relative_to} if target.relative_to else set(),
                            line=line.number,
                        )
                    )
    return targets
