"""The database itself refuses rows that break the invariants, whatever code writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import ProgressEntry
from plans.models import Plan
from progress.models import EntryState
from projects.models import KeyProject, ProjectProgress

pytestmark = pytest.mark.django_db


def refused(create: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()  # type: ignore[operator]


def test_one_yearly_entry_per_indicator_and_year(world):
    ProgressEntry.objects.create(indicator=world.science_indicator, year=2022, value=Decimal("11"))
    refused(
        lambda: ProgressEntry.objects.create(
            indicator=world.science_indicator, year=2022, value=Decimal("12")
        )
    )
    # A quarterly figure of the same year is another period.
    ProgressEntry.objects.create(indicator=world.science_indicator, year=2022, quarter=1, value=Decimal("3"))
    refused(
        lambda: ProgressEntry.objects.create(
            indicator=world.science_indicator, year=2022, quarter=1, value=Decimal(4)
        )
    )


@pytest.mark.parametrize("year", [2020, 2026, 1999])
def test_entry_year_must_lie_inside_the_plan_period(world, year):
    refused(
        lambda: ProgressEntry.objects.create(indicator=world.science_indicator, year=year, value=Decimal("1"))
    )


def test_entry_year_check_also_guards_updates(world):
    entry = ProgressEntry.objects.create(indicator=world.science_indicator, year=2025, value=Decimal("1"))
    refused(lambda: ProgressEntry.objects.filter(pk=entry.pk).update(year=2030))


def test_project_progress_year_must_lie_inside_the_plan_period(world):
    refused(lambda: ProjectProgress.objects.create(project=world.science_project, year=2019, stage="reserve"))


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_is_one_to_four(world, quarter):
    refused(
        lambda: ProgressEntry.objects.create(
            indicator=world.science_indicator, year=2022, quarter=quarter, value=Decimal("1")
        )
    )


def test_entry_needs_a_value_or_a_judgement(world):
    refused(lambda: ProgressEntry.objects.create(indicator=world.science_indicator, year=2022))


def test_returned_entry_needs_a_reason(world):
    refused(
        lambda: ProgressEntry.objects.create(
            indicator=world.science_indicator, year=2022, value=Decimal("1"), state=EntryState.RETURNED
        )
    )


def test_plan_start_not_after_end(world):
    refused(
        lambda: Plan.objects.create(
            key="bad",
            title="x",
            kind="five_year",
            jurisdiction=world.city,
            start_year=2026,
            end_year=2025,
            base_year=2020,
        )
    )


def test_plan_base_year_not_after_start(world):
    refused(
        lambda: Plan.objects.create(
            key="bad",
            title="x",
            kind="five_year",
            jurisdiction=world.city,
            start_year=2021,
            end_year=2025,
            base_year=2022,
        )
    )


@pytest.mark.parametrize("field", ["planned_investment", "completed_investment"])
def test_investment_is_not_negative(world, field):
    refused(lambda: KeyProject.objects.create(plan=world.plan, key="neg", name="x", **{field: Decimal("-1")}))


def test_period_investment_is_not_negative(world):
    refused(
        lambda: ProjectProgress.objects.create(
            project=world.science_project, year=2022, stage="construction", investment_in_period=Decimal("-5")
        )
    )


def test_indicator_baseline_before_target(world):
    world.science_indicator.baseline_year = 2025
    refused(world.science_indicator.save)


def test_indicator_keys_unique_within_a_plan(world):
    from indicators.models import Indicator

    refused(lambda: Indicator.objects.create(plan=world.plan, key="r1", name="dup"))
