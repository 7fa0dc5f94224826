"""Feedback periods: containment, order and the day each period's reporting window closes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from supervision.periods import PeriodKind, period_closing_on, period_containing, previous_period

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
kinds = st.sampled_from(list(PeriodKind))
windows = st.integers(min_value=0, max_value=60)


@given(kinds, days)
def test_a_day_lies_in_its_period_and_after_the_previous_one(kind, day):
    period = period_containing(kind, day)
    assert period.kind == kind and period.first_day <= day <= period.last_day
    before = previous_period(period)
    assert before.kind == kind and before.last_day == period.first_day - timedelta(days=1)


@given(kinds, days, windows)
def test_exactly_the_period_ending_window_days_earlier_closes_on_a_day(kind, day, window):
    closing = period_closing_on(kind, window, day)
    ended = day - timedelta(days=window)
    if closing is None:
        assert period_containing(kind, ended).last_day != ended
    else:
        assert closing.kind == kind and closing.last_day == ended


def test_a_quarter_closes_ten_days_after_its_end():
    assert period_closing_on(PeriodKind.QUARTER, 10, date(2026, 4, 10)).label() == "2026年第1季度"
    assert period_closing_on(PeriodKind.QUARTER, 10, date(2026, 4, 11)) is None
    assert period_closing_on(PeriodKind.MONTH, 0, date(2024, 2, 29)).label() == "2024年2月"
    assert period_closing_on(PeriodKind.YEAR, 15, date(2027, 1, 15)).label() == "2026年"
