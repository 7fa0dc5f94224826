"""Bulk save and batch approval cost a constant number of queries, however many rows they carry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.bulk import BulkRow, progress_bulk_save
from indicators.models import IndicatorEvaluation, ProgressEntry
from progress.models import EntryState
from progress.services import entries_approve
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

YEARS = range(2021, 2026)


def indicators(world, count: int) -> list:
    return [make_indicator(world.plan, f"q{n}", f"指标{n}") for n in range(count)]


def new_rows(items: list) -> list[BulkRow]:
    slots = [(item.pk, year) for item in items for year in YEARS]
    return [BulkRow(row=n, indicator=pk, year=year, value="12.5") for n, (pk, year) in enumerate(slots, 1)]


def stored(world, items: list, state: str) -> list[ProgressEntry]:
    return ProgressEntry.objects.bulk_create(
        ProgressEntry(
            indicator=item,
            year=year,
            value=Decimal(1),
            state=state,
            created_by=world.alice,
            submitted_by=world.alice if state == EntryState.SUBMITTED else None,
        )
        for item in items
        for year in YEARS
    )


# 1,000 rows: one statement each, where `bulk_create` on SQLite took one per 55 rows.
@pytest.mark.parametrize("count", [1, 8, 200])
def test_saving_new_rows_costs_the_same_for_5_or_1000_rows(world, django_assert_num_queries, count):
    rows = new_rows(indicators(world, count))
    world.office.unit  # noqa: B018 - the user as a request has it
    # 1 savepoint, 2 indicators in scope, 3 stored entries (locked), 4 entries inserted,
    # 5 their history, 6 release the savepoint
    with django_assert_num_queries(6):
        result = progress_bulk_save(user=world.office, rows=rows, submit=True)
    assert result.committed and result.count("create") == len(rows)


@pytest.mark.parametrize("count", [1, 8, 200])
def test_updating_drafts_costs_the_same_for_5_or_1000_rows(world, django_assert_num_queries, count):
    items = indicators(world, count)
    stored(world, items, EntryState.DRAFT)
    rows = new_rows(items)
    world.office.unit  # noqa: B018
    # 1 savepoint, 2 indicators in scope, 3 stored entries (locked), 4 one UPDATE … FROM VALUES,
    # 5 their history, 6 release the savepoint
    with django_assert_num_queries(6):
        result = progress_bulk_save(user=world.office, rows=rows)
    assert result.count("update") == len(rows)
    assert set(ProgressEntry.objects.values_list("value", "version")) == {(Decimal("12.5"), 2)}


def test_a_reporter_pays_for_the_scope_check_and_deadlines_once(world):
    rows = [
        BulkRow(row=n, indicator=world.science_indicator.pk, year=year, value="3")
        for n, year in enumerate(YEARS, 1)
    ]
    world.alice.unit  # noqa: B018
    with CaptureQueriesContext(connection) as few:
        progress_bulk_save(user=world.alice, rows=rows[:1], dry_run=True)
    with CaptureQueriesContext(connection) as many:
        progress_bulk_save(user=world.alice, rows=rows, dry_run=True)
    assert len(few) == len(many)


@pytest.mark.parametrize("count", [1, 8])
def test_approving_a_batch_costs_the_same_for_5_or_40_figures(world, django_assert_num_queries, count):
    items = indicators(world, count)
    entries = list(
        ProgressEntry.objects.filter(
            pk__in=[e.pk for e in stored(world, items, EntryState.SUBMITTED)]
        ).select_related("indicator__plan")
    )
    world.office.unit  # noqa: B018
    # 1 savepoint, 2 the entries locked, 3 who wrote their current values (history: an author may
    # not approve), 4 one UPDATE, 5 their history;
    # the evaluations refreshed once for the batch: 6 linked indicators, 7 the indicators,
    # 8 their plans' warning rules, 9 approved figures, 10 quotas, 11 savepoint, 12 old evaluations
    # deleted, 13 new ones inserted, 14 release, 15 the next (empty) batch of indicators;
    # 16 release the first savepoint; the warning notices (indicators/services.py): 17 the old
    # colours read before the delete, 18 the notices already recorded, 19 the new ones inserted
    with django_assert_num_queries(19):
        approved, refused = entries_approve(entries=entries, user=world.office)
    assert (len(approved), refused) == (len(entries), [])
    assert set(ProgressEntry.objects.values_list("state", "version")) == {(EntryState.APPROVED, 2)}
    assert IndicatorEvaluation.objects.filter(indicator__in=items).count() == count * len(world.plan.years)
