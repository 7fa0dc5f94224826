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
