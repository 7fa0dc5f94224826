"""The vocabulary of target expressions: normalisation, comparison words, units, verbs, patterns.

:mod:`.targets` reads cells and phrases with these; they are tables, not rules about a document.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Comparator(StrEnum):
    EQ = "eq"  # a plain value: the indicator's direction decides floor or ceiling
    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    APPROX = "approx"


# --- normalisation -------------------------------------------------------------------------

# Characters NFKC leaves alone but that mean the same thing as an ASCII one in these tables.
TRANSLATE = str.maketrans(
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
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# "1 500": a space that groups thousands. Any other space between digits ("5 5") is ambiguous.
THOUSANDS_SPACE = re.compile(r"(?<=\d)\s+(?=\d{3}(?:\D|$))")
SPACE_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
# Cells that only say "not set": -, —, ——, －, ―, – and runs of them.
NOT_SET = re.compile(r"[-‐‑‒–—―]+")
EDGE_PUNCTUATION = "。,;:：；，、"
ESTIMATE_MARK = re.compile(r"^\(?(?:预计|预估|估计)\)?|\(?(?:预计|预估|估计)\)?$")


# NFKC would turn "m³" into "m3" (a number!); park superscript units out of its reach.
SUPERSCRIPTS = {"³": "\ue003", "²": "\ue002"}


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters, ％, ＞, ［］ → ASCII), then drop all whitespace.

    Whitespace never carries meaning inside a target ("1 500", "240 家", "不低于 15 人次"), so
    removing it is what lets one grammar cover every spacing habit of the source documents.
    """
    for superscript, parked in SUPERSCRIPTS.items():
        text = text.replace(superscript, parked)
    text = unicodedata.normalize("NFKC", text).translate(TRANSLATE)
    for superscript, parked in SUPERSCRIPTS.items():
        text = text.replace(parked, superscript)
    text = THOUSANDS_SPACE.sub("", text)
    text = SPACE_BETWEEN_DIGITS.sub("?", text)  # "?" matches no grammar rule: UNPARSED
    return INVISIBLE.sub("", text).strip(EDGE_PUNCTUATION)


# --- vocabulary ----------------------------------------------------------------------------

UNSIGNED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
NUMBER = rf"[-+]?{UNSIGNED}"
PLAIN_NUMBER = re.compile(NUMBER)

# Prefix words. "hard" ones state the comparison themselves; "soft" ones are verbs whose
# default comparison yields to an explicit suffix (达到…左右 is ≈, 控制在…左右 is ≈).
HARD_PREFIXES: dict[str, Comparator] = {
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
SOFT_PREFIXES: dict[str, Comparator] = {
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
SUFFIXES: dict[str, Comparator] = {
    "以上": Comparator.GE,
    "及以上": Comparator.GE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "以下": Comparator.LE,
    "及以下": Comparator.LE,
    "左右": Comparator.APPROX,
}
STRETCH_WORDS = ("力争", "争取", "力求")
# ">7、力争8": a firm target, then a stretch clause the office reports beside it.
STRETCH_CLAUSE = re.compile(rf"(?P<firm>.+?)[、,;](?P<stretch>(?:{'|'.join(STRETCH_WORDS)}).+)")
# "60.6*": a footnote mark after a figure; the note says what it marks ("带*的为2019年数据").
FOOTNOTE_MARK = re.compile(r"(?<=[\d%])(?P<mark>\*{1,3}|※|#|△)$")
FOOTNOTE_YEAR = re.compile(
    r"(?:带|标有?|加|注有?)?(?P<mark>\*{1,3}|※|#|△)号?(?:的|者|指标|数据)*(?:为|是|系|均为)(?P<year>(?:19|20)\d{2})年"
)
MODIFIERS = (*STRETCH_WORDS, "确保", "预计")

# Change verbs in prose: the number is a change, not a level ("年均增长5%以上", "降低10%").
RATE_VERBS = ("年均增长", "年均增速", "年均增幅", "年均提高")
GROWTH_VERBS = ("增长", "增速")  # with a % unit: a growth rate
INCREASE_VERBS = ("增长", "增加", "提高", "提升", "新增", "增幅")
REDUCTION_VERBS = ("降低", "下降", "减少", "压减")
REDUCTION_NAME_WORDS = ("降低", "下降", "减少")

MULTIPLIERS = ("万亿", "千万", "百万", "十万", "亿", "万", "千", "百")
BASE_UNITS = (
    "元", "美元", "吨", "标准煤", "吨标准煤", "千瓦时", "千瓦", "瓦", "兆瓦", "人", "人次", "名", "位",
    "户", "家", "个", "场", "场次", "项", "次", "件", "亩", "株", "棵", "岁", "年", "天", "日", "月",
    "小时", "分钟", "幢", "栋", "座", "台", "辆", "处", "所", "条", "张", "床", "间", "套", "册", "部",
    "平方米", "平方公里", "公顷", "公里", "千米", "米", "立方米", "升", "斤", "公斤", "千克", "克",
    "微克/立方米", "毫克/升", "倍", "kW", "MW", "GW", "km", "m³", "m²", "km²",
)  # fmt: skip
PERCENT_UNITS = ("%", "‰", "个百分点", "百分点")


def alternation(words: tuple[str, ...] | list[str]) -> str:
    # Longest first, so that 不低于 wins over 低于 and 达到 over 达.
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


UNIT = (
    f"(?:{alternation(PERCENT_UNITS)})"
    f"|(?:(?:{alternation(MULTIPLIERS)})?(?:{alternation(BASE_UNITS)}))"
    f"|(?:{alternation(MULTIPLIERS)})"
)
VERBS = (*RATE_VERBS, *INCREASE_VERBS, *REDUCTION_VERBS)
NUMERIC = re.compile(
    rf"(?P<lead>.*?)"
    rf"(?P<verb>{alternation(VERBS)})?"
    rf"(?P<mods>(?:{alternation(MODIFIERS)})*)"
    rf"(?P<pre>{alternation([*HARD_PREFIXES, *SOFT_PREFIXES])})?"
    rf"(?P<num>{NUMBER})"
    rf"(?:(?:-|~|至|到|—|–)(?P<upper>{UNSIGNED}))?"
    rf"(?P<unit>{UNIT})?"
    rf"(?P<suf>{alternation(list(SUFFIXES))})?"
)
QUOTA_CELL = re.compile(r"(?:力争|确保)?完成.{0,12}?(?:下达|分解).{0,8}?任务")
QUOTA_PROSE = re.compile(r"完成.{0,12}?(?:下达|分解).{0,8}?任务")
SYNC = re.compile(r"(?P<lead>.*?)与(?P<other>.+?)(?P<basic>基本)?(?:保持)?同步")
RELATIVE_WORDS: dict[str, Comparator] = {
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
RELATIVE = re.compile(rf"(?P<lead>.*?)(?P<word>{alternation(list(RELATIVE_WORDS))})(?P<other>.+)")
# A leading time phrase of a prose target: 到2025年, / 力争到"十四五"末, / 2023年年底前,
TIME_PREFIX = re.compile(
    r"^(?:力争|确保|争取)?(?:到|至|在|于)?"
    r"(?:\d{4}年(?:年底前|年底|底前|底|末|年内|内)?|“?十[一二三四五六]五”?(?:期间|末|时期)?)"
    r"[,，]?"
)
CLAUSE_BREAK = re.compile(r"[,;。]")
# A lead glued to the number by a digit, range mark or Latin letter ("PM2.5", "m3", "2×300")
# means the number belongs to a name, not to the target.
GLUED_TAIL = re.compile(r"[\d.\-~至到×*A-Za-z]$")
