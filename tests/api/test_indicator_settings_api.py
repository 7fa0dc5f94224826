"""The office links relative targets and sets yearly targets through the API (issue 14)."""

from __future__ import annotations

import pytest

from indicators.models import IndicatorEvaluation, IndicatorQuota
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def url(indicator, action: str) -> str:
    return f"/api/v1/indicators/{indicator.pk}/{action}/"


def errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["message"]) for error in response.json()["errors"]]


def test_office_links_and_unlinks_a_relative_target(api, world):
    gdp = make_indicator(world.plan, "gdp", "地区生产总值增速", measure="rate")
    response = api("office").put(url(world.science_indicator, "link"), {"relative_to": gdp.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["relative_to"] == gdp.pk
    response = api("office").put(url(world.science_indicator, "link"), {"relative_to": None}, format="json")
    assert response.json()["relative_to"] is None


def test_a_link_out_of_the_plan_or_in_a_loop_is_refused_on_the_field(api, world):
    office = api("office")
    response = office.put(
        url(world.science_indicator, "link"), {"relative_to": world.other_indicator.pk}, format="json"
    )
    assert response.status_code == 400
    assert errors(response) == [("relative_to", "关联指标必须属于同一规划。")]
    gdp = make_indicator(
        world.plan, "gdp", "地区生产总值增速", measure="rate", relative_to=world.science_indicator
    )
    response = office.put(url(world.science_indicator, "link"), {"relative_to": gdp.pk}, format="json")
    assert errors(response) == [("relative_to", "该关联会使相对目标相互依赖、形成循环。")]


def test_only_the_office_links(api, world):
    gdp = make_indicator(world.plan, "gdp", "地区生产总值增速", measure="rate")
    response = api("alice").put(url(world.science_indicator, "link"), {"relative_to": gdp.pk}, format="json")
    assert response.status_code == 403


def test_office_sets_yearly_targets_with_their_comparators(api, world):
    indicator = world.science_indicator
    body = {
        "yearly_targets": [
            {"year": 2021, "comparator": "ge", "value": "6"},
            {"year": 2022, "comparator": "approx", "value": "5.5", "document": "泰发改〔2022〕1号"},
        ]
    }
    response = api("office").put(url(indicator, "yearly-targets"), body, format="json")
    assert response.status_code == 200
    assert [(row["year"], row["comparator"], row["value"]) for row in response.json()["yearly_targets"]] == [
        (2021, "ge", "6.000000"),
        (2022, "approx", "5.500000"),
    ]
    assert IndicatorEvaluation.objects.filter(indicator=indicator).exists()  # recomputed
    read = api("viewer").get(url(indicator, "yearly-targets")).json()
    assert len(read["yearly_targets"]) == 2


def test_yearly_targets_outside_the_period_are_refused_and_nothing_is_written(api, world):
    indicator = world.science_indicator
    body = {
        "yearly_targets": [
            {"year": 2021, "comparator": "ge", "value": "6"},
            {"year": 2026, "comparator": "ge", "value": "6"},
        ]
    }
    response = api("office").put(url(indicator, "yearly-targets"), body, format="json")
    assert response.status_code == 400
    assert errors(response) == [("yearly_targets[1].year", "年份须在规划期2021—2025年之内。")]
    assert not IndicatorQuota.objects.filter(indicator=indicator).exists()


def test_the_warning_list_of_a_plan_year(api, world):
    from decimal import Decimal

    from indicators.models import PlanWarningRules, ProgressEntry
    from indicators.services import evaluations_refresh

    PlanWarningRules.objects.create(plan=world.plan, red_on_unlikely=False, yellow_on_difficult=False)
    for year, value in ((2021, "11"), (2022, "12")):  # 10 → 20: 10 and 20 points behind
        ProgressEntry.objects.create(
            indicator=world.science_indicator, year=year, value=Decimal(value), state="approved"
        )
    evaluations_refresh(indicator_ids=[world.science_indicator.pk])
    response = api("office").get(f"/api/v1/plans/{world.plan.pk}/warnings/?year=2022")
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["name"], row["units"], row["colour"], row["since"], row["periods"], row["attention"]) == (
        "研发经费投入强度",
        "市科技局",
        "yellow",
        2021,
        2,
        "red",
    )
    assert api("office").get(f"/api/v1/plans/{world.plan.pk}/warnings/?year=2031").status_code == 400


def test_the_warning_list_costs_the_same_for_one_or_many_warnings(api, world, django_assert_num_queries):
    from decimal import Decimal

    from indicators.models import IndicatorEvaluation

    client = api("office")
    client.get("/api/v1/")  # the token's first use of the minute is stamped before we count
    url = f"/api/v1/plans/{world.plan.pk}/warnings/?year=2022"

    def warn(count: int) -> None:
        for i in range(IndicatorEvaluation.objects.count(), IndicatorEvaluation.objects.count() + count):
            indicator = make_indicator(world.plan, f"w{i}", f"指标{i}", baseline_value=Decimal(0))
            IndicatorEvaluation.objects.create(
                indicator=indicator, year=2022, status="lagging", rule="t", explanation="", warning="yellow"
            )

    warn(1)
    # token, the plan, its warned evaluations (indicators in scope joined), its rules, lead units
    with django_assert_num_queries(5):
        assert len(client.get(url).json()) == 1
    warn(11)
    with django_assert_num_queries(5):
        assert len(client.get(url).json()) == 12
