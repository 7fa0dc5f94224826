"""Approved figures are evaluated in a constant number of queries, with the office's thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importer.seeding import seed_plans
from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorQuota, ProgressEntry
from indicators.selectors import evaluate_indicators
from progress.models import EntryState
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def approve(indicator, year: int, value: str) -> ProgressEntry:
    return ProgressEntry.objects.create(
        indicator=indicator, year=year, value=Decimal(value), state=EntryState.APPROVED
    )


def test_only_approved_yearly_figures_count(world):
    # 10 → 20 over 2020–2025: in 2022 the straight line expects 14.
    approve(world.science_indicator, 2022, "14")
    ProgressEntry.objects.create(indicator=world.science_indicator, year=2023, value=Decimal("30"))  # a draft
    ProgressEntry.objects.create(
        indicator=world.science_indicator,
        year=2023,
        quarter=1,
        value=Decimal("30"),
        state=EntryState.APPROVED,
    )
    result = evaluate_indicators([world.science_indicator])[world.science_indicator.pk]
    assert result.year == 2022  # the latest year with an approved yearly figure
    assert result.status == Status.ON_TRACK
    assert result.expected == Decimal("14")


def test_no_approved_figure_is_no_data(world):
    result = evaluate_indicators([world.industry_indicator], 2022)[world.industry_indicator.pk]
    assert result.status == Status.NO_DATA


def test_thresholds_are_settings(world, settings):
    approve(world.science_indicator, 2022, "13.5")  # 35 % done against 40 % of the time
    assert (
        evaluate_indicators([world.science_indicator], 2022)[world.science_indicator.pk].status
        == Status.ON_TRACK
    )
    settings.EVALUATION_ON_TRACK_MARGIN = "0.01"
    assert (
        evaluate_indicators([world.science_indicator], 2022)[world.science_indicator.pk].status
        == Status.LAGGING
    )


def test_quota_targets_wait_for_the_quota(world):
    quota = make_indicator(
        world.plan,
        "q",
        "能耗降低",
        target_text="完成市下达任务",
        target_kind="quota",
        target_comparator="",
        target_value=None,
        measure="reduction",
        direction="lower",
    )
    approve(quota, 2022, "3.2")
    assert evaluate_indicators([quota], 2022)[quota.pk].status == Status.PENDING
    IndicatorQuota.objects.create(indicator=quota, year=2022, value=Decimal("3"))
    assert evaluate_indicators([quota], 2022)[quota.pk].status in {Status.ON_TRACK, Status.AHEAD}


def test_relative_targets_read_the_linked_indicators_figures(world):
    gdp = make_indicator(
        world.plan,
        "gdp",
        "地区生产总值增速",
        measure="rate",
        target_kind="not_set",
        target_text="-",
        target_comparator="",
        target_value=None,
        annual_text="5.5",
        annual_kind="rate",
        annual_comparator="eq",
        annual_value=Decimal("5.5"),
    )
    income = make_indicator(
        world.plan,
        "inc",
        "居民人均可支配收入增速",
        measure="rate",
        target_kind="relative",
        target_text="与地区生产总值增速同步",
        target_comparator="ge",
        target_value=None,
        relative_to_text="地区生产总值增速",
        relative_to=gdp,
    )
    approve(gdp, 2022, "5.0")
    approve(income, 2022, "4.0")
    assert evaluate_indicators([income], 2022)[income.pk].status == Status.LAGGING
    ProgressEntry.objects.filter(indicator=income).update(value=Decimal("5.2"))
    assert evaluate_indicators([income], 2022)[income.pk].status in {Status.ON_TRACK, Status.AHEAD}


def test_a_whole_seeded_plan_is_evaluated_in_three_queries(db, django_assert_num_queries):
    seed_plans()
    from plans.models import Plan

    plan = Plan.objects.get(key="zhangdian-14th-fyp")
    # 1 the plan's indicators with their plan, 2 approved figures (own and linked), 3 quotas
    with django_assert_num_queries(3):
        rows = evaluate_indicators(list(Indicator.objects.filter(plan=plan).select_related("plan")), 2023)
    assert len(rows) == 81
    assert {evaluation.status for evaluation in rows.values()} <= {Status.NO_DATA, Status.PENDING}


def test_a_queryset_is_evaluated_from_its_columns_as_its_objects_are(db, django_assert_num_queries):
    from indicators.selectors import assess_indicators

    seed_plans()
    indicators = Indicator.objects.filter(plan__key="zhangdian-14th-fyp")
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            indicator=item,
            year=year,
            value=Decimal(n % 13) + Decimal(year - 2020) / 2,
            state=EntryState.APPROVED,
        )
        for n, item in enumerate(indicators)
        for year in range(2021, 2024)
    )
    objects = list(indicators.select_related("plan"))
    # 1 the indicators' columns (no model objects), 2 approved figures (own and linked), 3 quotas
    with django_assert_num_queries(3):
        rows = evaluate_indicators(indicators, 2023)
    assert rows == evaluate_indicators(objects, 2023)
    assert evaluate_indicators(indicators) == evaluate_indicators(objects)
    assert assess_indicators(indicators, 2022) == assess_indicators(objects, 2022)
    assert len({evaluation.status for evaluation in rows.values()}) > 3
