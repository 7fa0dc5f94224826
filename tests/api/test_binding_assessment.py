"""约束性 indicators carry both tests, annual and cumulative, in the API detail and the admin (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from indicators.services import evaluations_refresh
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def binding(world):
    # 10 → 20 over 2021–2025: 14 in 2021 is ahead; 13.5 in 2022 is below that year's path (14)
    # while the plan so far (35 % done at 40 % of the time) is still on track.
    indicator = make_indicator(world.plan, "b1", "森林覆盖率", attribute=Indicator.Attribute.BINDING)
    for year, value in ((2021, "14"), (2022, "13.5")):
        ProgressEntry.objects.create(indicator=indicator, year=year, value=Decimal(value), state="approved")
    evaluations_refresh(indicator_ids=[indicator.pk])
    return indicator


def test_a_binding_indicator_passes_only_if_both_tests_pass(binding):
    rows = {row.year: row for row in IndicatorEvaluation.objects.filter(indicator=binding)}
    assert (rows[2021].binding_annual, rows[2021].binding_cumulative, rows[2021].binding_passed) == (
        True,
        True,
        True,
    )
    year = rows[2022]
    assert (year.status, year.binding_annual, year.binding_cumulative, year.binding_passed) == (
        "on_track",
        False,
        True,
        False,
    )
    assert year.binding_explanation == "年度考核未通过，累计考核通过，约束性指标考核未通过（一票否决）。"


def test_an_expected_indicator_has_no_binding_assessment(world):
    ProgressEntry.objects.create(
        indicator=world.science_indicator, year=2021, value=Decimal("12"), state="approved"
    )
    evaluations_refresh(indicator_ids=[world.science_indicator.pk])
    row = IndicatorEvaluation.objects.get(indicator=world.science_indicator, year=2021)
    assert (row.binding_annual, row.binding_cumulative, row.binding_explanation) == (None, None, "")


def test_the_api_detail_and_the_admin_show_both_tests(api, client, world, binding):
    detail = api("office").get(f"/api/v1/indicators/{binding.pk}/?year=2022").json()
    assert detail["evaluation"]["binding"] == {
        "annual": False,
        "cumulative": True,
        "passed": False,
        "explanation": "年度考核未通过，累计考核通过，约束性指标考核未通过（一票否决）。",
    }
    client.force_login(world.office)
    with translation.override("zh-hans"):
        html = client.get(f"/admin/indicators/indicator/{binding.pk}/change/").content.decode()
    assert "年度考核未通过，累计考核通过" in html
