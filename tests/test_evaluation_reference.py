"""The selectors' evaluation of a batch equals the domain's, fed every approved figure one by one.

The selectors read an indicator's columns without model objects, share the batch's parsed cells
and, judging one year, leave out the figures after it: the reference here does none of that.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from importer.seeding import seed_plans
from indicators.domain.assessment import assess
from indicators.domain.evaluation import Evaluation, Measure, YearTarget, evaluate
from indicators.domain.targets import Comparator
from indicators.models import Indicator, IndicatorQuota, ProgressEntry
from indicators.selectors import (
    assess_indicators,
    evaluate_indicators,
    indicator_spec,
    thresholds,
    warning_rules,
)
from plans.models import Plan
from progress.models import EntryState
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

PLAN = "zhangdian-14th-fyp"


def reference(indicators: list[Indicator], year: int, *, assessed: bool = False) -> dict[int, object]:
    """Each indicator judged by the domain from all its approved yearly figures, read one by one."""
    margins = thresholds()
    rules = warning_rules(indicator.plan_id for indicator in indicators)
    results: dict[int, object] = {}
    for indicator in indicators:
        spec = indicator_spec(indicator)
        values, judgements = figures_of(indicator)
        linked = None
        if indicator.relative_to_id:
            other = Indicator.objects.get(pk=indicator.relative_to_id)
            linked, linked_judgements = figures_of(other)
            is_level = other.measure == Measure.LEVEL and bool(linked or linked_judgements)
            spec = replace(spec, linked_is_level=is_level)
        yearly = {
            quota.year: YearTarget(Comparator(quota.comparator), quota.value)
            for quota in IndicatorQuota.objects.filter(indicator=indicator)
        }
        given = {"linked": linked, "judgements": judgements, "yearly_targets": yearly}
        results[indicator.pk] = (
            assess(spec, values, year, thresholds=margins, rules=rules[indicator.plan_id], **given)
            if assessed
            else evaluate(spec, values, year, thresholds=margins, **given)
        )
    return results


def figures_of(indicator: Indicator) -> tuple[dict[int, Decimal], dict[int, str]]:
    values, judgements = {}, {}
    for entry in ProgressEntry.objects.filter(
        indicator=indicator, state=EntryState.APPROVED, quarter__isnull=True
    ):
        if entry.value is not None:
            values[entry.year] = entry.value
        if entry.judgement:
            judgements[entry.year] = entry.judgement
    return values, judgements


def approve(indicator: Indicator, year: int, value: str | None, judgement: str = "") -> None:
    ProgressEntry.objects.create(
        indicator=indicator,
        year=year,
        value=None if value is None else Decimal(value),
        judgement=judgement,
        state=EntryState.APPROVED,
    )


@pytest.fixture
def province(db: object) -> list[Indicator]:
    """A seeded plan with figures in every year, some missing, and the cases that read past a year."""
    seed_plans()
    plan = Plan.objects.get(key=PLAN)
    seeded = list(Indicator.objects.filter(plan=plan))
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            indicator=item,
            year=year,
            value=Decimal(n % 17) + Decimal(year - 2018) * Decimal("0.75") - Decimal(n % 3),
            state=EntryState.APPROVED,
        )
        for n, item in enumerate(seeded)
        for year in range(plan.start_year, plan.end_year + 1)
        if (n + year) % 5  # a gap every fifth year: lagged data, missing years
    )
    for n, item in enumerate(seeded[::9]):
        IndicatorQuota.objects.create(indicator=item, year=2023, value=Decimal(n + 1))
    # Its baseline's year is after the plan's base year: that year's figure is its baseline.
    late = make_indicator(plan, "late", "迟报指标", baseline_year=2023, baseline_text="", baseline_value=None)
    for year, value in ((2023, "12"), (2024, "15"), (2025, "19")):
        approve(late, year, value)
    # Linked to a level whose figures all come after the years judged first.
    gdp = make_indicator(plan, "gdp-level", "地区生产总值", unit_of_measure="亿元", measure="level")
    for year, value in ((2024, "100"), (2025, "106")):
        approve(gdp, year, value)
    income = make_indicator(
        plan,
        "income",
        "居民收入增速",
        measure="rate",
        target_kind="relative",
        target_text="与经济增长同步",
        target_comparator="ge",
        target_value=None,
        relative_to_text="地区生产总值",
        relative_to=gdp,
    )
    for year, value in ((2021, "5"), (2022, "6"), (2025, "4")):
        approve(income, year, value)
    # Judged in words, with a figure only later.
    worded = make_indicator(
        plan, "worded", "定性目标", target_kind="unparsed", target_text="明显提升", target_value=None
    )
    approve(worded, 2022, None, "on_track")
    approve(worded, 2025, "3")
    return list(Indicator.objects.filter(plan=plan).select_related("plan"))


@pytest.mark.parametrize("year", range(2019, 2028))
def test_a_batch_is_evaluated_as_the_domain_evaluates_each_indicator(province, year):
    queryset = Indicator.objects.filter(plan__key=PLAN)
    expected = reference(province, year)
    assert evaluate_indicators(queryset, year) == expected
    assert evaluate_indicators(province, year) == expected
    assert assess_indicators(queryset, year) == reference(province, year, assessed=True)


def test_the_reference_sees_what_later_figures_would_change(province):
    # The cases above do read past their year somewhere: the equality is not vacuous.
    by_key = {indicator.key: indicator for indicator in province}
    late: Evaluation = reference([by_key["late"]], 2022)[by_key["late"].pk]  # type: ignore[assignment]
    assert "2023年审定数据" in late.explanation
    judged = evaluate_indicators(province, 2022)
    assert judged[by_key["worded"].pk].rule == "judgement"
    assert len({evaluation.status for evaluation in judged.values()}) >= 4


def test_without_a_year_each_indicator_is_judged_in_its_latest_year(province):
    latest = {}
    for indicator in province:
        values, judgements = figures_of(indicator)
        latest[indicator.pk] = max([*values, *judgements])
    judged = evaluate_indicators(Indicator.objects.filter(plan__key=PLAN))
    assert judged == {
        indicator.pk: reference([indicator], latest[indicator.pk])[indicator.pk] for indicator in province
    }
