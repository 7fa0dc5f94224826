"""Building a report costs a fixed number of queries per chunk of plans, however many indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import ProgressEntry
from indicators.services import evaluations_refresh
from progress.models import EntryState
from reports.builders import PLAN_CHUNK, indicator_data
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def grow(world, count: int) -> None:
    for n in range(count):
        indicator = make_indicator(world.plan, f"extra{n}", f"新增指标{n}", category="经济发展")
        ProgressEntry.objects.create(
            indicator=indicator, year=2022, value=Decimal(14), state=EntryState.APPROVED
        )
    evaluations_refresh(plan_ids=[world.plan.pk, world.other_plan.pk])


@pytest.mark.parametrize("extra", [0, 30])
def test_the_indicator_table_is_five_queries(world, extra, django_assert_num_queries):
    grow(world, extra)
    # plans; indicators; stored evaluations of the year; approved figures; responsible units
    with django_assert_num_queries(5):
        data = indicator_data([world.plan.pk, world.other_plan.pk], 2022, with_paths=False)
    assert len(data.table) == 3 + extra and data.computed == 0


def test_missing_stored_evaluations_are_computed_in_one_batch(world, django_assert_num_queries):
    grow(world, 5)
    from indicators.models import IndicatorEvaluation

    IndicatorEvaluation.objects.all().delete()
    # the five, then the indicators without one (with their plans), their figures, their quotas
    with django_assert_num_queries(8):
        data = indicator_data([world.plan.pk], 2022, with_paths=False)
    assert data.computed == 7
    assert set(data.table["status"]) == {"on_track", "no_data"}


def test_plans_are_read_in_chunks(world, django_assert_num_queries):
    grow(world, 0)
    ids = [world.plan.pk] * (PLAN_CHUNK + 1)  # two chunks
    with django_assert_num_queries(1 + 4 * 2):
        indicator_data(ids, 2022, with_paths=False)
