"""Properties of the parser and the evaluation engine (hypothesis).

* For a higher-is-better target, a larger actual never gives a worse status (STATUS_ORDER).
* Swapping the direction and negating every number mirrors the result.
* ``evaluate`` and ``open_sdg_progress`` never raise, whatever the Decimals (NaN, sNaN, ±∞, huge).
* ``parse_target`` never raises for any text, and reads back every number it is given.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.domain.evaluation import (
    STATUS_ORDER,
    Direction,
    Evaluation,
    IndicatorSpec,
    Measure,
    Status,
    evaluate,
)
from indicators.domain.opensdg import OpenSdgStatus, open_sdg_progress
from indicators.domain.targets import Column, Comparator, Target, TargetKind, parse_target

D = Decimal
BASE_YEAR = 2020
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.decimals(
    min_value=D("-100000"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False
)
growth = st.decimals(min_value=D("-50"), max_value=D("50"), places=2)
positive = st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2)
anything = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [D("NaN"), D("sNaN"), D("-Infinity"), D("9E+999999"), D("-9E+999999"), D("1E-999999"), D(0), D("-0")]
)
years = st.integers(min_value=BASE_YEAR + 1, max_value=2032)


def level(
    comparator: Comparator | None, value: Decimal | None, kind: TargetKind = TargetKind.LEVEL
) -> Target:
    return Target(raw="", kind=kind, comparator=comparator, value=value)


NOT_SET = level(None, None, TargetKind.NOT_SET)


@st.composite
def higher_is_better(draw: st.DrawFn) -> tuple[IndicatorSpec, dict[str, dict[int, Decimal]]]:
    """A higher-is-better spec of any measure and goal mode, with the extra mappings it needs."""
    measure = draw(st.sampled_from(list(Measure)))
    mode = draw(st.sampled_from(["numeric", "numeric", "numeric", "quota", "relative"]))
    comparator = draw(st.sampled_from([Comparator.EQ, Comparator.GE, Comparator.GT, Comparator.APPROX]))
    value = draw(finite)
    target, annual = NOT_SET, None
    extra: dict[str, dict[int, Decimal]] = {}
    if mode == "quota":
        target = level(None, None, TargetKind.QUOTA)
        extra["quotas"] = draw(st.dictionaries(years, finite, max_size=12))
    elif mode == "relative":
        relative = draw(st.sampled_from([Comparator.GE, Comparator.GT]))
        target = Target(raw="", kind=TargetKind.RELATIVE, comparator=relative, value=None, relative_to="X")
        extra["linked"] = draw(st.dictionaries(years, finite, max_size=12))
    elif measure is Measure.LEVEL:
        target = level(comparator, value)
        if draw(st.booleans()):
            annual = level(Comparator.EQ, draw(growth), TargetKind.RATE)
    elif measure is Measure.RATE:
        annual = level(comparator, value, TargetKind.RATE)
    else:
        annual = level(comparator, value, TargetKind.CUMULATIVE)
    spec = IndicatorSpec(
        direction=Direction.HIGHER,
        measure=measure,
        binding=draw(st.booleans()),
        base_year=BASE_YEAR,
        target_year=draw(st.integers(min_value=BASE_YEAR + 1, max_value=2030)),
        # Often below the target, so that the progress rules (not only keep-it) are exercised.
        baseline=draw(st.none() | finite | positive.map(lambda gap: value - gap)),
        target=target,
        annual=annual,
        growth_rate=draw(st.booleans()),
    )
    return spec, extra


@FAST
@given(
    case=higher_is_better(),
    others=st.dictionaries(years, finite, max_size=12),
    year=years,
    a=finite,
    b=finite,
)
def test_a_larger_actual_never_gives_a_worse_status(
    case: tuple[IndicatorSpec, dict[str, dict[int, Decimal]]],
    others: dict[int, Decimal],
    year: int,
    a: Decimal,
    b: Decimal,
) -> None:
    spec, extra = case
    low, high = sorted((a, b))
    judged = min(year, spec.target_year)
    linked, quotas = extra.get("linked"), extra.get("quotas")
    worse = evaluate(spec, {**others, judged: low}, year, linked=linked, quotas=quotas)
    better = evaluate(spec, {**others, judged: high}, year, linked=linked, quotas=quotas)
    if worse.status in STATUS_ORDER and better.status in STATUS_ORDER:
        rank_low, rank_high = STATUS_ORDER.index(worse.status), STATUS_ORDER.index(better.status)
        assert rank_high <= rank_low, (worse.explanation, better.explanation)


MIRROR = {
    Comparator.EQ: Comparator.EQ,
    Comparator.APPROX: Comparator.APPROX,
    Comparator.GE: Comparator.LE,
    Comparator.LE: Comparator.GE,
    Comparator.GT: Comparator.LT,
    Comparator.LT: Comparator.GT,
}


def negate(target: Target) -> Target:
    if target.value is None or target.comparator is None:
        return target
    return replace(target, value=-target.value, comparator=MIRROR[target.comparator])


@FAST
@given(
    measure=st.sampled_from([Measure.LEVEL, Measure.RATE]),
    comparator=st.sampled_from(list(Comparator)),
    value=finite,
    baseline=st.none() | finite,
    binding=st.booleans(),
    target_year=st.integers(min_value=BASE_YEAR + 1, max_value=2030),
    figures=st.dictionaries(years, finite, min_size=1, max_size=12),
    year=years,
)
def test_swapping_direction_mirrors_the_result(
    measure: Measure,
    comparator: Comparator,
    value: Decimal,
    baseline: Decimal | None,
    binding: bool,
    target_year: int,
    figures: dict[int, Decimal],
    year: int,
) -> None:
    if measure is Measure.LEVEL:
        target, annual = level(comparator, value), None
    else:
        target, annual = NOT_SET, level(comparator, value, TargetKind.RATE)
    # Rates are mirrored on the arithmetic mean: a compound growth average is not symmetric.
    higher = IndicatorSpec(
        direction=Direction.HIGHER,
        measure=measure,
        binding=binding,
        base_year=BASE_YEAR,
        target_year=target_year,
        baseline=baseline,
        target=target,
        annual=annual,
        growth_rate=False,
    )
    lower = replace(
        higher,
        direction=Direction.LOWER,
        baseline=None if baseline is None else -baseline,
        target=negate(target),
        annual=None if annual is None else negate(annual),
    )
    a = evaluate(higher, figures, year)
    b = evaluate(lower, {y: -v for y, v in figures.items()}, year)
    assert (a.status, a.rule) == (b.status, b.rule)
    assert a.time_progress == b.time_progress
    assert a.completion == b.completion


def check(result: Evaluation) -> None:
    assert isinstance(result, Evaluation)
    assert isinstance(result.status, Status)
    assert result.explanation
    for number in (result.time_progress, result.expected, result.completion, result.actual, result.assessed):
        assert number is None or (isinstance(number, Decimal) and number.is_finite())


any_target = st.builds(
    Target,
    raw=st.just(""),
    kind=st.sampled_from(list(TargetKind)),
    comparator=st.none() | st.sampled_from(list(Comparator)),
    value=st.none() | anything,
    relative_to=st.sampled_from(["", "地区生产总值增速"]),
)
any_years = st.integers(min_value=1990, max_value=2060)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    direction=st.sampled_from(list(Direction)),
    measure=st.sampled_from(list(Measure)),
    binding=st.booleans(),
    base_year=any_years,
    target_year=any_years,
    baseline=st.none() | anything,
    target=any_target,
    annual=st.none() | any_target,
    growth_rate=st.booleans(),
    figures=st.dictionaries(any_years, anything, max_size=8),
    linked=st.none() | st.dictionaries(any_years, anything, max_size=4),
    quotas=st.none() | st.dictionaries(any_years, anything, max_size=4),
    judgements=st.none()
    | st.dictionaries(any_years, st.sampled_from(["achieved", "lagging", "", "??"]), max_size=3),
    year=any_years,
)
def test_evaluate_never_raises(
    direction: Direction,
    measure: Measure,
    binding: bool,
    base_year: int,
    target_year: int,
    baseline: Decimal | None,
    target: Target,
    annual: Target | None,
    growth_rate: bool,
    figures: dict[int, Decimal],
    linked: dict[int, Decimal] | None,
    quotas: dict[int, Decimal] | None,
    judgements: dict[int, str] | None,
    year: int,
) -> None:
    spec = IndicatorSpec(
        direction=direction,
        measure=measure,
        binding=binding,
        base_year=base_year,
        target_year=target_year,
        baseline=baseline,
        target=target,
        annual=annual,
        growth_rate=growth_rate,
    )
    check(evaluate(spec, figures, year, linked=linked, quotas=quotas, judgements=judgements))
    assert isinstance(open_sdg_progress(spec, figures, year).status, OpenSdgStatus)


FRAGMENTS = [
    "5", "5.5", "1,500", "1 500", "-", "—", "[", "]", "【", "】", "%", "万吨", "亿元", "以上", "以内", "左右",
    "达到", "力争", "超过", "突破", "不低于", "小于", ">", "≥", "与", "同步", "基本", "高于", "完成", "市",
    "下达", "任务", "到2025年,", "增长", "降低", "累计", "预计", "(", ")", "５", "．", "，", " ", "\t", "*",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(max_size=40) | st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
    column=st.sampled_from(list(Column)),
    name=st.sampled_from(["", "单位地区生产总值能源消耗降低", "城镇化率"]),
)
def test_parse_target_never_raises(text: str, column: Column, name: str) -> None:
    target = parse_target(text, column=column, indicator_name=name)
    assert target.raw == text
    if target.kind in (TargetKind.NOT_SET, TargetKind.UNPARSED, TargetKind.QUOTA):
        assert target.value is None
    if target.kind in (TargetKind.NOT_SET, TargetKind.UNPARSED):
        assert target.comparator is None
    if target.value is not None:
        assert target.value.is_finite()


@FAST
@given(
    value=st.decimals(
        min_value=D("-1e9"), max_value=D("1e9"), places=3, allow_nan=False, allow_infinity=False
    ),
    form=st.sampled_from(
        [
            ("{}", Comparator.EQ),
            ("{}左右", Comparator.APPROX),
            (">{}", Comparator.GT),
            ("不少于{}", Comparator.GE),
            ("{}万吨以上", Comparator.GE),
            ("控制在{}%以内", Comparator.LE),
            ("小于{}", Comparator.LT),
            ("力争突破{}亿元", Comparator.GE),
        ]
    ),
    fullwidth=st.booleans(),
)
def test_parse_target_reads_back_any_number(
    value: Decimal, form: tuple[str, Comparator], fullwidth: bool
) -> None:
    text = form[0].format(format(value, "f"))
    if fullwidth:
        text = text.translate(str.maketrans("0123456789.-%>", "０１２３４５６７８９．－％＞"))
    target = parse_target(text)
    assert target.value == value
    assert target.comparator is form[1]
