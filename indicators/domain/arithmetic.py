"""Decimal arithmetic shared by evaluation, forecast and warnings.

Everything runs in :data:`CONTEXT`, with traps off: an overflow or 0/0 yields Infinity/NaN, which
callers report as "not computable" instead of raising. Rates are in percent (5.5 means 5.5 %).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    Inexact,
    getcontext,
)
from functools import cache

CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, traps=[])
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_INT, _DECIMAL = {int}, {Decimal}


def finite(value: object) -> Decimal | None:
    """A finite Decimal (ints accepted), else None: NaN, ±Infinity, bools and text count as missing."""
    if type(value) is Decimal:  # nearly always: checked first
        return value if value.is_finite() else None
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
    # The common case (figures read from the database) is already clean: check without copying work,
    # in C (map, set), not in a Python loop over the years.
    numbers = values.values()
    if (
        set(map(type, values)) == _INT
        and set(map(type, numbers)) == _DECIMAL
        and all(map(Decimal.is_finite, numbers))
    ):
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
    return (nth_root(product, len(values)) - ONE) * HUNDRED


_NEAREST = (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN)
# The roots worked out here: products a float can hold comfortably, plans of up to 60 years.
_ROOT_EXPONENTS = range(-300, 301)
_ROOT_DEGREES = range(2, 61)


@dataclass(frozen=True, slots=True)
class _RootContexts:
    """What :func:`nth_root` works in for one precision and degree."""

    work: Context  # ten digits more than the estimate needs
    up: Context  # the lower bound rounded up
    down: Context  # the upper bound rounded down
    exact: Context  # n-th powers of the bounds, exact or trapped
    widened: Decimal  # 1 + 3δ
    narrowed: Decimal  # 1 − 3δ


@cache
def _root_contexts(precision: int, n: int) -> _RootContexts:
    bounds = precision + 20
    margin = 3 * Decimal((0, (1,), -(precision + 8)))
    return _RootContexts(
        work=Context(prec=precision + 30, rounding=ROUND_HALF_EVEN, traps=[]),
        up=Context(prec=bounds, rounding=ROUND_CEILING, traps=[]),
        down=Context(prec=bounds, rounding=ROUND_FLOOR, traps=[]),
        exact=Context(prec=bounds * n, traps=[Inexact]),
        widened=ONE + margin,
        narrowed=ONE - margin,
    )


def nth_root(product: Decimal, n: int) -> Decimal:
    """``product ** (1 / n)`` in the current context, the very Decimal that expression gives, at a
    fraction of its cost (the ln and exp of a fractional power were most of a rate's evaluation).

    Decimal computes the power as exp(y·ln p), y = 1/n rounded to the context (0.333…3), in some
    twenty digits more than the context, and rounds that. Here a float seed and one Newton step
    give the n-th root r, ``1 + t`` with t = (y − 1/n)·ln p (|t| < 1e-25: within 1e-50 of e^t)
    corrects it for y, and the rounded result c is kept only when exact integer powers prove that
    the true p^y lies inside the rounding interval of c, δ = 10^-(prec+8) (relative) away from
    either end: Decimal's approximation, far closer than that, rounds to c too. Other roundings,
    products a float cannot hold and anything unproved take the Decimal power itself.
    """
    context = getcontext()
    if (
        n not in _ROOT_DEGREES
        or context.rounding not in _NEAREST
        or not product.is_finite()
        or product <= 0
        or product.adjusted() not in _ROOT_EXPONENTS
    ):
        return product ** (ONE / n)
    precision = context.prec
    exponent = context.divide(ONE, n)
    contexts = _root_contexts(precision, n)
    work, up, down = contexts.work, contexts.up, contexts.down
    estimate = float(product)
    seed = work.create_decimal_from_float(estimate ** (1 / n))
    root = work.divide(work.add(work.multiply(seed, n - 1), work.divide(product, work.power(seed, n - 1))), n)
    # From a float logarithm: |y − 1/n| < 1e-28 keeps the error of t below 1e-40.
    shift = work.multiply(work.subtract(work.multiply(exponent, n), ONE), Decimal(math.log(estimate) / n))
    candidate = context.plus(work.fma(root, shift, root))
    lowest = candidate.adjusted() - precision + 1
    digits = candidate.as_tuple().digits
    if len(digits) < precision:  # an exact root: Decimal writes all the context's digits
        candidate = candidate.quantize(Decimal((0, (1,), lowest)), context=work)
    above = Decimal((0, (5,), lowest - 1))
    # Just below a power of ten, numbers are a tenth as far apart.
    below = above.scaleb(-1) if digits[0] == 1 and not any(digits[1:]) else above
    # p^y = r·e^t and (1 ± δ)·e^-t lies within 1 − t ± 3δ: p strictly between the n-th powers of
    # (c − below)(1 − t + 3δ) and (c + above)(1 − t − 3δ) puts p^y in (c − below, c + above), δ
    # away from either end. The bounds are rounded outwards, their powers exact.
    lower = up.multiply(up.subtract(candidate, below), up.subtract(contexts.widened, shift))
    upper = down.multiply(down.add(candidate, above), down.subtract(contexts.narrowed, shift))
    if contexts.exact.power(lower, n) < product < contexts.exact.power(upper, n):
        return candidate
    return product**exponent
