"""Stored evaluations carry the forecast, the warning colour and the year of lagged data (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indicators.domain.early_warning import Colour
from indicators.models import IndicatorEvaluation, PlanWarningRules, ProgressEntry
from indicators.selectors import warning_list
from indicators.services import evaluations_refresh
from progress.models import EntryState

pytestmark = pytest.mark.django_db


def approve(indicator, year: int, value: str) -> None:
    ProgressEntry.objects.create(
        indicator=indicator, year=year, value=Decimal(value), state=EntryState.APPROVED
    )


def stored(indicator) -> dict[int, IndicatorEvaluation]:
    return {row.year: row for row in IndicatorEvaluation.objects.filter(indicator=indicator)}


def test_refresh_stores_forecast_warning_and_data_year(world):
    # 研发经费投入强度 10 → 20 over 2020–2025; +1 a year projects 15 in 2025: 难以完成, red.
    indicator = world.science_indicator
    approve(indicator, 2021, "11")
    approve(indicator, 2022, "12")
    evaluations_refresh(indicator_ids=[indicator.pk])
    rows = stored(indicator)

    year = rows[2022]
    assert (year.forecast_method, year.forecast_value, year.forecast_outlook) == (
        "linear_trend",
        Decimal("15"),
        "unlikely",
    )
    assert year.forecast_completion == Decimal("0.5")
    assert "预计2025年期末值为15%" in year.forecast_explanation
    assert year.warning == "red"
    assert "预计期末难以完成" in year.warning_explanation
    assert year.data_year is None

    lagged = rows[2023]  # no 2023 figure yet: judged on 2022, and said so
    assert lagged.data_year == 2022
    assert lagged.published_label.endswith("（2022年数据）")
    assert "按最近的2022年数据评定" in lagged.explanation


def test_an_indicator_on_its_path_is_green_and_likely(world):
    indicator = world.science_indicator
    approve(indicator, 2021, "12")
    approve(indicator, 2022, "14")
    evaluations_refresh(indicator_ids=[indicator.pk])
    row = stored(indicator)[2022]
    assert (row.status, row.forecast_outlook, row.warning) == ("on_track", "likely", "green")


def test_admin_detail_shows_forecast_and_warning(client, world):
    indicator = world.science_indicator
    approve(indicator, 2021, "11")
    approve(indicator, 2022, "12")
    evaluations_refresh(indicator_ids=[indicator.pk])
    client.force_login(world.office)
    html = client.get(f"/admin/indicators/indicator/{indicator.pk}/change/").content.decode()
    assert "难以完成" in html
    assert "红色" in html


def test_plan_warning_rules_are_settings_and_refused_when_they_overlap(world):
    indicator = world.science_indicator
    approve(indicator, 2021, "11")
    approve(indicator, 2022, "13.5")  # 35 % done, 40 % of the time: 5 points behind
    evaluations_refresh(indicator_ids=[indicator.pk])
    assert stored(indicator)[2022].warning == "red"  # +1.75 a year projects 18.75: 难以完成
    rules = PlanWarningRules(plan=world.plan, yellow_gap=Decimal("0.3"), red_gap=Decimal("0.3"))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        rules.full_clean()
    assert error.value.message_dict == {
        "red_gap": ["红色预警差距必须大于黄色预警差距，否则两档预警区间重叠。"]
    }
    PlanWarningRules.objects.create(
        plan=world.plan, yellow_gap=Decimal("0.02"), red_gap=Decimal("0.5"), red_on_unlikely=False
    )
    evaluations_refresh(indicator_ids=[indicator.pk])
    assert stored(indicator)[2022].warning == "yellow"


def test_warning_list_counts_consecutive_years_and_escalates_two_yellows(world):
    indicator = world.science_indicator
    PlanWarningRules.objects.create(plan=world.plan, red_on_unlikely=False, yellow_on_difficult=False)
    approve(indicator, 2021, "11")  # 10 % done, 20 % of the time: 10 points behind, yellow
    approve(indicator, 2022, "12")  # 20 % done, 40 % of the time: 20 points behind, yellow
    evaluations_refresh(indicator_ids=[indicator.pk])
    (row,) = warning_list(world.office, plan_id=world.plan.pk, year=2022)
    assert (row.name, row.units, row.colour, row.since, row.periods, row.attention) == (
        "研发经费投入强度",
        "市科技局",
        Colour.YELLOW,
        2021,
        2,
        Colour.RED,
    )
    assert "落后时序进度20.0个百分点" in row.explanation
    (first,) = warning_list(world.office, plan_id=world.plan.pk, year=2021)
    assert (first.periods, first.attention) == (1, Colour.YELLOW)
    assert warning_list(world.charlie, plan_id=world.plan.pk, year=2022) == []  # another city's office


def test_the_office_sets_warning_rules_in_the_admin(client, world):
    client.force_login(world.office)
    url = "/admin/indicators/planwarningrules/add/"
    form = {
        "plan": world.plan.pk,
        "yellow_gap": "0.4",
        "red_gap": "0.2",
        "yellow_on_difficult": "on",
        "red_on_unlikely": "on",
        "binding_veto": "on",
        "escalate_after": "2",
    }
    page = client.post(url, form).content.decode()
    assert "红色预警差距必须大于黄色预警差距" in page
    assert not PlanWarningRules.objects.exists()
    response = client.post(url, {**form, "yellow_gap": "0.1", "red_gap": "0.3"})
    assert response.status_code == 302
    assert PlanWarningRules.objects.get().plan == world.plan
    assert world.plan.title in client.get("/admin/indicators/planwarningrules/").content.decode()
    client.force_login(world.charlie)  # another city's office does not see them
    assert world.plan.title not in client.get("/admin/indicators/planwarningrules/").content.decode()
