"""progress/bulk/: many figures through the same rules, all or nothing unless partial, dry run on request."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators.models import ProgressEntry
from progress.models import EntryState
from progress.services import entry_save
from tests.api.conftest import draft

pytestmark = pytest.mark.django_db

BULK = "/api/v1/progress/bulk/"


def rows(world, *specs: dict) -> list[dict]:
    return [{"indicator": world.science_indicator.pk, "year": 2022, **spec} for spec in specs]


def outcome(response) -> list[tuple]:
    return [
        (row["row"], row["action"], [e["field"] for e in row["errors"]]) for row in response.json()["rows"]
    ]


def test_all_rows_written_and_submitted(api, world):
    body = rows(
        world, {"value": "12.5"}, {"indicator": world.task_target.pk, "value": 8, "explanation": "10场"}
    )
    response = api("alice").post(f"{BULK}?submit=1", body, format="json")
    assert response.status_code == 200, response.json()
    report = response.json()
    assert (report["committed"], report["submit"], report["counts"]) == (
        True,
        True,
        {"create": 2, "update": 0, "unchanged": 0, "refused": 0},
    )
    entries = ProgressEntry.objects.order_by("pk")
    assert [row["entry"] for row in report["rows"]] == [e.pk for e in entries]
    assert {e.state for e in entries} == {EntryState.SUBMITTED}
    assert entries[1].explanation == "10场"


def test_one_refused_row_refuses_the_upload_and_names_every_reason(api, world):
    body = rows(
        world,
        {"value": "12.5"},
        {"indicator": world.industry_indicator.pk, "value": "3"},  # bob's unit's
        {"year": 2031, "value": "1"},
        {"year": 2023, "quarter": 5, "value": "1"},
        {"year": 2024, "value": "1.1234567"},
    )
    response = api("alice").post(BULK, body, format="json")
    assert response.status_code == 400
    report = response.json()
    assert not report["committed"]
    assert outcome(response) == [
        (1, "create", []),
        (2, "refused", ["indicator"]),
        (3, "refused", ["year"]),
        (4, "refused", ["quarter"]),
        (5, "refused", ["value"]),
    ]
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (2, "indicator"),
        (3, "year"),
        (4, "quarter"),
        (5, "value"),
    ]
    assert report["errors"][1]["message"] == "年份 2031 不在规划期 2021–2025 内。"
    assert report["rows"][0]["entry"] is None  # it was not kept
    assert not ProgressEntry.objects.exists()


def test_partial_keeps_the_good_rows_and_reports_the_others(api, world):
    body = rows(world, {"value": "12.5"}, {"year": 2031, "value": "1"}, {"year": 2023, "value": "13"})
    response = api("alice").post(f"{BULK}?partial=1", body, format="json")
    assert response.status_code == 200
    assert response.json()["committed"] and "errors" not in response.json()
    assert outcome(response) == [(1, "create", []), (2, "refused", ["year"]), (3, "create", [])]
    assert sorted(ProgressEntry.objects.values_list("year", flat=True)) == [2022, 2023]


def test_a_dry_run_reports_creates_updates_unchanged_and_refused_without_writing(api, world):
    unchanged = draft(world, year=2021, value="11")
    changed = draft(world, year=2022, value="12")
    body = rows(
        world,
        {"year": 2021, "value": "11"},
        {"year": 2022, "value": "12.5"},
        {"year": 2023, "value": "13"},
        {"year": 2031, "value": "1"},
    )
    response = api("alice").post(f"{BULK}?dry_run=1", body, format="json")
    assert response.status_code == 200
    report = response.json()
    assert (report["committed"], report["dry_run"]) == (False, True)
    assert outcome(response) == [
        (1, "unchanged", []),
        (2, "update", []),
        (3, "create", []),
        (4, "refused", ["year"]),
    ]
    assert [row["entry"] for row in report["rows"]] == [unchanged.pk, changed.pk, None, None]
    assert ProgressEntry.objects.count() == 2
    assert ProgressEntry.objects.get(pk=changed.pk).value == Decimal("12")


def test_a_spreadsheet_upload_reports_sheet_rows(api, world):
    book = Workbook()
    for line in (
        ["泰安市2022年指标填报"],
        ["指标ID", "指标名称", "年份", "数值", "情况说明"],
        [world.science_indicator.pk, "研发经费投入强度", 2022, 12.5, "按统计快报"],
        [world.industry_indicator.pk, "规模以上工业增加值增速", 2022, 7, ""],
    ):
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "figures.xlsx"
    response = api("alice").post(f"{BULK}?partial=1", {"file": buffer}, format="multipart")
    assert response.status_code == 200, response.json()
    assert outcome(response) == [(3, "create", []), (4, "refused", ["indicator"])]
    assert response.json()["rows"][1]["errors"][0]["row"] == 4
    assert ProgressEntry.objects.get().explanation == "按统计快报"


def test_a_csv_upload(api, world):
    content = f'indicator,year,value\n{world.science_indicator.pk},2022,"1,234.5"\n'.encode("gb18030")
    handle = io.BytesIO(content)
    handle.name = "figures.csv"
    response = api("office").post(BULK, {"file": handle}, format="multipart")
    assert response.status_code == 200, response.json()
    assert ProgressEntry.objects.get().value == Decimal("1234.5")


def test_a_row_based_on_a_stale_version_is_refused_with_the_entry_as_it_is_now(api, world):
    """Issue 12, defect 7: a bulk row no longer overwrites what someone changed since it was read."""
    entry = draft(world, year=2022, value="12")  # version 1, read by alice's spreadsheet
    entry.value, entry.explanation = Decimal("12.8"), "按统计年鉴修正"
    entry_save(entry=entry, user=world.office, expected_version=1)  # the office corrects it: version 2
    fresh = draft(world, year=2023, value="13")
    body = rows(
        world,
        {"year": 2022, "value": "12.5", "version": 1},
        {"year": 2023, "value": "13.5", "version": fresh.version},
    )
    response = api("alice").post(f"{BULK}?partial=1", body, format="json")
    assert response.status_code == 200, response.json()
    stale, current = response.json()["rows"]
    assert (stale["action"], stale["errors"][0]["field"], stale["errors"][0]["code"]) == (
        "refused",
        "version",
        "conflict",
    )
    assert "已被他人修改" in stale["errors"][0]["message"]
    assert (stale["current"]["value"], stale["current"]["version"]) == ("12.8", 2)
    assert ProgressEntry.objects.get(pk=entry.pk).value == Decimal("12.8")
    assert current["action"] == "update"
    assert ProgressEntry.objects.get(pk=fresh.pk).value == Decimal("13.5")


def test_fields_a_row_leaves_out_are_kept(api, world):
    entry = draft(world, year=2022, value="12")
    entry.explanation, entry.data_source = "按统计快报", "市统计局"
    entry_save(entry=entry, user=world.alice, expected_version=1)
    response = api("alice").post(BULK, rows(world, {"year": 2022, "value": "12.5"}), format="json")
    assert response.status_code == 200, response.json()
    kept = ProgressEntry.objects.get(pk=entry.pk)
    assert (kept.value, kept.explanation, kept.data_source) == (Decimal("12.5"), "按统计快报", "市统计局")
