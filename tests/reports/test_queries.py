"""Building a report costs a fixed number of queries, however many plans and indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import IndicatorEvaluation, ProgressEntry
from indicators.services import evaluations_refresh
from plans.models import Plan
from progress.models import EntryState
from reports import builders, writers
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def grow(world, count: int, *, plans: int = 0) -> list[Plan]:
    """`count` more indicators with an approved figure on the first plan, `plans` more plans with one
    indicator each; the evaluations stored. Returns every plan."""
    for n in range(count):
        indicator = make_indicator(world.plan, f"extra{n}", f"新增指标{n}", category="经济发展")
        ProgressEntry.objects.create(
            indicator=indicator, year=2022, value=Decimal(14), state=EntryState.APPROVED
        )
    for n in range(plans):
        plan = Plan.objects.create(
            key=f"more-{n}",
            title=f"第{n}个规划",
            kind=Plan.Kind.FIVE_YEAR,
            jurisdiction=world.plan.jurisdiction,
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )
        make_indicator(plan, "r1", f"规划{n}的指标")
    every = list(Plan.objects.order_by("pk"))
    evaluations_refresh(plan_ids=[plan.pk for plan in every])
    return every


@pytest.mark.parametrize(("extra", "plans"), [(0, 0), (30, 0), (30, 30)])
def test_the_indicator_table_is_five_queries(world, extra, plans, django_assert_num_queries):
    every = grow(world, extra, plans=plans)
    # plans; indicators; stored evaluations of the year; approved figures; responsible units
    with django_assert_num_queries(5):
        data = indicator_data_of(every)
    assert len(data.table) == 3 + extra + plans and data.computed == 0


def indicator_data_of(plans: list[Plan]) -> builders.IndicatorData:
    return builders.indicator_data([plan.pk for plan in plans], 2022, with_paths=False)


def test_missing_stored_evaluations_are_computed_in_one_batch(world, django_assert_num_queries):
    grow(world, 5)
    IndicatorEvaluation.objects.all().delete()
    # the five, then for the indicators without one: stored ones (none), the indicators with their
    # plans, their figures, their quotas
    with django_assert_num_queries(9):
        data = builders.indicator_data([world.plan.pk], 2022, with_paths=False)
    assert data.computed == 7
    assert set(data.table["status"]) == {"on_track", "no_data"}


@pytest.mark.parametrize(("extra", "plans"), [(0, 0), (30, 30)])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_the_province_report_is_five_queries(world, extra, plans, fmt, django_assert_num_queries):
    every = grow(world, extra, plans=plans)
    with translation.override("zh-hans"), django_assert_num_queries(5):
        report = builders.build("monitoring", plans=every, year=2022, jurisdiction_name="山东省")
        writers.render(report, fmt)
    assert report.summary["rows"] == 3 + extra + plans


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_one_plan_with_its_charts_is_six_queries(world, extra, fmt, django_assert_num_queries):
    grow(world, extra)
    # the five, and the expected path of every year for the charts
    with translation.override("zh-hans"), django_assert_num_queries(6):
        report = builders.build("monitoring", plans=[world.plan], year=2022)
        writers.render(report, fmt)
    assert report.summary["charts"] == 1 + extra  # the overview, then each indicator with figures
