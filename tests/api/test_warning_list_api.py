"""GET /api/v1/warnings/: the warning list of the office or a unit, scoped, at a constant cost (issue 14)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import IndicatorEvaluation, IndicatorResponsibility, PlanWarningRules, ProgressEntry
from indicators.services import evaluations_refresh
from supervision.models import Milestone
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(world):
    PlanWarningRules.objects.create(plan=world.plan, red_on_unlikely=False, yellow_on_difficult=False)
    for year, value in ((2021, "11"), (2022, "12")):  # 10 → 20: 10 and 20 points behind
        ProgressEntry.objects.create(
            indicator=world.science_indicator, year=year, value=Decimal(value), state="approved"
        )
    evaluations_refresh(indicator_ids=[world.science_indicator.pk])
    Milestone.objects.create(
        task=world.task,
        title="完成选址",
        due_date=timezone.localdate() - timedelta(days=31),
        owner=world.science,
    )


def test_the_office_sees_indicators_and_milestones_worst_first(api, world, warned):
    response = api("office").get(f"/api/v1/warnings/?year=2022&plan={world.plan.pk}")
    assert response.status_code == 200
    rows = response.json()
    assert [(row["kind"], row["colour"], row["attention"]) for row in rows] == [
        ("milestone", "red", "red"),  # 31 days overdue
        ("indicator", "yellow", "red"),  # two yellows: red-level attention, after a red
    ]
    milestone, indicator = rows
    assert (indicator["name"], indicator["units"], indicator["since"], indicator["periods"]) == (
        "研发经费投入强度",
        "市科技局",
        2021,
        2,
    )
    assert (milestone["days_overdue"], milestone["units"]) == (31, "市科技局")
    assert "完成选址" in milestone["name"]


def test_a_unit_filter_and_a_reporters_scope(api, world, warned):
    assert api("office").get(f"/api/v1/warnings/?year=2022&unit={world.industry.pk}").json() == []
    assert len(api("office").get(f"/api/v1/warnings/?year=2022&unit={world.science.pk}").json()) == 2
    assert len(api("alice").get("/api/v1/warnings/?year=2022").json()) == 2
    assert api("bob").get("/api/v1/warnings/?year=2022").json() == []
    assert api("charlie").get("/api/v1/warnings/?year=2022").json() == []


def test_bad_parameters_are_400_naming_the_field(api, world):
    client = api("office")
    for query, field in (("plan=x", "plan"), ("year=2031&plan={plan}", "year"), ("unit=-1", "unit")):
        response = client.get("/api/v1/warnings/?" + query.format(plan=world.plan.pk))
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == field
    response = api("charlie").get(f"/api/v1/warnings/?plan={world.plan.pk}")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "plan"


def test_the_list_costs_the_same_for_one_or_many_warnings(api, world, django_assert_num_queries):
    client = api("office")
    client.get("/api/v1/")  # the token's first use of the minute is stamped before we count
    url = "/api/v1/warnings/?year=2022"

    def warn(start: int, count: int) -> None:
        for i in range(start, start + count):
            indicator = make_indicator(world.plan, f"w{i}", f"指标{i}", baseline_value=Decimal(0))
            IndicatorResponsibility.objects.create(indicator=indicator, unit=world.science, role="lead")
            IndicatorEvaluation.objects.create(
                indicator=indicator, year=2022, status="lagging", rule="t", explanation="", warning="red"
            )
            Milestone.objects.create(
                task=world.task,
                title=f"节点{i}",
                due_date=timezone.localdate() - timedelta(days=i + 1),
                owner=world.science,
            )

    # Token with its user and unit (1), the visible plans (1); the stored warnings, the plans' rules,
    # the lead units (3); the overdue milestones with their tasks, plans and owners (1).
    warn(0, 1)
    with django_assert_num_queries(6):
        assert len(client.get(url).json()) == 2
    warn(1, 10)
    with django_assert_num_queries(6):
        assert len(client.get(url).json()) == 22


def test_a_tasks_sub_target_is_warned_to_the_tasks_lead_unit(api, world):
    from indicators.models import TaskResponsibility

    TaskResponsibility.objects.create(task=world.task, unit=world.industry, role="lead")
    IndicatorEvaluation.objects.create(
        indicator=world.task_target, year=2022, status="not_met", rule="t", explanation="", warning="red"
    )
    (row,) = api("bob").get("/api/v1/warnings/?year=2022").json()
    assert (row["id"], row["units"]) == (world.task_target.pk, world.industry.name)
    rows = api("office").get(f"/api/v1/warnings/?year=2022&unit={world.industry.pk}").json()
    assert [row["id"] for row in rows] == [world.task_target.pk]


def test_without_a_lead_unit_the_tasks_units_answer_for_its_sub_target(api, world):
    IndicatorEvaluation.objects.create(
        indicator=world.task_target, year=2022, status="not_met", rule="t", explanation="", warning="red"
    )  # the task's only unit, 市科技局, shares it: no lead is marked
    (row,) = api("alice").get("/api/v1/warnings/?year=2022").json()
    assert (row["id"], row["units"]) == (world.task_target.pk, world.science.name)
