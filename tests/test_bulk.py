"""Many figures at once: the same rules as one entry, all or nothing unless partial is asked for."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators.bulk import BulkRow, progress_bulk_save
from indicators.models import ProgressEntry
from indicators.spreadsheets import SheetError, read_figures
from progress.models import EntryState

pytestmark = pytest.mark.django_db


def rows(world, *specs: dict) -> list[BulkRow]:
    return [
        BulkRow(row=n, **{"indicator": world.science_indicator.pk, "year": 2022, **spec})
        for n, spec in enumerate(specs, start=1)
    ]


def test_all_rows_written_and_submitted(world):
    result = progress_bulk_save(
        user=world.alice,
        rows=rows(world, {"value": "12.5"}, {"indicator": world.task_target.pk, "value": 8}),
        submit=True,
    )
    assert result.committed and result.count("create") == 2
    assert set(ProgressEntry.objects.values_list("state", flat=True)) == {EntryState.SUBMITTED}


def test_one_bad_row_refuses_the_whole_upload_with_every_reason(world):
    result = progress_bulk_save(
        user=world.alice,
        rows=rows(
            world,
            {"value": "12.5"},
            {"indicator": world.industry_indicator.pk, "value": "3"},  # another unit's
            {"year": 2031, "value": "1"},
            {"quarter": 5, "value": "1"},
            {"year": 2023, "value": "十二"},
            {"year": 2024, "value": "1.1234567"},
            {"value": "13"},  # duplicate of row 1
        ),
    )
    assert not result.committed
    assert not ProgressEntry.objects.exists()
    refused = {outcome.row: outcome.errors for outcome in result.refused}
    assert set(refused) == {2, 3, 4, 5, 6, 7}
    assert refused[2] == {"indicator": ["指标不存在或不在您的填报范围内。"]}
    assert refused[3] == {"year": ["年份 2031 不在规划期 2021–2025 内。"]}
    assert "quarter" in refused[4]
    assert refused[5] == {"value": ["请输入数字。"]}
    assert refused[6] == {"value": ["最多保留 6 位小数。"]}
    assert refused[7] == {"__all__": ["与第 1 行重复。"]}


def test_partial_acceptance_keeps_the_good_rows(world):
    result = progress_bulk_save(
        user=world.alice, rows=rows(world, {"value": "12.5"}, {"year": 2031, "value": "1"}), partial=True
    )
    assert result.committed and result.count("create") == 1 and len(result.refused) == 1
    assert ProgressEntry.objects.get().value == Decimal("12.5")


def test_a_dry_run_reports_without_writing(world):
    ProgressEntry.objects.create(indicator=world.science_indicator, year=2021, value=Decimal("11"))
    result = progress_bulk_save(
        user=world.alice,
        rows=rows(
            world, {"year": 2021, "value": "11"}, {"year": 2022, "value": "12"}, {"year": 2023, "value": "13"}
        ),
        dry_run=True,
    )
    assert [o.action for o in result.outcomes] == ["unchanged", "create", "create"]
    assert not result.committed
    assert ProgressEntry.objects.count() == 1


def test_updates_only_what_is_still_editable(world):
    ProgressEntry.objects.create(
        indicator=world.science_indicator, year=2022, value=Decimal("11"), state=EntryState.APPROVED
    )
    result = progress_bulk_save(user=world.alice, rows=rows(world, {"value": "12"}))
    assert result.refused[0].errors == {"__all__": ["只能修改草稿或已退回的填报。"]}


def test_each_row_written_has_one_history_record_of_the_entry_as_stored(world):
    draft = ProgressEntry.objects.create(
        indicator=world.science_indicator, year=2021, value=Decimal("11"), created_by=world.alice
    )
    result = progress_bulk_save(
        user=world.alice,
        rows=rows(world, {"year": 2021, "value": "11.5"}, {"value": "1,234.5", "explanation": "快报"}),
        submit=True,
    )
    assert result.committed
    tracked = [field.attname for field in ProgressEntry.history.model.tracked_fields]
    for entry in ProgressEntry.objects.all():
        record = entry.history.get(history_user=world.alice)  # the draft's own creation had no user
        assert record.history_type == ("~" if entry.pk == draft.pk else "+")
        assert (record.history_date, record.history_change_reason) == (entry.submitted_at, None)
        assert {name: getattr(record, name) for name in tracked} == {
            name: getattr(entry, name) for name in tracked
        }
    assert ProgressEntry.history.count() == 3


def xlsx(*table: list) -> bytes:
    book = Workbook()
    for line in table:
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_template_sheet_with_a_title_row_and_extra_columns(world):
    content = xlsx(
        ["泰安市2022年指标填报"],
        ["指标ID", "指标名称", "年份", "数值", "情况说明"],
        [world.science_indicator.pk, "研发经费投入强度", 2022, 12.5, "按统计快报"],
    )
    sheet = read_figures("figures.xlsx", content)
    assert sheet.header_row == 2
    (row,) = sheet.rows
    assert (row.row, row.indicator, row.year, row.value, row.explanation) == (
        3,
        world.science_indicator.pk,
        2022,
        12.5,
        "按统计快报",
    )
    assert progress_bulk_save(user=world.alice, rows=sheet.rows).committed


def test_csv_in_gb18030_reads_too(world):
    content = f"指标ID,年份,数值\n{world.science_indicator.pk},2022,12\n".encode("gb18030")
    assert read_figures("figures.csv", content).rows[0].value == "12"


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("figures.pdf", b"%PDF-1.4", "请上传 .xlsx 或 .csv 文件。"),
        ("figures.xlsx", b"not a zip", "该文件不是可读取的 .xlsx 工作簿。"),
        ("figures.csv", "指标ID,数值\n1,2\n".encode(), "缺少列：年份。"),
        ("figures.csv", "名称,备注\n".encode(), "未找到包含 指标ID、年份 列的表头行。"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(filename, content, message):
    with pytest.raises(SheetError) as error:
        read_figures(filename, content)
    assert error.value.message == message


def test_merged_cells_are_refused_with_their_place():
    book = Workbook()
    book.active.append(["指标ID", "年份", "数值"])
    book.active.append([1, 2022, 3])
    book.active.append([2, None, 4])
    book.active.merge_cells("B2:B3")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SheetError) as error:
        read_figures("f.xlsx", buffer.getvalue())
    assert (error.value.row, error.value.column) == (2, "B")
