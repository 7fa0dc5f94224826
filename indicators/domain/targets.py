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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .target_grammar import (
    CLAUSE_BREAK,
    ESTIMATE_MARK,
    FOOTNOTE_MARK,
    FOOTNOTE_YEAR,
    GLUED_TAIL,
    GROWTH_VERBS,
    HARD_PREFIXES,
    NOT_SET,
    NUMERIC,
    PLAIN_NUMBER,
    QUOTA_CELL,
    QUOTA_PROSE,
    RATE_VERBS,
    REDUCTION_NAME_WORDS,
    REDUCTION_VERBS,
    RELATIVE,
    RELATIVE_WORDS,
    SOFT_PREFIXES,
    STRETCH_CLAUSE,
    SUFFIXES,
    SYNC,
    TIME_PREFIX,
    Comparator,
    normalise,
)

__all__ = [
    "Column",
    "Comparator",
    "Target",
    "TargetKind",
    "apply_footnote_years",
    "footnote_years",
    "parse_decimal",
    "parse_target",
]


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
    floor (GE 2). ``mark`` keeps a footnote mark written after the figure ("60.6*"); ``year`` is
    the year the figure belongs to when a footnote says so (:func:`apply_footnote_years`).
    ``stretch_target`` is the stretch clause after a firm target (">7、力争8" → 8): the firm
    target decides the status, the stretch one is reported beside it.
    """

    raw: str
    kind: TargetKind
    comparator: Comparator | None
    value: Decimal | None
    unit: str = ""
    relative_to: str = ""
    estimate: bool = False
    mark: str = ""
    year: int | None = None
    stretch_target: Target | None = None

    def as_parsed(self) -> dict[str, str | None]:
        """The fixture vocabulary (``PARSED`` in fixtures/README.md) for this target."""
        return {
            "kind": self.kind.value,
            "comparator": self.comparator.value if self.comparator is not None else None,
            "value": str(self.value) if self.value is not None else None,
            "unit": self.unit,
            "relative_to": self.relative_to,
        }


# --- public API ----------------------------------------------------------------------------


def parse_decimal(text: str | None) -> Decimal | None:
    """A plain number ("5.5", "１,500", "-3", " 1 500 ") as a Decimal; anything else → None."""
    if text is None:
        return None
    cleaned = normalise(text)
    if not PLAIN_NUMBER.fullmatch(cleaned):
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


def footnote_years(notes: str) -> dict[str, int]:
    """The years footnotes give to marked figures: "带*的为2019年数据" → {"*": 2019}."""
    return {match["mark"]: int(match["year"]) for match in FOOTNOTE_YEAR.finditer(normalise(notes))}


def apply_footnote_years(cells: Sequence[Target], notes: str) -> list[Target]:
    """The cells with ``year`` set where their mark is one the notes date; others unchanged."""
    years = footnote_years(notes)
    return [replace(cell, year=years[cell.mark]) if cell.mark in years else cell for cell in cells]


# --- implementation ------------------------------------------------------------------------

_NUMERIC_KINDS = (TargetKind.LEVEL, TargetKind.RATE, TargetKind.CUMULATIVE, TargetKind.REDUCTION)


def _parse(raw: str, column: Column, indicator_name: str) -> Target:
    text = normalise(raw)
    text, estimate = _strip_estimate(text)
    mark_match = FOOTNOTE_MARK.search(text)
    mark = mark_match["mark"] if mark_match else ""
    text = text[: mark_match.start()] if mark_match else text
    base = Target(
        raw=raw, kind=TargetKind.UNPARSED, comparator=None, value=None, estimate=estimate, mark=mark
    )

    if not text or NOT_SET.fullmatch(text):
        return _with(base, kind=TargetKind.NOT_SET)
    if _is_bracketed(text):
        return _parse_bracketed(text[1:-1], base, column, indicator_name)
    clause = STRETCH_CLAUSE.fullmatch(text)
    if clause is not None:
        firm = _parse_plain(clause["firm"], base, column, indicator_name)
        stretch = _parse_plain(clause["stretch"], base, column, indicator_name)
        if firm.kind in _NUMERIC_KINDS and stretch.kind is firm.kind:
            return replace(firm, stretch_target=replace(stretch, raw=clause["stretch"]))
    return _parse_plain(text, base, column, indicator_name)


def _strip_estimate(text: str) -> tuple[str, bool]:
    stripped = ESTIMATE_MARK.sub("", text)
    return stripped, stripped != text


def _is_bracketed(text: str) -> bool:
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and "[" not in text[1:-1]


def _parse_bracketed(inner: str, base: Target, column: Column, indicator_name: str) -> Target:
    """``[x]``: a change over the whole period (target − baseline), not a yearly rate."""
    if not inner or NOT_SET.fullmatch(inner):
        return _with(base, kind=TargetKind.NOT_SET)
    inner_target = _parse_plain(inner, base, column, indicator_name)
    if inner_target.kind in (TargetKind.QUOTA, TargetKind.RELATIVE, TargetKind.UNPARSED):
        return inner_target
    reduction = any(word in indicator_name for word in REDUCTION_NAME_WORDS)
    return _with(inner_target, kind=TargetKind.REDUCTION if reduction else TargetKind.CUMULATIVE)


def _parse_plain(text: str, base: Target, column: Column, indicator_name: str) -> Target:
    prose = column is Column.PROSE
    if (QUOTA_PROSE.search(text) if prose else QUOTA_CELL.fullmatch(text)) is not None:
        return _with(base, kind=TargetKind.QUOTA)
    if prose:
        text = TIME_PREFIX.sub("", text, count=1)
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
    match = NUMERIC.fullmatch(text)
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
    if CLAUSE_BREAK.search(lead):
        return False
    return has_marker or not GLUED_TAIL.search(lead)


def _combine(prefix: str | None, suffix: str | None) -> Comparator | None:
    """Merge the comparison said before and after the number; None when they contradict."""
    after = SUFFIXES.get(suffix) if suffix else None
    if not prefix:
        return after or Comparator.EQ
    if prefix in SOFT_PREFIXES:
        return after or SOFT_PREFIXES[prefix]
    before = HARD_PREFIXES[prefix]
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
    if verb in RATE_VERBS or (verb in GROWTH_VERBS and unit == "%"):
        return TargetKind.RATE
    if "每年" in lead or indicator_name.startswith("每年"):  # 每年新增…1.2万人以上: a yearly amount
        return TargetKind.RATE
    if verb in REDUCTION_VERBS:
        return TargetKind.REDUCTION
    if verb or "累计" in lead:  # 累计新增就业6万人: a total over the period
        return TargetKind.CUMULATIVE
    return TargetKind.LEVEL


def _parse_relative(text: str, base: Target, prose: bool) -> Target | None:
    sync = SYNC.fullmatch(text)
    if sync is not None and _relative_ok(sync["lead"], sync["other"], prose):
        comparator = Comparator.APPROX if sync["basic"] else Comparator.GE
        return _relative(base, comparator, sync["other"])
    match = RELATIVE.fullmatch(text)
    if match is not None and _relative_ok(match["lead"], match["other"], prose):
        return _relative(base, RELATIVE_WORDS[match["word"]], match["other"])
    return None


def _relative_ok(lead: str, other: str, prose: bool) -> bool:
    if lead and (not prose or CLAUSE_BREAK.search(lead)):
        return False
    # "高于4.5%红线" starts with a number: a numeric target we failed to read, not a reference.
    return bool(other) and not CLAUSE_BREAK.search(other) and not re.match(r"[-+\d.]", other)


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
        mark=target.mark,
    )
