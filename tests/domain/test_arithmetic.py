"""The n-th root behind compound growth averages gives the very Decimal of ``p ** (1 / n)`` (hypothesis).

Evaluation results must not change by a digit: ``nth_root`` replaces the Decimal power, so every
product and degree it may see is compared with the power itself, digit for digit and exponent
for exponent (``str``), in the engine's context and in others.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Context, Decimal, localcontext

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indicators.domain.arithmetic import CONTEXT, HUNDRED, ONE, ZERO, average_growth, nth_root

D = Decimal
MANY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

degrees = st.integers(min_value=1, max_value=70)
products = st.decimals(min_value=D("1E-330"), max_value=D("1E+330"), allow_nan=False, allow_infinity=False)
# Growth rates as offices write them (two places) and as arithmetic leaves them (any digits).
rates = st.decimals(min_value=D("-120"), max_value=D("500"), places=2) | st.decimals(
    min_value=D("-99"), max_value=D("99"), allow_nan=False, allow_infinity=False
)


def power(product: Decimal, n: int) -> Decimal:
    return product ** (ONE / n)


@MANY
@given(products, degrees)
@example(D(32), 5)
@example(D(8), 3)  # 8 ** 0.333…3 rounds to the exact root 2
@example(D(1), 7)
@example(D("1.000"), 5)
@example(D("0.001"), 3)
@example(D("1E-300"), 7)
@example(D("9E+300"), 11)
@example(D("999.9999999999999999999999999"), 3)  # a root just below a power of ten
def test_nth_root_is_the_decimal_power(product: Decimal, n: int) -> None:
    if product <= 0:
        product = -product + D("1E-20")
    with localcontext(CONTEXT):
        assert str(nth_root(product, n)) == str(power(product, n))


@MANY
@given(st.decimals(min_value=D("0.01"), max_value=D("100"), places=6), st.integers(min_value=2, max_value=12))
def test_exact_roots_are_written_as_the_decimal_power_writes_them(root: Decimal, n: int) -> None:
    with localcontext(Context(prec=200)):
        product = root**n
    with localcontext(CONTEXT):
        assert str(nth_root(product, n)) == str(power(product, n))


@settings(max_examples=500, deadline=None)
@given(
    products,
    degrees,
    st.integers(min_value=5, max_value=60),
    st.sampled_from([ROUND_HALF_EVEN, ROUND_DOWN]),
)
def test_nth_root_follows_any_context(product: Decimal, n: int, precision: int, rounding: str) -> None:
    product = abs(product) + D("1E-20")
    with localcontext(Context(prec=precision, rounding=rounding, traps=[])):
        assert str(nth_root(product, n)) == str(power(product, n))


@MANY
@given(st.lists(rates, min_size=1, max_size=40))
def test_average_growth_is_the_compound_average(values: list[Decimal]) -> None:
    with localcontext(CONTEXT):
        product = ONE
        for value in values:
            product *= max(ONE + value / HUNDRED, ZERO)
        expected = -HUNDRED if product == 0 else (power(product, len(values)) - ONE) * HUNDRED
        assert str(average_growth(values)) == str(expected)
