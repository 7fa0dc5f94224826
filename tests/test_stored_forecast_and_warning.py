"""Stored evaluations carry the forecast, the warning colour and the year of lagged data (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import EntryState, IndicatorEvaluation, ProgressEntry
from indicators.services import evaluations_refresh

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
