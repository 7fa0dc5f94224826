"""The unit's template: download, fill in offline, upload, see a dry-run preview, confirm.

Every refusal names the row and the column; one refused row means nothing is saved.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import ProgressEntry
from indicators.spreadsheets import TEMPLATE_HEADER_ROW
from progress.models import EntryState
from tests.admin_entry.conftest import YEAR, figure

pytestmark = pytest.mark.django_db

TEMPLATE = "admin:indicators_progressentry_template"
UPLOAD = "admin:indicators_progressentry_upload"
FIRST = TEMPLATE_HEADER_ROW + 1  # the first data row


def download(client, user) -> Workbook:
    client.force_login(user)
    response = client.get(reverse(TEMPLATE))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, indicator) -> int:
    for number in range(FIRST, sheet.max_row + 1):
        if sheet.cell(row=number, column=1).value == indicator.pk:
            return number
    raise AssertionError(f"{indicator} is not in the template")


def as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "figures.xlsx", *, submit: bool = False):
    data = {"file": SimpleUploadedFile(name, content)}
    if submit:
        data["submit"] = "on"
    return client.post(reverse(UPLOAD), data)


def confirm(client, response):
    return client.post(
        reverse(UPLOAD), {"confirm": "1", "digest": response.context["preview"].digest}, follow=True
    )


def refusals(response) -> list[tuple[int | None, str | None, str]]:
    preview = response.context["preview"]
    found = [(r.row, r.column, r.message) for r in preview.refusals or []]
    if preview.sheet_error:
        found.append((preview.sheet_error.row, preview.sheet_error.column, preview.sheet_error.message))
    return found


def filled(client, world, **cells: object) -> bytes:
    """alice's template with the given cells of the science indicator's row set ("J" → value)."""
    workbook = download(client, world.alice)
    sheet = workbook.active
    number = row_of(sheet, world.science_indicator)
    for column, value in cells.items():
        sheet[f"{column}{number}"] = value
    return as_bytes(workbook)


# --- the template -----------------------------------------------------------------------------


def test_the_template_lists_the_units_open_targets_with_last_years_figure(client, world, open_year):
    figure(world, world.science_indicator, "14", year=YEAR - 1, state="approved")
    figure(world, world.task_target, "7")  # a draft this year: pre-filled
    sheet = download(client, world.alice).active
    header = [cell.value for cell in sheet[TEMPLATE_HEADER_ROW]]
    assert header[:3] == ["指标ID", "规划", "类别/任务"] and "数值" in header and "情况说明" in header
    ids = {sheet.cell(row=n, column=1).value for n in range(FIRST, sheet.max_row + 1)}
    assert ids == {world.science_indicator.pk, world.task_target.pk}  # neither bob's nor projects
    science = row_of(sheet, world.science_indicator)
    assert [sheet[f"{c}{science}"].value for c in "DEFGH"] == ["研发经费投入强度", "%", "20", 14, YEAR]
    task = row_of(sheet, world.task_target)
    assert sheet[f"J{task}"].value == 7 and sheet[f"N{task}"].value == "草稿"


def test_the_header_is_protected_and_only_the_entry_cells_are_unlocked(client, world, open_year):
    sheet = download(client, world.alice).active
    assert sheet.protection.sheet
    number = row_of(sheet, world.science_indicator)
    locked = {column: sheet[f"{column}{number}"].protection.locked for column in "ABCDEFGHIJKLMNO"}
    assert [column for column, is_locked in locked.items() if not is_locked] == ["J", "L", "M"]
    assert sheet["A3"].protection.locked  # the header


def test_a_qualitative_target_unlocks_the_judgement_not_the_value(client, world, open_year):
    world.science_indicator.target_kind = "unparsed"
    world.science_indicator.save()
    sheet = download(client, world.alice).active
    number = row_of(sheet, world.science_indicator)
    assert sheet[f"J{number}"].protection.locked and not sheet[f"K{number}"].protection.locked


# --- upload, preview, confirm ---------------------------------------------------------------


def test_the_preview_is_a_dry_run_and_confirming_saves(client, world, open_year):
    response = upload(client, filled(client, world, J=12.5, L="按快报数", M="市统计局"))
    preview = response.context["preview"]
    assert preview.can_confirm and not preview.refusals
    (change,) = preview.changes
    assert (change.indicator, change.period, change.before, change.after) == (
        "研发经费投入强度",
        "2025年",
        "—",
        "12.5%",
    )
    assert preview.skipped == 1  # the task target's row, left blank
    assert not ProgressEntry.objects.exists()
    response = confirm(client, response)
    entry = ProgressEntry.objects.get()
    assert (entry.value, entry.explanation, entry.data_source) == (Decimal("12.5"), "按快报数", "市统计局")
    assert (entry.state, entry.created_by) == (EntryState.DRAFT, world.alice)
    assert response.redirect_chain[-1][0] == reverse("admin:indicators_progressentry_worklist")


def test_uploading_with_submit_saves_and_submits(client, world, open_year):
    response = upload(client, filled(client, world, J=12.5), submit=True)
    confirm(client, response)
    assert ProgressEntry.objects.get().state == EntryState.SUBMITTED


def test_the_preview_shows_the_figure_before_and_after(client, world, open_year):
    figure(world, world.science_indicator, "11")
    response = upload(client, filled(client, world, J=12))
    (change,) = response.context["preview"].changes
    assert (change.before, change.after) == ("11%", "12%")


def test_an_untouched_template_has_nothing_to_save(client, world, open_year):
    client.force_login(world.alice)
    response = upload(client, as_bytes(download(client, world.alice)))
    preview = response.context["preview"]
    assert not preview.can_confirm and preview.skipped == 2 and not preview.refusals


def test_a_csv_with_the_same_headers_is_read_too(client, world, open_year):
    content = f"指标ID,年份,数值\n{world.science_indicator.pk},{YEAR},13\n".encode()
    client.force_login(world.alice)
    response = upload(client, content, "figures.csv")
    confirm(client, response)
    assert ProgressEntry.objects.get().value == Decimal("13")


def test_a_stale_or_forged_confirmation_saves_nothing(client, world, open_year):
    upload(client, filled(client, world, J=12))
    response = client.post(reverse(UPLOAD), {"confirm": "1", "digest": "forged"}, follow=True)
    assert not ProgressEntry.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_period_closing_between_preview_and_confirm_saves_nothing(client, world, open_year):
    response = upload(client, filled(client, world, J=12))
    open_year.deadline = open_year.deadline.replace(year=2020)
    open_year.save()
    response = confirm(client, response)
    assert not ProgressEntry.objects.exists()
    assert refusals(response)[0][:2] == (
        row_of(download(client, world.alice).active, world.science_indicator),
        "H",
    )


def test_viewers_cannot_upload_or_download(client, world):
    client.force_login(world.viewer)
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert client.get(reverse(TEMPLATE)).status_code == 403


# --- bad input: refused with row and column, nothing partially saved --------------------------


def two_rows(client, world, second: dict[str, object]) -> bytes:
    """The science indicator's row filled correctly, plus the task target's row with `second`."""
    workbook = download(client, world.alice)
    sheet = workbook.active
    sheet[f"J{row_of(sheet, world.science_indicator)}"] = 12
    task = row_of(sheet, world.task_target)
    for column, value in second.items():
        sheet[f"{column}{task}"] = value
    return as_bytes(workbook)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"J": "十二"}, "J", "请输入数字。"),  # text in a number cell
        ({"J": "abc"}, "J", "请输入数字。"),
        ({"J": "1.1234567"}, "J", "最多保留 6 位小数。"),  # over-precise
        ({"J": 8, "H": 2031}, "H", "年份 2031 不在规划期 2021–2025 内。"),  # out of range
        ({"J": 8, "I": 5}, "I", None),  # quarter 5
        ({"J": 8, "K": "很好"}, "K", "无法识别的评价“很好”"),  # unknown judgement
        ({"J": 1e15}, "J", None),  # too large for the column
    ],
)
def test_a_bad_cell_is_refused_with_its_row_and_column(client, world, open_year, cells, column, message):
    response = upload(client, two_rows(client, world, cells))
    task = row_of(download(client, world.alice).active, world.task_target)
    found = refusals(response)
    assert [(row, col) for row, col, _ in found] == [(task, column)]
    if message:
        assert message in found[0][2]
    assert not response.context["preview"].can_confirm
    assert b'id="confirm-upload"' not in response.content
    assert not ProgressEntry.objects.exists()  # the good row is not saved either


def test_a_locked_period_is_refused_on_the_year_column(client, world, closed_year):
    response = upload(client, filled(client, world, J=12))
    (refusal,) = refusals(response)
    assert refusal[1] == "H" and "2025 年度填报已截止" in refusal[2]


def test_another_units_row_is_refused_on_the_id_column(client, world, open_year):
    content = two_rows(client, world, {"A": world.industry_indicator.pk, "J": 3})
    response = upload(client, content)
    (refusal,) = refusals(response)
    assert refusal[1:] == ("A", "指标不存在或不在您的填报范围内。")
    assert not ProgressEntry.objects.exists()


def test_a_duplicate_row_is_refused_naming_the_first(client, world, open_year):
    workbook = download(client, world.alice)
    sheet = workbook.active
    science = row_of(sheet, world.science_indicator)
    sheet[f"J{science}"] = 12
    sheet.append([world.science_indicator.pk, None, None, None, None, None, None, YEAR, None, 13])
    response = upload(client, as_bytes(workbook))
    (refusal,) = refusals(response)
    assert refusal == (sheet.max_row, None, f"与第 {science} 行重复。")


def test_wrong_columns_are_refused_naming_the_missing_ones(client, world, open_year):
    client.force_login(world.alice)
    response = upload(client, "指标ID,数值\n1,2\n".encode(), "figures.csv")
    ((row, _column, message),) = refusals(response)
    assert row == 1 and "年份" in message


def test_merged_cells_are_refused_with_where_they_are(client, world, open_year):
    workbook = download(client, world.alice)
    sheet = workbook.active
    science = row_of(sheet, world.science_indicator)
    sheet.merge_cells(f"J{science}:J{science + 1}")
    response = upload(client, as_bytes(workbook))
    ((row, column, _message),) = refusals(response)
    assert (row, column) == (science, "J")


def test_not_a_spreadsheet_is_refused(client, world):
    client.force_login(world.alice)
    response = upload(client, b"\x00\x01binary", "figures.xlsx")
    assert refusals(response)[0][2]


def test_a_refusal_names_the_row_the_indicator_and_the_value_written(client, world, open_year):
    response = upload(client, filled(client, world, J="22家"))
    (refusal,) = response.context["preview"].refusals
    number = refusal.row
    assert refusal.sentence == f"第 {number} 行 研发经费投入强度 数值“22家”：请输入数字。"
    assert "研发经费投入强度" in response.content.decode()


def test_the_good_rows_can_be_saved_and_the_refused_ones_downloaded_to_correct(client, world, open_year):
    response = upload(client, two_rows(client, world, {"J": "十二"}))
    preview = response.context["preview"]
    assert not preview.can_confirm and preview.can_save_rest
    assert "保存其余 1 行" in response.content.decode()
    saved = client.post(reverse(UPLOAD), {"confirm_rest": "1", "digest": preview.digest}, follow=True)
    assert ProgressEntry.objects.get().indicator == world.science_indicator  # the good row only
    (message,) = [str(m) for m in saved.context["messages"]]
    assert "已保存 1 行；1 行未通过" in message and "?refusals=1" in message
    workbook = client.get(reverse(UPLOAD) + "?refusals=1")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    header = [cell.value for cell in sheet[TEMPLATE_HEADER_ROW]]
    assert header[0] == "指标ID" and header[-1] == "未通过原因"
    rows = list(sheet.iter_rows(min_row=TEMPLATE_HEADER_ROW + 1, values_only=True))
    assert [row[0] for row in rows] == [world.task_target.pk]  # only the refused row, as it was
    assert rows[0][-1].endswith("数值“十二”：请输入数字。")


def test_submitted_and_approved_rows_are_locked_whole_in_the_template(client, world, open_year):
    figure(world, world.science_indicator, "12", state="submitted")
    sheet = download(client, world.alice).active
    number = row_of(sheet, world.science_indicator)
    assert all(sheet[f"{column}{number}"].protection.locked for column in "ABCDEFGHIJKLMNO")
    task = row_of(sheet, world.task_target)
    assert not sheet[f"J{task}"].protection.locked  # an open row stays open
