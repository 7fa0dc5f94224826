"""A second figure for a period already reported is refused with the period's message (400), the
first figure left as it was; with other mistakes in the same body, every error is named at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import ProgressEntry
from progress.services import entry_save
from tests.api.conftest import draft, errors

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


def test_a_second_yearly_figure_is_refused(api, world):
    first = draft(world, year=2022, value="14")
    body = {"indicator": world.science_indicator.pk, "year": 2022, "value": "12.5"}
    response = api("alice").post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert errors(response) == [{"field": None, "code": "invalid", "message": "该年度已有填报数据。"}]
    assert list(ProgressEntry.objects.values_list("pk", "value")) == [(first.pk, Decimal(14))]


def test_a_second_quarterly_figure_is_refused_and_the_other_quarters_are_not(api, world):
    indicator = world.science_indicator
    indicator.reports_quarterly = True
    indicator.save()
    entry_save(entry=ProgressEntry(indicator=indicator, year=2022, quarter=2, value=3), user=world.alice)
    body = {"indicator": indicator.pk, "year": 2022, "quarter": 2, "value": "12.5"}
    response = api("alice").post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert errors(response) == [{"field": None, "code": "invalid", "message": "该季度已有填报数据。"}]
    assert api("alice").post(URL, {**body, "quarter": 3}, format="json").status_code == 201
    assert api("alice").post(URL, {**body, "quarter": None}, format="json").status_code == 201


def test_a_second_figure_with_a_bad_field_names_both(api, world):
    draft(world, year=2022, value="14")
    body = {"indicator": world.science_indicator.pk, "year": 2022, "value": None}
    response = api("alice").post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert sorted(errors(response), key=str) == sorted(
        [
            {"field": None, "code": "invalid", "message": "该年度已有填报数据。"},
            {"field": "value", "code": "invalid", "message": "请填写该指标的数值。"},
        ],
        key=str,
    )
