"""Relative links (same plan, no loops, suggested by name or alias) and yearly targets with
comparators (within the plan period), as the office sets them (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from importer.seeding import seed_plans
from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorQuota, ProgressEntry
from indicators.selectors import evaluate_indicators
from plans.models import Plan
from progress.models import EntryState
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def approve(indicator, year: int, value: str) -> None:
    ProgressEntry.objects.create(
        indicator=indicator, year=year, value=Decimal(value), state=EntryState.APPROVED
    )


def refused(instance) -> dict[str, list[str]]:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def test_a_link_to_another_plan_is_refused_on_the_field(world):
    world.science_indicator.relative_to = world.other_indicator
    assert refused(world.science_indicator)["relative_to"] == ["关联指标必须属于同一规划。"]


def test_a_loop_of_links_is_refused_on_the_field(world):
    gdp = make_indicator(world.plan, "gdp", "地区生产总值增速", measure="rate")
    income = make_indicator(world.plan, "income", "居民人均可支配收入增速", measure="rate", relative_to=gdp)
    gdp.relative_to = income
    assert refused(gdp)["relative_to"] == ["该关联会使相对目标相互依赖、形成循环。"]
    gdp.relative_to = gdp
    assert refused(gdp)["relative_to"] == ["该关联会使相对目标相互依赖、形成循环。"]
    gdp.relative_to = None
    gdp.full_clean()


def test_seeding_links_relative_targets_by_name_and_alias(db):
    seed_plans()
    zhangdian = Plan.objects.get(key="zhangdian-14th-fyp")
    links = {
        indicator.name: indicator.relative_to.name
        for indicator in Indicator.objects.filter(plan=zhangdian, relative_to__isnull=False).select_related(
            "relative_to"
        )
    }
    assert links == {"居民人均可支配收入增长": "地区生产总值增速"}
    shizhong = Indicator.objects.filter(plan__key="shizhong-14th-fyp", relative_to__isnull=False)
    # 002 writes 与经济增速同步; its only GDP indicator is the level 地区生产总值.
    assert {(i.relative_to_text, i.relative_to.name) for i in shizhong.select_related("relative_to")} == {
        ("经济增速", "地区生产总值")
    }


def test_a_relation_to_a_level_compares_with_its_growth(world):
    gdp = make_indicator(
        world.plan, "gdp", "地区生产总值", unit_of_measure="亿元", baseline_value=Decimal(100)
    )
    income = make_indicator(
        world.plan,
        "income",
        "居民收入增速",
        measure="rate",
        target_kind="relative",
        target_text="与经济增速同步",
        target_comparator="ge",
        target_value=None,
        relative_to_text="经济增速",
        relative_to=gdp,
    )
    for year, value in ((2021, "106"), (2022, "112.36")):
        approve(gdp, year, value)
    approve(income, 2022, "6.2")
    result = evaluate_indicators([income], 2022)[income.pk]
    assert (result.status, result.target_value) == (Status.ON_TRACK, Decimal("6.00"))
    # Evaluated with the level it is linked to (a plan, a province), its measure is not fetched again.
    both = Indicator.objects.filter(pk__in=[gdp.pk, income.pk])
    assert evaluate_indicators(both, 2022)[income.pk] == result


def test_a_yearly_target_outside_the_plan_period_is_refused(world):
    quota = IndicatorQuota(indicator=world.science_indicator, year=2026, value=Decimal(5))
    assert refused(quota)["year"] == ["年份须在规划期2021—2025年之内。"]
    IndicatorQuota(indicator=world.science_indicator, year=2025, value=Decimal(5)).full_clean()


def test_rates_set_year_by_year_keep_their_comparators(world):
    growth = make_indicator(
        world.plan,
        "growth",
        "地区生产总值增速",
        measure="rate",
        target_kind="unparsed",
        target_text="保持在合理区间、各年度视情提出",
        target_comparator="",
        target_value=None,
    )
    IndicatorQuota.objects.create(indicator=growth, year=2021, comparator="ge", value=Decimal(6))
    IndicatorQuota.objects.create(indicator=growth, year=2022, comparator="approx", value=Decimal("5.5"))
    approve(growth, 2021, "6.3")
    approve(growth, 2022, "5.4")
    result = evaluate_indicators([growth], 2022)[growth.pk]
    assert (result.status, result.rule) == (Status.ON_TRACK, "rate_yearly_targets")
    assert "2021年目标6以上" in result.explanation and "2022年目标5.5左右" in result.explanation


def test_a_starred_baseline_takes_the_year_of_its_note():
    from importer.seeding import baseline_values

    values = baseline_values({"year": 2020, "text": "60.6*", "estimate": False}, notes="带*的为2019年数据")
    assert (values["baseline_year"], values["baseline_value"]) == (2019, Decimal("60.6"))
    assert (
        baseline_values({"year": 2020, "text": "60.6", "estimate": False}, notes="")["baseline_year"] == 2020
    )


def test_an_older_baseline_counts_time_from_its_year(world):
    indicator = make_indicator(
        world.plan,
        "share",
        "服务业增加值比重",
        baseline_year=2019,
        baseline_text="60.6*",
        baseline_value=Decimal("60.6"),
        target_text="70",
        target_value=Decimal(70),
    )
    approve(indicator, 2022, "65")
    result = evaluate_indicators([indicator], 2022)[indicator.pk]
    assert result.time_progress == Decimal("0.5")  # (2022 − 2019) / (2025 − 2019)
    assert "时序进度自2019年起算" in result.explanation
