"""`value_rows` gives a values_list's rows as iterating it does, to the digit, on every database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import ProgressEntry
from progress.models import EntryState
from tracker.db import value_rows

pytestmark = pytest.mark.django_db


def written(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return [tuple(repr(value) for value in row) for row in rows]


def test_rows_are_the_querysets_own_with_shared_and_signed_values(world):
    # Repeated values (converted once), zero and minus zero (equal keys, different Decimals),
    # missing ones, and the digits SQLite keeps as a float.
    values = ["1.5", "1.50", "1.5", "0", "-0", None, "-0.0001", "123456789.1234", "0.1", "0.1"]
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            indicator=world.science_indicator if n < 5 else world.industry_indicator,
            year=2021 + n % 5,
            value=None if value is None else Decimal(value),
            judgement="" if value is not None else "on_track",
            state=EntryState.APPROVED,
        )
        for n, value in enumerate(values)
    )
    queryset = ProgressEntry.objects.order_by("indicator_id", "year").values_list(
        "year", "value", "indicator__measure"
    )
    assert written(value_rows(queryset)) == written(list(queryset))
    assert value_rows(queryset.filter(year__gt=2100)) == []
