"""Which indicator of a plan a relative target means: "高于GDP增长" → 地区生产总值增速.

Plans name the same indicator several ways. :data:`SAME_INDICATOR` is the vocabulary (groups of
names for one subject), and growth words say whether the growth of the subject is meant. The
matcher never guesses between equals: two candidates as good as each other give no match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["SAME_INDICATOR", "match_indicator", "subject"]

# Each group is one subject; the first name is the one used to compare.
SAME_INDICATOR: tuple[tuple[str, ...], ...] = (
    ("地区生产总值", "国内生产总值", "GDP", "生产总值", "经济"),
    ("一般公共预算收入", "地方一般公共预算收入", "财政收入"),
    ("居民人均可支配收入", "城乡居民人均可支配收入", "居民收入"),
    ("固定资产投资", "全社会固定资产投资"),
    ("社会消费品零售总额", "社零额"),
)
_GROWTH_WORDS = ("增长速度", "增速", "增长率", "增长", "增幅", "年均")
_UNIT = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(亿元)", "[%]": the unit, after NFKC
_NOISE = re.compile(r"[%\s]|^(?:全区|全市|全县|全省|全国|本地|同期)|的")


def subject(name: str) -> tuple[str, bool]:
    """The subject a name speaks of (aliases folded to one name) and whether it means its growth."""
    text = _NOISE.sub("", _UNIT.sub("", unicodedata.normalize("NFKC", name)))
    growth = False
    for word in _GROWTH_WORDS:
        if word in text:
            growth = True
            text = text.replace(word, "")
    for group in SAME_INDICATOR:
        for alias in sorted(group, key=len, reverse=True):
            if text == alias:
                return group[0], growth
    return text, growth


def match_indicator(reference: str, names: Sequence[str]) -> int | None:
    """The index in ``names`` of the indicator ``reference`` means, or None (none, or a tie).

    Same subject is required; the same growth reading (增速 vs level) breaks ties.
    """
    wanted, wanted_growth = subject(reference)
    if not wanted:
        return None
    scored = []
    for index, name in enumerate(names):
        found, growth = subject(name)
        if found == wanted:
            scored.append((2 if growth == wanted_growth else 1, index))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    winners = [index for score, index in scored if score == best]
    return winners[0] if len(winners) == 1 else None
