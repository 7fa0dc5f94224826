"""Plan families without Django: units of measure, name matching, roll-up, decomposition, ranking.

A city compares its districts on indicators the plans word differently ("常住人口城镇化率" and
"城镇化率（%）"), in units that differ ("万元" and "亿元"), and rolls district figures up by a rule
that depends on the indicator: GDP is computed separately at each level (no roll-up), counts add up,
shares are weighted by another indicator such as the resident population.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from enum import StrEnum

# --- units of measure ----------------------------------------------------------------------------

# Base units by dimension with their size in the dimension's reference unit. Words that name the same
# unit are listed separately; anything not here is compared only with itself.
_BASE_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "美元": ("usd", Decimal(1)),
    "人": ("people", Decimal(1)),
    "人次": ("visits", Decimal(1)),
    "户": ("households", Decimal(1)),
    "%": ("ratio", Decimal("0.01")),
    "％": ("ratio", Decimal("0.01")),
    "‰": ("ratio", Decimal("0.001")),
    "‱": ("ratio", Decimal("0.0001")),
    "平方米": ("area", Decimal(1)),
    "㎡": ("area", Decimal(1)),
    "公顷": ("area", Decimal(10_000)),
    "平方公里": ("area", Decimal(1_000_000)),
    "平方千米": ("area", Decimal(1_000_000)),
    "亩": ("area", Decimal(2000) / Decimal(3)),
    "米": ("length", Decimal(1)),
    "公里": ("length", Decimal(1000)),
    "千米": ("length", Decimal(1000)),
    "吨": ("mass", Decimal(1)),
    "千克": ("mass", Decimal("0.001")),
    "公斤": ("mass", Decimal("0.001")),
    "千瓦": ("power", Decimal(1)),
    "兆瓦": ("power", Decimal(1000)),
    "千瓦时": ("energy", Decimal(1)),
    "度": ("energy", Decimal(1)),
    "立方米": ("volume", Decimal(1)),
    "标准煤": ("coal", Decimal(1)),
    "吨标准煤": ("coal", Decimal(1)),
}
_PREFIXES: dict[str, Decimal] = {
    "亿": Decimal(100_000_000),
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
    "十万": Decimal(100_000),
    "万": Decimal(10_000),
}
_UNIT_NOISE = re.compile(r"[\s（）()\[\]【】]")


def _unit_size(unit: str) -> tuple[str, Decimal] | None:
    """The dimension and size of a unit as written, or None for units outside the table."""
    text = _UNIT_NOISE.sub("", unit)
    if text in _BASE_UNITS:
        return _BASE_UNITS[text]
    for prefix, size in _PREFIXES.items():
        if text.startswith(prefix) and text[len(prefix) :] in _BASE_UNITS:
            dimension, base = _BASE_UNITS[text[len(prefix) :]]
            return dimension, size * base
    return None


def conversion_factor(from_unit: str, to_unit: str) -> Decimal | None:
    """What a figure in `from_unit` is multiplied by to read in `to_unit`; None if they differ in kind.

    The same text always converts (factor 1), so counts such as 家 or 个 compare with themselves.
    """
    if _UNIT_NOISE.sub("", from_unit) == _UNIT_NOISE.sub("", to_unit):
        return Decimal(1)
    source, target = _unit_size(from_unit), _unit_size(to_unit)
    if source is None or target is None or source[0] != target[0]:
        return None
    return source[1] / target[1]


# --- names -----------------------------------------------------------------------------------------

# Words a plan puts around an indicator's name that do not change what is measured.
_NAME_NOISE = re.compile(
    r"[（(][^）)]*[）)]"  # a unit or note in brackets
    r"|[\s“”\"'‘’、，,。:：*★☆①-⑳]"
    r"|^(全市|全区|全县|全省|全镇|本区|本市)"
)


def normalise_name(name: str) -> str:
    """The indicator name without units in brackets, marks, spaces and a leading 全区/全市."""
    return _NAME_NOISE.sub("", name.strip())


@dataclass(frozen=True)
class Candidate:
    """A common indicator that a plan indicator may be linked to."""

    id: int
    name: str
    aliases: tuple[str, ...]
    unit: str


@dataclass(frozen=True)
class Suggestion:
    candidate_id: int
    score: float
    reason: str


SUGGESTION_FLOOR = 0.6


def suggest_links(name: str, unit: str, candidates: Iterable[Candidate], limit: int = 3) -> list[Suggestion]:
    """Common indicators a plan indicator is likely to be, best first; never more than `limit`.

    An exact name or alias scores 1; otherwise the similarity of the normalised names. A unit that
    cannot be converted to the candidate's rules the candidate out, since the figures could not be
    compared.
    """
    wanted = normalise_name(name)
    found: list[Suggestion] = []
    for candidate in candidates:
        if unit and candidate.unit and conversion_factor(unit, candidate.unit) is None:
            continue
        best, reason = 0.0, ""
        for label in (candidate.name, *candidate.aliases):
            other = normalise_name(label)
            if not other:
                continue
            score = 1.0 if other == wanted else SequenceMatcher(None, wanted, other).ratio()
            if other != wanted and (other in wanted or wanted in other):
                score = max(score, 0.85)
            if score > best:
                best, reason = score, label
        if best >= SUGGESTION_FLOOR:
            found.append(Suggestion(candidate.id, round(best, 3), reason))
    found.sort(key=lambda s: (-s.score, s.candidate_id))
    return found[:limit]


# --- roll-up and decomposition ---------------------------------------------------------------------


class RollUp(StrEnum):
    SUM = "sum"
    WEIGHTED_MEAN = "weighted_mean"
    MIN = "min"
    MAX = "max"
    NONE = "none"


@dataclass(frozen=True)
class Part:
    """One lower-level member's value (already in the common unit) and its weight, if any."""

    value: Decimal
    weight: Decimal | None = None


def roll_up(rule: RollUp, parts: Sequence[Part]) -> Decimal | None:
    """The higher level's value computed from its members', or None (no rule, no parts, no weights)."""
    if rule is RollUp.NONE or not parts:
        return None
    values = [part.value for part in parts]
    if rule is RollUp.SUM:
        return sum(values, Decimal(0))
    if rule is RollUp.MIN:
        return min(values)
    if rule is RollUp.MAX:
        return max(values)
    weights = [part.weight for part in parts]
    if any(weight is None or weight < 0 for weight in weights):
        return None
    total = sum((w for w in weights if w is not None), Decimal(0))
    if total == 0:
        return None
    return sum((p.value * p.weight for p in parts if p.weight is not None), Decimal(0)) / total


@dataclass(frozen=True)
class DecompositionCheck:
    rolled_up: Decimal | None
    adds_up: bool | None  # None: nothing to compare
    shortfall: Decimal | None


def check_decomposition(
    rule: RollUp, parent_target: Decimal | None, parts: Sequence[Part], *, lower_is_better: bool
) -> DecompositionCheck:
    """Whether the targets handed down reach the higher target when rolled up by the rule."""
    rolled = roll_up(rule, parts)
    if rolled is None or parent_target is None:
        return DecompositionCheck(rolled, None, None)
    gap = rolled - parent_target if lower_is_better else parent_target - rolled
    return DecompositionCheck(rolled, gap <= 0, gap if gap > 0 else None)


# --- ranking ---------------------------------------------------------------------------------------


def rank(values: Sequence[Decimal | None], *, lower_is_better: bool) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4) of the values, best first; members without a value get None."""
    present = sorted(v for v in values if v is not None)
    ranks: list[int | None] = []
    for value in values:
        if value is None:
            ranks.append(None)
        elif lower_is_better:
            ranks.append(bisect_left(present, value) + 1)  # how many are lower, plus one
        else:
            ranks.append(len(present) - bisect_right(present, value) + 1)  # how many are higher
    return ranks
