"""Which plan years the entry pages offer: open deadlines, the unit's exceptions, else last year."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from progress.models import EntryDeadline, LockException
from progress.selectors import reporting_periods, reporting_year

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def years(world, unit=None) -> list[int]:
    unit_id = (unit or world.science).pk
    return [
        period.year for period in reporting_periods([world.plan], unit_id=unit_id, now=NOW)[world.plan.pk]
    ]


def test_without_deadlines_last_year_is_reported(world):
    assert years(world) == [2023]


def test_the_reporting_year_stays_inside_the_plan(world):
    assert reporting_year(world.plan, NOW.date().replace(year=2030)) == 2025
    assert reporting_year(world.plan, NOW.date().replace(year=2019)) == 2021


def test_years_whose_deadline_lies_ahead_are_open(world):
    EntryDeadline.objects.create(plan=world.plan, year=2023, deadline=NOW - timedelta(days=1))
    EntryDeadline.objects.create(plan=world.plan, year=2024, deadline=NOW + timedelta(days=30))
    periods = reporting_periods([world.plan], unit_id=world.science.pk, now=NOW)[world.plan.pk]
    assert [(p.year, p.is_open(NOW)) for p in periods] == [(2024, True)]


def test_a_units_lock_exception_reopens_a_closed_year_for_that_unit_only(world):
    EntryDeadline.objects.create(plan=world.plan, year=2023, deadline=NOW - timedelta(days=1))
    LockException.objects.create(
        plan=world.plan, year=2023, unit=world.science, expires_at=NOW + timedelta(days=3)
    )
    (period,) = reporting_periods([world.plan], unit_id=world.science.pk, now=NOW)[world.plan.pk]
    assert (period.year, period.is_open(NOW), period.exception_expires) == (
        2023,
        True,
        NOW + timedelta(days=3),
    )
    (other,) = reporting_periods([world.plan], unit_id=world.industry.pk, now=NOW)[world.plan.pk]
    assert (other.year, other.is_open(NOW)) == (2023, False)


def test_an_expired_exception_does_not_count(world):
    EntryDeadline.objects.create(plan=world.plan, year=2023, deadline=NOW - timedelta(days=5))
    LockException.objects.create(
        plan=world.plan, year=2023, unit=world.science, expires_at=NOW - timedelta(days=1)
    )
    (period,) = reporting_periods([world.plan], unit_id=world.science.pk, now=NOW)[world.plan.pk]
    assert not period.is_open(NOW)


def test_near_means_within_a_week(world):
    EntryDeadline.objects.create(plan=world.plan, year=2023, deadline=NOW + timedelta(days=3))
    (period,) = reporting_periods([world.plan], unit_id=world.science.pk, now=NOW)[world.plan.pk]
    assert period.is_near(NOW) and not period.is_near(NOW - timedelta(days=10))
