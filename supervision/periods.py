"""Feedback periods (a year, a quarter or a month of a year): plain Python, no Django.

A plan's supervision setting says which kind of period its tasks are reported for; a period is
stored as (year, quarter, month) with at most one of quarter and month set.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


@dataclass(frozen=True, order=True)
class FeedbackPeriod:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def kind(self) -> PeriodKind:
        if self.month is not None:
            return PeriodKind.MONTH
        if self.quarter is not None:
            return PeriodKind.QUARTER
        return PeriodKind.YEAR

    @property
    def first_day(self) -> date:
        if self.month is not None:
            return date(self.year, self.month, 1)
        if self.quarter is not None:
            return date(self.year, 3 * self.quarter - 2, 1)
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        if self.month is not None:
            last_month = self.month
        elif self.quarter is not None:
            last_month = 3 * self.quarter
        else:
            last_month = 12
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def label(self) -> str:
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        if self.quarter is not None:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"


def period_containing(kind: PeriodKind, day: date) -> FeedbackPeriod:
    if kind == PeriodKind.MONTH:
        return FeedbackPeriod(day.year, month=day.month)
    if kind == PeriodKind.QUARTER:
        return FeedbackPeriod(day.year, quarter=(day.month - 1) // 3 + 1)
    return FeedbackPeriod(day.year)


def period_closing_on(kind: PeriodKind, days_to_report: int, day: date) -> FeedbackPeriod | None:
    """The period whose reporting window (`days_to_report` days after it ends) closes on `day`."""
    last_day = day - timedelta(days=days_to_report)
    period = period_containing(kind, last_day)
    return period if period.last_day == last_day else None


def previous_period(period: FeedbackPeriod) -> FeedbackPeriod:
    if period.month is not None:
        return (
            FeedbackPeriod(period.year, month=period.month - 1)
            if period.month > 1
            else FeedbackPeriod(period.year - 1, month=12)
        )
    if period.quarter is not None:
        return (
            FeedbackPeriod(period.year, quarter=period.quarter - 1)
            if period.quarter > 1
            else FeedbackPeriod(period.year - 1, quarter=4)
        )
    return FeedbackPeriod(period.year - 1)
