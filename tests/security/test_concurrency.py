"""Concurrent writers on PostgreSQL: no lost update, one figure per (target, period).

SQLite serialises writers on one file lock, so these races cannot happen there: skipped with that
reason. Run with DATABASE_URL=postgres://… (CI does).
"""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from indicators.bulk import BulkRow, progress_bulk_save
from indicators.models import ProgressEntry
from progress.services import EntryConflict, entry_save
from tests.api.conftest import draft

WRITERS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
    ),
]


def race(work) -> list[str]:
    """Runs work(i) in WRITERS threads released together; the outcome of each, by name."""
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = [""] * WRITERS

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
            outcomes[index] = "ok"
        except EntryConflict:
            outcomes[index] = "conflict"
        except (ValidationError, IntegrityError):
            outcomes[index] = "refused"
        except Exception as error:  # anything else is the failure this test looks for
            outcomes[index] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_eight_writers_on_one_figure_lose_no_update(world):
    entry = draft(world)
    read_version = entry.version

    def write(index: int) -> None:
        copy = ProgressEntry.objects.get(pk=entry.pk)
        copy.value = Decimal(100 + index)
        entry_save(entry=copy, user=world.alice, expected_version=read_version)

    outcomes = race(write)
    assert Counter(outcomes) == {"ok": 1, "conflict": WRITERS - 1}, outcomes
    stored = ProgressEntry.objects.get(pk=entry.pk)
    assert stored.version == read_version + 1
    assert stored.value == Decimal(100 + outcomes.index("ok"))
    assert stored.history.count() == 2  # created, then the one accepted change


def test_concurrent_creates_of_one_target_and_period_make_one_figure(world):
    def create(index: int) -> None:
        entry = ProgressEntry(indicator=world.science_indicator, year=2022, value=Decimal(index))
        entry_save(entry=entry, user=world.alice)

    outcomes = race(create)
    assert Counter(outcomes) == {"ok": 1, "refused": WRITERS - 1}, outcomes
    assert ProgressEntry.objects.filter(indicator=world.science_indicator, year=2022).count() == 1


def test_bulk_uploads_racing_single_edits_of_one_figure_lose_no_update(world):
    """Half the writers send the figure in a bulk upload, half save it alone, all from one read."""
    entry = draft(world)
    read_version = entry.version

    def write(index: int) -> None:
        if index % 2:
            copy = ProgressEntry.objects.get(pk=entry.pk)
            copy.value = Decimal(100 + index)
            entry_save(entry=copy, user=world.alice, expected_version=read_version)
            return
        value = Decimal(100 + index)
        row = BulkRow(row=1, indicator=entry.indicator_id, year=entry.year, value=value, version=read_version)
        result = progress_bulk_save(user=world.alice, rows=[row])
        if not result.committed:
            (refused,) = result.refused
            assert refused.errors["version"] and refused.current is not None, refused.errors
            raise EntryConflict(refused.current)

    outcomes = race(write)
    assert Counter(outcomes) == {"ok": 1, "conflict": WRITERS - 1}, outcomes
    stored = ProgressEntry.objects.get(pk=entry.pk)
    assert (stored.version, stored.value) == (read_version + 1, Decimal(100 + outcomes.index("ok")))
    assert stored.history.count() == 2  # created, then the one accepted change
