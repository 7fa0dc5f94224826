"""The bulk upload and the single entry cannot disagree: the same rows through both, row by row.

The single-entry path is what a clerk does one figure at a time: find the stored entry, change the
fields the row gives, `entry_save` it (stating the version read, if any), then `entry_submit` it if
asked. The bulk path is `progress_bulk_save` with `partial`, so every row has its own outcome.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.bulk import BulkRow, RowError, indicator_id, progress_bulk_save, whole_number
from indicators.bulk import given as given_fields
from indicators.models import Indicator, ProgressEntry
from progress.models import EntryDeadline, EntryState
from progress.services import EntryConflict, entry_save, entry_submit

pytestmark = pytest.mark.django_db(transaction=False)

STORED_YEAR = 2022


def single_entry(row: BulkRow, user: Any, submit: bool) -> tuple[str, dict[str, list[str]]]:
    """One row the way a single entry goes: its action, or its errors."""
    try:
        with transaction.atomic():
            ident = indicator_id(row.indicator)
            indicator = Indicator.objects.for_user(user).select_related("plan").filter(pk=ident).first()
            if indicator is None:
                raise RowError({"indicator": ["指标不存在或不在您的填报范围内。"]})
            year = whole_number(row.year, "year", required=True)
            quarter = whole_number(row.quarter, "quarter", required=False)
            version = whole_number(row.version, "version", required=False)
            values = given_fields(row)
            entry = ProgressEntry.objects.filter(indicator=indicator, year=year, quarter=quarter).first()
            if entry is not None and all(getattr(entry, name) == value for name, value in values.items()):
                if submit and entry.state in {EntryState.DRAFT, EntryState.RETURNED}:
                    entry_submit(entry=entry, user=user, expected_version=version)
                    return "update", {}
                return "unchanged", {}
            action = "update" if entry is not None else "create"
            if entry is None:
                entry = ProgressEntry(indicator=indicator, year=year, quarter=quarter)
            for name, value in values.items():
                setattr(entry, name, value)
            saved = entry_save(entry=entry, user=user, expected_version=version)
            if submit:
                entry_submit(entry=saved, user=user)
            return action, {}
    except RowError as error:
        return "refused", error.errors
    except ValidationError as error:
        return "refused", error.message_dict if hasattr(error, "error_dict") else {
            NON_FIELD_ERRORS: error.messages
        }
    except EntryConflict as error:
        return "refused", {"version": [str(error)]}
    except PermissionDenied as error:
        return "refused", {NON_FIELD_ERRORS: [str(error)]}


def stored() -> dict[tuple, tuple]:
    return {
        (e.indicator_id, e.year, e.quarter): (
            e.value,
            e.judgement,
            e.explanation,
            e.data_source,
            e.state,
            e.version,
            e.submitted_by_id,
        )
        for e in ProgressEntry.objects.all()
    }


def rows_strategy(world: Any) -> st.SearchStrategy[list[BulkRow]]:
    row = st.fixed_dictionaries(
        {
            "indicator": st.sampled_from(
                [world.science_indicator.pk, world.task_target.pk, world.industry_indicator.pk, "x", 10**9]
            ),
            "year": st.sampled_from([2021, STORED_YEAR, 2023, 2031, "2024", "二〇"]),
            "quarter": st.sampled_from([None, None, 1, 5]),
            "value": st.sampled_from([None, "", "12.5", 12, "1,234.5", "abc", "1.1234567", 3.25]),
            "judgement": st.sampled_from(["", "", "已完成", "不知道"]),
            "explanation": st.sampled_from(["", None, "统计快报"]),
            "data_source": st.sampled_from(["", "统计局"]),
            "version": st.sampled_from([None, None, 1, 2]),
        }
    )
    return st.lists(
        row, min_size=1, max_size=6, unique_by=lambda r: (r["indicator"], r["year"], r["quarter"])
    ).map(lambda specs: [BulkRow(row=n, **spec) for n, spec in enumerate(specs, start=1)])


@pytest.mark.parametrize("who", ["alice", "office"])
def test_bulk_and_single_entry_agree_row_by_row(world, who):
    user = getattr(world, who)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        rows=rows_strategy(world),
        state=st.sampled_from([None, EntryState.DRAFT, EntryState.RETURNED, EntryState.APPROVED]),
        closed=st.booleans(),
        submit=st.booleans(),
    )
    def check(rows: list[BulkRow], state: str | None, closed: bool, submit: bool) -> None:
        with transaction.atomic():
            if state is not None:
                ProgressEntry.objects.create(
                    indicator=world.science_indicator,
                    year=STORED_YEAR,
                    value=Decimal("11"),
                    explanation="旧说明",
                    created_by=world.bob,
                    state=state,
                    return_reason="请核实" if state == EntryState.RETURNED else "",
                    version=2,
                )
            if closed:
                EntryDeadline.objects.create(
                    plan=world.plan, year=2023, deadline=timezone.now() - timedelta(days=1)
                )
            with transaction.atomic():
                result = progress_bulk_save(user=user, rows=rows, partial=True, submit=submit)
                bulk = [(o.action, o.errors) for o in result.outcomes]
                after_bulk = stored()
                transaction.set_rollback(True)
            with transaction.atomic():
                single = [single_entry(row, user, submit) for row in rows]
                after_single = stored()
                transaction.set_rollback(True)
            transaction.set_rollback(True)
        assert bulk == single
        assert after_bulk == after_single

    check()
