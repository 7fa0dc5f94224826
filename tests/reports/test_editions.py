"""Editions: a finished report keeps its figures, is rebuilt identically from them, and two
editions of the same report can be compared (which figures and statuses changed)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import ProgressEntry
from progress.services import entry_revise
from reports.builders import Snapshot
from reports.editions import editions_compare
from reports.models import RunState
from reports.services import report_build_now, report_request, report_run_rebuild
from tests.reports.helpers import header

pytestmark = pytest.mark.django_db


def revise(taishan, key: str, value: str) -> None:
    entry = ProgressEntry.objects.get(indicator=taishan.indicators[key], year=2023)
    entry_revise(entry=entry, user=taishan.office, reason="统计部门更正。", changes={"value": Decimal(value)})


def cell_values(content: bytes) -> list[list[list[object]]]:
    book = load_workbook(io.BytesIO(content))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def test_an_edition_is_rebuilt_identically_from_its_snapshot(taishan):
    run = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    assert run.state == RunState.DONE, run.error
    assert run.snapshot["tables"]["indicators"]["data"]
    with run.file.open("rb") as handle:
        original = handle.read()
    # the figures change after the edition: the edition does not
    revise(taishan, "r15", "40.5")
    assert cell_values(report_run_rebuild(run=run)) == cell_values(original)


def test_two_editions_show_the_figures_and_statuses_that_changed(taishan):
    first = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    # 常住人口城镇化率 is corrected upwards, to its 2025 target: lagging → achieved early
    revise(taishan, "r2", "91.2")
    second = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    assert second.pk != first.pk
    changes = editions_compare(Snapshot.from_json(first.snapshot), Snapshot.from_json(second.snapshot))
    urbanisation = {change.field: change for change in changes if change.item == "常住人口城镇化率"}
    figure = urbanisation[header("%(year)s figure", year=2023)]
    assert (figure.before, figure.after) == ("90", "91.2")
    status = urbanisation[header("Progress assessment")]
    assert (status.before, status.after) == ("滞后", "提前实现")
    assert {change.item for change in changes} == {"常住人口城镇化率"}


def test_the_admin_compares_two_editions(taishan, client):
    first = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    revise(taishan, "r1", "6.1")
    second = report_build_now(kind="monitoring", year=2023, plan=taishan.plan)
    client.force_login(taishan.office)
    response = client.post(
        "/admin/reports/reportrun/",
        {"action": "compare_editions", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "地区生产总值增速" in html and "6.1" in html


def test_without_a_year_a_report_covers_the_latest_year_with_approved_figures(taishan):
    for kind in ("monitoring", "midterm", "tasks"):
        run, _created = report_request(kind=kind, plan=taishan.plan, enqueue=False)
        assert run.year == 2023, kind  # figures are approved up to 2023
