"""Bulk save and batch approval cost a constant number of queries, however many rows they carry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.bulk import BulkRow, progress_bulk_save
from indicators.models import IndicatorEvaluation, ProgressEntry
from indicators.services import evaluations_refresh
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
    # 1 savepoint, 2 the entries locked, 3 their indicators, 4 their plans, 5 who wrote their
    # current values (history: an author may not approve), 6 one UPDATE, 7 their history;
    # the evaluations refreshed once for the batch: 8 linked indicators, 9 the indicators,
    # 10 their plans' warning rules, 11 approved figures, 12 quotas, 13 savepoint, 14 old evaluations
    # deleted, 15 new ones inserted, 16 release, 17 the next (empty) batch of indicators;
    # 18 release the first savepoint; the warning notices (indicators/services.py): 19 the old
    # colours read before the delete, 20 the notices already recorded, 21 the new ones inserted
    with django_assert_num_queries(21):
        approved, refused = entries_approve(entries=entries, user=world.office)
    assert (len(approved), refused) == (len(entries), [])
    assert set(ProgressEntry.objects.values_list("state", "version")) == {(EntryState.APPROVED, 2)}
    assert IndicatorEvaluation.objects.filter(indicator__in=items).count() == count * len(world.plan.years)


@pytest.mark.parametrize("count", [1, 8])
def test_refreshing_evaluations_costs_the_same_for_1_or_8_indicators(world, django_assert_num_queries, count):
    items = indicators(world, count)
    stored(world, items, EntryState.APPROVED)
    # 1 linked indicators, 2 the indicators' columns, 3 their plans' warning rules, 4 approved
    # figures, 5 quotas, 6 savepoint, 7 the old colours, 8 old evaluations deleted, 9 new ones
    # inserted, 10 the notices already recorded, 11 the new ones (a figure of 1 on the way from
    # 10 to 20 is red), 12 release, 13 the next (empty) batch
    with django_assert_num_queries(13):
        written = evaluations_refresh(indicator_ids=[item.pk for item in items])
    assert written == count * len(world.plan.years)
