"""Decimal arithmetic shared by evaluation, forecast and warnings.

Everything runs in :data:`CONTEXT`, with traps off: an overflow or 0/0 yields Infinity/NaN, which
callers report as "not computable" instead of raising. Rates are in percent (5.5 means 5.5 %).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal

CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, traps=[])
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def finite(value: object) -> Decimal | None:
    """A finite Decimal (ints accepted), else None: NaN, ±Infinity, bools and text count as missing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def clean(values: Mapping[int, Decimal] | None) -> dict[int, Decimal]:
    """Yearly figures with integer years and finite values only."""
    if not values:
        return {}
    # The common case (figures read from the database) is already clean: check without copying work.
    if all(type(k) is int and type(v) is Decimal and v.is_finite() for k, v in values.items()):
        return dict(values)
    cleaned: dict[int, Decimal] = {}
    for key, value in values.items():
        number = finite(value)
        if isinstance(key, int) and not isinstance(key, bool) and number is not None:
            cleaned[key] = number
    return cleaned


def time_progress(base_year: int, target_year: int, year: int) -> Decimal:
    """时序进度 (y − b) / (T − b), capped to [0, 1]."""
    span = target_year - base_year
    if span <= 0:
        return ONE if year >= target_year else ZERO
    elapsed = min(max(year - base_year, 0), span)
    return Decimal(elapsed) / Decimal(span)


def compound(baseline: Decimal, growth: Decimal, periods: int) -> Decimal | None:
    """baseline × (1 + g/100)^periods; None when the factor is not positive."""
    factor = ONE + growth / HUNDRED
    if factor <= 0 or periods < 0:
        return None
    return baseline * factor**periods


def compound_reduction(rates: Sequence[Decimal]) -> Decimal:
    """Total reduction (in %) of successive yearly reductions: 1 − Π(1 − rᵢ)."""
    remaining = ONE
    for rate in rates:
        remaining *= max(ONE - rate / HUNDRED, ZERO)
    return (ONE - remaining) * HUNDRED


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def average_growth(values: Sequence[Decimal]) -> Decimal:
    """Compound (geometric) average of yearly growth rates in %."""
    product = ONE
    for value in values:
        # A fall of 100 % or more leaves nothing to compound: the average is −100 %.
        product *= max(ONE + value / HUNDRED, ZERO)
    if product == 0:
        return -HUNDRED
    return (product ** (ONE / len(values)) - ONE) * HUNDRED
