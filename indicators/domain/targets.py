"""Parse the target cells and target phrases of Chinese development plans.

A plan states a target as free text: ``91``, ``7.5左右``, ``>5.5``, ``2万吨以上``, ``[0.05]``,
``完成市下达任务``, ``与地区生产总值增速同步``, or inside prose ("全区高新技术企业达到240家").
:func:`parse_target` turns one such text into a :class:`Target` in the vocabulary of
``fixtures/README.md`` (kind / comparator / value / unit / relative_to).

Design rules:

* The raw text is always kept verbatim; the parser never raises and never guesses: text it does
  not fully understand becomes ``UNPARSED`` with ``value=None``.
* Values are :class:`~decimal.Decimal` exactly as written (``95.90`` stays ``95.90``); a Chinese
  multiplier stays in the unit (``2万吨`` is value 2, unit ``万吨``), because scaling is a question
  for the indicator's unit of measure, not for the cell.
* A plain number gets comparator ``EQ``: whether it is a floor or a ceiling depends on the
  indicator's direction, which the evaluation engine knows and the cell does not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

__all__ = [
    "Column",
    "Comparator",
    "Target",
    "TargetKind",
    "parse_decimal",
    "parse_target",
]


class Comparator(StrEnum):
    EQ = "eq"  # a plain value: the indicator's direction decides floor or ceiling
    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    APPROX = "approx"


class TargetKind(StrEnum):
    LEVEL = "level"
    RATE = "rate"
    CUMULATIVE = "cumulative"
    REDUCTION = "reduction"
    QUOTA = "quota"
    RELATIVE = "relative"
    NOT_SET = "not_set"
    UNPARSED = "unparsed"


class Column(StrEnum):
    """Where the text was found; it decides the kind of an unbracketed number."""

    TARGET = "target"  # the target-year column of an indicator table
    ANNUAL = "annual"  # the 年均增速 / [累计] column
    BASELINE = "baseline"  # the base-year column
    PROSE = "prose"  # a target phrase taken from running text


@dataclass(frozen=True, slots=True)
class Target:
    """One parsed target expression.

    ``estimate`` marks a value written as an estimate (预计). A range ("2-3个") is read as its
    floor (GE 2).
    """

    raw: str
    kind: TargetKind
    comparator: Comparator | None
    value: Decimal | None
    unit: str = ""
    relative_to: str = ""
    estimate: bool = False

    def as_parsed(self) -> dict[str, str | None]:
        """The fixture vocabulary (``PARSED`` in fixtures/README.md) for this target."""
        return {
            "kind": self.kind.value,
            "comparator": self.comparator.value if self.comparator is not None else None,
            "value": str(self.value) if self.value is not None else None,
            "unit": self.unit,
            "relative_to": self.relative_to,
        }


# --- normalisation -------------------------------------------------------------------------

# Characters NFKC leaves alone but that mean the same thing as an ASCII one in these tables.
_TRANSLATE = str.maketrans(
    {
        "【": "[",
        "】": "]",
        "≧": "≥",
        "≦": "≤",
        "−": "-",  # U+2212 MINUS SIGN, used for negative numbers in some tables
        "﹣": "-",
        "﹢": "+",
        "〜": "~",
    }
)
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# "1 500": a space that groups thousands. Any other space between digits ("5 5") is ambiguous.
_THOUSANDS_SPACE = re.compile(r"(?<=\d)\s+(?=\d{3}(?:\D|$))")
_SPACE_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
# Cells that only say "not set": -, —, ——, －, ―, – and runs of them.
_NOT_SET = re.compile(r"[-‐‑‒–—―]+")
_EDGE_PUNCTUATION = "。,;:：；，、"
_ESTIMATE_MARK = re.compile(r"^\(?(?:预计|预估|估计)\)?|\(?(?:预计|预估|估计)\)?$")


# NFKC would turn "m³" into "m3" (a number!); park superscript units out of its reach.
_SUPERSCRIPTS = {"³": "\ue003", "²": "\ue002"}


def _normalise(text: str) -> str:
    """NFKC (full-width digits, letters, ％, ＞, ［］ → ASCII), then drop all whitespace.

    Whitespace never carries meaning inside a target ("1 500", "240 家", "不低于 15 人次"), so
    removing it is what lets one grammar cover every spacing habit of the source documents.
    """
    for superscript, parked in _SUPERSCRIPTS.items():
        text = text.replace(superscript, parked)
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    for superscript, parked in _SUPERSCRIPTS.items():
        text = text.replace(parked, superscript)
    text = _THOUSANDS_SPACE.sub("", text)
    text = _SPACE_BETWEEN_DIGITS.sub("?", text)  # "?" matches no grammar rule: UNPARSED
    return _INVISIBLE.sub("", text).strip(_EDGE_PUNCTUATION)


# --- vocabulary ----------------------------------------------------------------------------

_UNSIGNED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = rf"[-+]?{_UNSIGNED}"
_PLAIN_NUMBER = re.compile(_NUMBER)

# Prefix words. "hard" ones state the comparison themselves; "soft" ones are verbs whose
# default comparison yields to an explicit suffix (达到…左右 is ≈, 控制在…左右 is ≈).
_HARD_PREFIXES: dict[str, Comparator] = {
    ">": Comparator.GT,
    "超过": Comparator.GT,
    "高于": Comparator.GT,
    "大于": Comparator.GT,
    "多于": Comparator.GT,
    "快于": Comparator.GT,
    "≥": Comparator.GE,
    ">=": Comparator.GE,
    "不少于": Comparator.GE,
    "不低于": Comparator.GE,
    "不小于": Comparator.GE,
    "大于等于": Comparator.GE,
    "至少": Comparator.GE,
    "突破": Comparator.GE,
    "<": Comparator.LT,
    "小于": Comparator.LT,
    "低于": Comparator.LT,
    "少于": Comparator.LT,
    "≤": Comparator.LE,
    "<=": Comparator.LE,
    "不超过": Comparator.LE,
    "不高于": Comparator.LE,
    "不大于": Comparator.LE,
    "小于等于": Comparator.LE,
    "约": Comparator.APPROX,
    "大约": Comparator.APPROX,
    "≈": Comparator.APPROX,
}
_SOFT_PREFIXES: dict[str, Comparator] = {
    "达到": Comparator.GE,
    "达": Comparator.GE,
    "实现": Comparator.EQ,
    "稳定达到": Comparator.GE,
    "提高到": Comparator.GE,
    "提高至": Comparator.GE,
    "提升到": Comparator.GE,
    "提升至": Comparator.GE,
    "增加到": Comparator.GE,
    "增加至": Comparator.GE,
    "增长到": Comparator.GE,
    "增长至": Comparator.GE,
    "增至": Comparator.GE,
    "控制在": Comparator.LE,
    "降至": Comparator.LE,
    "降到": Comparator.LE,
    "下降到": Comparator.LE,
    "下降至": Comparator.LE,
    "降低到": Comparator.LE,
    "降低至": Comparator.LE,
    "减少到": Comparator.LE,
    "减少至": Comparator.LE,
    "压减到": Comparator.LE,
    "压减至": Comparator.LE,
    "稳定在": Comparator.EQ,
    "保持在": Comparator.EQ,
    "保持": Comparator.EQ,
}
_SUFFIXES: dict[str, Comparator] = {
    "以上": Comparator.GE,
    "及以上": Comparator.GE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "以下": Comparator.LE,
    "及以下": Comparator.LE,
    "左右": Comparator.APPROX,
}
_STRETCH_WORDS = ("力争", "争取", "力求")
_MODIFIERS = (*_STRETCH_WORDS, "确保", "预计")

# Change verbs in prose: the number is a change, not a level ("年均增长5%以上", "降低10%").
_RATE_VERBS = ("年均增长", "年均增速", "年均增幅", "年均提高")
_GROWTH_VERBS = ("增长", "增速")  # with a % unit: a growth rate
_INCREASE_VERBS = ("增长", "增加", "提高", "提升", "新增", "增幅")
_REDUCTION_VERBS = ("降低", "下降", "减少", "压减")
_REDUCTION_NAME_WORDS = ("降低", "下降", "减少")

_MULTIPLIERS = ("万亿", "千万", "百万", "十万", "亿", "万", "千", "百")
_BASE_UNITS = (
    "元", "美元", "吨", "标准煤", "吨标准煤", "千瓦时", "千瓦", "瓦", "兆瓦", "人", "人次", "名", "位",
    "户", "家", "个", "场", "场次", "项", "次", "件", "亩", "株", "棵", "岁", "年", "天", "日", "月",
    "小时", "分钟", "幢", "栋", "座", "台", "辆", "处", "所", "条", "张", "床", "间", "套", "册", "部",
    "平方米", "平方公里", "公顷", "公里", "千米", "米", "立方米", "升", "斤", "公斤", "千克", "克",
    "微克/立方米", "毫克/升", "倍", "kW", "MW", "GW", "km", "m³", "m²", "km²",
)  # fmt: skip
_PERCENT_UNITS = ("%", "‰", "个百分点", "百分点")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    # Longest first, so that 不低于 wins over 低于 and 达到 over 达.
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_UNIT = (
    f"(?:{_alternation(_PERCENT_UNITS)})"
    f"|(?:(?:{_alternation(_MULTIPLIERS)})?(?:{_alternation(_BASE_UNITS)}))"
    f"|(?:{_alternation(_MULTIPLIERS)})"
)
_VERBS = (*_RATE_VERBS, *_INCREASE_VERBS, *_REDUCTION_VERBS)
_NUMERIC = re.compile(
    rf"(?P<lead>.*?)"
    rf"(?P<verb>{_alternation(_VERBS)})?"
    rf"(?P<mods>(?:{_alternation(_MODIFIERS)})*)"
    rf"(?P<pre>{_alternation([*_HARD_PREFIXES, *_SOFT_PREFIXES])})?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:(?:-|~|至|到|—|–)(?P<upper>{_UNSIGNED}))?"
    rf"(?P<unit>{_UNIT})?"
    rf"(?P<suf>{_alternation(list(_SUFFIXES))})?"
)
_QUOTA_CELL = re.compile(r"(?:力争|确保)?完成.{0,12}?(?:下达|分解).{0,8}?任务")
_QUOTA_PROSE = re.compile(r"完成.{0,12}?(?:下达|分解).{0,8}?任务")
_SYNC = re.compile(r"(?P<lead>.*?)与(?P<other>.+?)(?P<basic>基本)?(?:保持)?同步")
_RELATIVE_WORDS: dict[str, Comparator] = {
    "不低于": Comparator.GE,
    "不少于": Comparator.GE,
    "不高于": Comparator.LE,
    "不超过": Comparator.LE,
    "高于": Comparator.GT,
    "快于": Comparator.GT,
    "超过": Comparator.GT,
    "低于": Comparator.LT,
    "慢于": Comparator.LT,
}
_RELATIVE = re.compile(rf"(?P<lead>.*?)(?P<word>{_alternation(list(_RELATIVE_WORDS))})(?P<other>.+)")
# A leading time phrase of a prose target: 到2025年, / 力争到"十四五"末, / 2023年年底前,
_TIME_PREFIX = re.compile(
    r"^(?:力争|确保|争取)?(?:到|至|在|于)?"
    r"(?:\d{4}年(?:年底前|年底|底前|底|末|年内|内)?|“?十[一二三四五六]五”?(?:期间|末|时期)?)"
    r"[,，]?"
)
_CLAUSE_BREAK = re.compile(r"[,;。]")
# A lead glued to the number by a digit, range mark or Latin letter ("PM2.5", "m3", "2×300")
# means the number belongs to a name, not to the target.
_GLUED_TAIL = re.compile(r"[\d.\-~至到×*A-Za-z]$")


# --- public API ----------------------------------------------------------------------------


def parse_decimal(text: str | None) -> Decimal | None:
    """A plain number ("5.5", "１,500", "-3", " 1 500 ") as a Decimal; anything else → None."""
    if text is None:
        return None
    cleaned = _normalise(text)
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        return None
    return _to_decimal(cleaned)


def parse_target(raw: str | None, *, column: Column = Column.TARGET, indicator_name: str = "") -> Target:
    """Parse one target cell or target phrase; never raises.

    ``column`` says where the text stands (an unbracketed number in the 年均增速 column is a yearly
    rate, elsewhere a level); ``indicator_name`` lets a bracketed cumulative value of a
    降低/下降/减少 indicator be read as a reduction.
    """
    try:
        return _parse(raw if isinstance(raw, str) else "", column, indicator_name)
    except (ValueError, ArithmeticError, RecursionError):  # pragma: no cover - defensive
        # The grammar is regular and Decimal() only sees validated digits; this is a belt for
        # the "never raises" promise, not an expected path.
        return Target(raw=raw or "", kind=TargetKind.UNPARSED, comparator=None, value=None)


# --- implementation ------------------------------------------------------------------------


def _parse(raw: str, column: Column, indicator_name: str) -> Target:
    text = _normalise(raw)
    text, estimate = _strip_estimate(text)
    base = Target(raw=raw, kind=TargetKind.UNPARSED, comparator=None, value=None, estimate=estimate)

    if not text or _NOT_SET.fullmatch(text):
        return _with(base, kind=TargetKind.NOT_SET)
    if _is_bracketed(text):
        return _parse_bracketed(text[1:-1], base, column, indicator_name)
    return _parse_plain(text, base, column, indicator_name)


def _strip_estimate(text: str) -> tuple[str, bool]:
    stripped = _ESTIMATE_MARK.sub("", text)
    return stripped, stripped != text


def _is_bracketed(text: str) -> bool:
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and "[" not in text[1:-1]


def _parse_bracketed(inner: str, base: Target, column: Column, indicator_name: str) -> Target:
    """``[x]``: a change over the whole period (target − baseline), not a yearly rate."""
    if not inner or _NOT_SET.fullmatch(inner):
        return _with(base, kind=TargetKind.NOT_SET)
    inner_target = _parse_plain(inner, base, column, indicator_name)
    if inner_target.kind in (TargetKind.QUOTA, TargetKind.RELATIVE, TargetKind.UNPARSED):
        return inner_target
    reduction = any(word in indicator_name for word in _REDUCTION_NAME_WORDS)
    return _with(inner_target, kind=TargetKind.REDUCTION if reduction else TargetKind.CUMULATIVE)


def _parse_plain(text: str, base: Target, column: Column, indicator_name: str) -> Target:
    prose = column is Column.PROSE
    if (_QUOTA_PROSE.search(text) if prose else _QUOTA_CELL.fullmatch(text)) is not None:
        return _with(base, kind=TargetKind.QUOTA)
    if prose:
        text = _TIME_PREFIX.sub("", text, count=1)
    numeric = _parse_numeric(text, base, column, indicator_name)
    if numeric is not None:
        return numeric
    if _is_placeholder(text, column):
        return _with(base, kind=TargetKind.NOT_SET)
    relative = _parse_relative(text, base, prose)
    if relative is not None:
        return relative
    return base


def _parse_numeric(text: str, base: Target, column: Column, indicator_name: str) -> Target | None:
    match = _matched_target(text, column)
    if match is None:
        return None
    comparator = _combine(match["pre"], match["suf"])
    upper = _to_decimal(match["upper"]) if match["upper"] else None
    value = _to_decimal(match["num"])
    if upper is not None:
        # A range is read as its floor: "2-3个" promises at least 2. A reversed range or one
        # with a ceiling/≈ word around it has no single reading.
        if value is None or value > upper or comparator not in (Comparator.EQ, Comparator.GE):
            return None
        comparator = Comparator.GE
    if comparator is None:
        return None
    mods = match["mods"] or ""
    unit = match["unit"] or ""
    return _with(
        base,
        kind=_numeric_kind(column, match["lead"], match["verb"] or "", unit, indicator_name),
        comparator=comparator,
        value=value,
        unit=unit,
        estimate=base.estimate or "预计" in mods,
    )


def _matched_target(text: str, column: Column) -> re.Match[str] | None:
    """The grammar's match of a whole target, or None when the text is not one target."""
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    lead, verb = match["lead"], match["verb"] or ""
    if column is not Column.PROSE and (lead or verb):
        return None  # a table cell is the target alone; leading words mean we misread it
    if column is Column.PROSE and not _acceptable_lead(lead, has_marker=bool(verb or match["pre"])):
        return None
    return match


def _is_placeholder(text: str, column: Column) -> bool:
    """ "达到*万人": the published text left the number to be filled in: a target not yet set."""
    if "*" not in text:
        return False
    match = _matched_target(text.replace("*", "0"), column)
    return match is not None and text[match.start("num") : match.end("num")] == "*"


def _acceptable_lead(lead: str, *, has_marker: bool) -> bool:
    """Prose: the words before the target phrase must be one clause naming the indicator.

    A lead with a clause break holds several statements (we would be picking one: a guess); a
    lead glued to the number (digit, range mark, Latin letter) makes the number part of a name.
    """
    if _CLAUSE_BREAK.search(lead):
        return False
    return has_marker or not _GLUED_TAIL.search(lead)


def _combine(prefix: str | None, suffix: str | None) -> Comparator | None:
    """Merge the comparison said before and after the number; None when they contradict."""
    after = _SUFFIXES.get(suffix) if suffix else None
    if not prefix:
        return after or Comparator.EQ
    if prefix in _SOFT_PREFIXES:
        return after or _SOFT_PREFIXES[prefix]
    before = _HARD_PREFIXES[prefix]
    if after is None or _compatible(before, after):
        return before
    return None


def _compatible(before: Comparator, after: Comparator) -> bool:
    families = (
        {Comparator.GT, Comparator.GE},
        {Comparator.LT, Comparator.LE},
        {Comparator.APPROX},
    )
    return any(before in family and after in family for family in families)


def _numeric_kind(column: Column, lead: str, verb: str, unit: str, indicator_name: str) -> TargetKind:
    if column is Column.ANNUAL:
        return TargetKind.RATE
    if column is not Column.PROSE:
        return TargetKind.LEVEL
    if verb in _RATE_VERBS or (verb in _GROWTH_VERBS and unit == "%"):
        return TargetKind.RATE
    if "每年" in lead or indicator_name.startswith("每年"):  # 每年新增…1.2万人以上: a yearly amount
        return TargetKind.RATE
    if verb in _REDUCTION_VERBS:
        return TargetKind.REDUCTION
    if verb or "累计" in lead:  # 累计新增就业6万人: a total over the period
        return TargetKind.CUMULATIVE
    return TargetKind.LEVEL


def _parse_relative(text: str, base: Target, prose: bool) -> Target | None:
    sync = _SYNC.fullmatch(text)
    if sync is not None and _relative_ok(sync["lead"], sync["other"], prose):
        comparator = Comparator.APPROX if sync["basic"] else Comparator.GE
        return _relative(base, comparator, sync["other"])
    match = _RELATIVE.fullmatch(text)
    if match is not None and _relative_ok(match["lead"], match["other"], prose):
        return _relative(base, _RELATIVE_WORDS[match["word"]], match["other"])
    return None


def _relative_ok(lead: str, other: str, prose: bool) -> bool:
    if lead and (not prose or _CLAUSE_BREAK.search(lead)):
        return False
    # "高于4.5%红线" starts with a number: a numeric target we failed to read, not a reference.
    return bool(other) and not _CLAUSE_BREAK.search(other) and not re.match(r"[-+\d.]", other)


def _relative(base: Target, comparator: Comparator, other: str) -> Target:
    return _with(base, kind=TargetKind.RELATIVE, comparator=comparator, relative_to=other)


def _to_decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None


def _with(
    target: Target,
    *,
    kind: TargetKind,
    comparator: Comparator | None = None,
    value: Decimal | None = None,
    unit: str = "",
    relative_to: str = "",
    estimate: bool | None = None,
) -> Target:
    return Target(
        raw=target.raw,
        kind=kind,
        comparator=comparator if comparator is not None else target.comparator,
        value=value if value is not None else target.value,
        unit=unit or target.unit,
        relative_to=relative_to or target.relative_to,
        estimate=target.estimate if estimate is None else estimate,
    )
