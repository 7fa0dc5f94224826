"""One year parser: the bound of the Plan constraint (1949–2100) and one Chinese message everywhere.

The API refuses a bad year with a 400 naming the field; the admin pages show their default year
and say why.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from plans.years import parse_year

pytestmark = pytest.mark.django_db
MESSAGE = "请输入 1949 至 2100 之间的年份。"


@pytest.mark.parametrize(
    ("raw", "year"), [(None, None), ("", None), (" 2023 ", 2023), ("1949", 1949), (2100, 2100)]
)
def test_a_year_or_nothing(raw, year):
    assert parse_year(raw) == year


@pytest.mark.parametrize("raw", ["1948", "2101", "1900", "abc", "20 23", "2_023", "-2023", "99999"])
def test_anything_else_is_refused_with_the_one_message(raw, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with pytest.raises(ValidationError) as refused:
        parse_year(raw)
    assert refused.value.messages == [MESSAGE]


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def field_messages(response, field: str) -> list[str]:
    assert response.status_code == 400, response.content
    return [error["message"] for error in response.json()["errors"] if error["field"] == field]


@pytest.mark.parametrize("raw", ["1900", "abc"])
def test_the_api_query_string_refuses_a_bad_year(world, raw):
    response = api_as(world.office).get(f"/api/v1/plans/{world.plan.pk}/summary/?year={raw}")
    assert field_messages(response, "year") == [MESSAGE]


@pytest.mark.parametrize("year", [1920, 2101])
def test_an_entered_figure_and_a_report_request_say_the_same(world, year):
    client = api_as(world.office)
    figure = client.post(
        "/api/v1/progress/",
        {"indicator": world.science_indicator.pk, "year": year, "value": "1"},
        format="json",
    )
    report = client.post(
        "/api/v1/reports/", {"kind": "monitoring", "plan": world.plan.key, "year": year}, format="json"
    )
    assert field_messages(figure, "year") == field_messages(report, "year") == [MESSAGE]


def warnings(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_dashboard_falls_back_to_the_default_year_and_says_so(client, world):
    client.force_login(world.office)
    url = reverse("admin:plan_dashboard")
    default = client.get(f"{url}?plan={world.plan.pk}")
    for raw in ("abc", "2030"):
        page = client.get(f"{url}?plan={world.plan.pk}&year={raw}")
        assert page.status_code == 200
        assert page.context["year"] == default.context["year"]
        assert len(warnings(page)) == 1 and "已改为显示默认年份" in warnings(page)[0]
    assert warnings(default) == []


def test_the_evaluation_year_filter_falls_back_and_says_so(client, world):
    client.force_login(world.office)
    url = reverse("admin:indicators_indicator_changelist")
    page = client.get(f"{url}?eval_year=20x3")
    assert page.status_code == 200
    assert warnings(page) == [f"{MESSAGE}已改为显示默认年份。"]
    assert warnings(client.get(f"{url}?eval_year=2022")) == []
