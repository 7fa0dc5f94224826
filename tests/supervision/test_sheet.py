"""Task progress through the spreadsheet: download the template, fill it in, upload; all or nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import Milestone, TaskFeedback
from supervision.periods import PeriodKind
from supervision.selectors import reporting_period
from supervision.services import feedback_save, feedback_submit
from supervision.sheets import COLUMNS, HEADER_ROW
from tests.supervision.conftest import feedback_for

pytestmark = pytest.mark.django_db


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:supervision_taskfeedback_template"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def fill(workbook, row: int, **values) -> SimpleUploadedFile:
    sheet = workbook.active
    for name, value in values.items():
        sheet.cell(row=row, column=1 + list(COLUMNS).index(name), value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("任务进展.xlsx", buffer.getvalue())


def row_of(workbook, task) -> int:
    """The sheet row of a task (the story world has a task of another plan the unit also leads)."""
    for number, values in enumerate(workbook.active.iter_rows(values_only=True), start=1):
        if number > HEADER_ROW and values[0] == task.pk:
            return number
    raise AssertionError(f"task {task.pk} not in the template")


def upload(client, file):
    return client.post(reverse("admin:supervision_taskfeedback_upload"), {"file": file})


def test_the_template_lists_the_tasks_the_unit_leads_for_the_period(client, world, story):
    sheet = download(client, world.alice).active
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header[:6] == ["任务ID", "任务", "年份", "季度", "月份", "完成状态"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    period = reporting_period(PeriodKind.MONTH, 10, story.today, story.plan.years)
    assert (rows[story.task.pk][2], rows[story.task.pk][4]) == (period.year, period.month)
    assert story.other_task.pk not in rows  # led by 市工业和信息化局
    assert world.task.pk in rows  # the other plan's task the unit answers for
    assert sheet.protection.sheet and not sheet.cell(row=HEADER_ROW + 1, column=7).protection.locked
    assert sheet.cell(row=HEADER_ROW + 1, column=1).protection.locked


def test_a_filled_template_saves_drafts(client, world, story):
    workbook = download(client, world.alice)
    row = row_of(workbook, story.task)
    response = upload(client, fill(workbook, row, completion="滞后", progress="已举办活动3场。"))
    assert response.status_code == 302
    feedback = TaskFeedback.objects.get()
    assert (feedback.completion, feedback.progress, feedback.state) == ("lagging", "已举办活动3场。", "draft")
    assert (
        upload(client, fill(workbook, row, completion="滞后", progress="已举办活动3场。")).status_code == 302
    )
    assert TaskFeedback.objects.get().version == 1  # unchanged rows are left alone


def test_a_refused_row_refuses_the_upload_with_row_and_column(client, world, story):
    Milestone.objects.create(
        task=story.task, title="出台方案", due_date=story.today - timedelta(days=1), owner=world.science
    )
    workbook = download(client, world.alice)
    row = row_of(workbook, story.task)
    response = upload(client, fill(workbook, row, completion="已完成", progress="完成"))
    assert response.status_code == 200
    [refusal] = response.context["refusals"]
    assert (refusal["row"], refusal["column"], refusal["header"]) == (row, "F", "完成状态")
    assert "出台方案" in refusal["message"]
    assert not TaskFeedback.objects.exists()


def test_a_task_of_another_unit_or_a_bad_state_is_refused(client, world, story):
    workbook = download(client, world.alice)
    fill(workbook, HEADER_ROW + 5, task=story.other_task.pk, year=story.today.year, month=story.today.month)
    response = upload(client, fill(workbook, HEADER_ROW + 5, completion="差不多", progress="x"))
    messages = {(r["header"], r["message"]) for r in response.context["refusals"]}
    assert ("任务ID", "您的权限范围内没有此项任务。") in messages
    assert any(header == "完成状态" for header, _ in messages)
    assert not TaskFeedback.objects.exists()


def test_submitted_feedback_is_not_changed_by_an_upload(client, world, story):
    period = reporting_period(PeriodKind.MONTH, 10, story.today, story.plan.years)
    feedback_submit(
        feedback=feedback_save(feedback=feedback_for(story, period=period), user=world.alice),
        user=world.alice,
    )
    workbook = download(client, world.alice)
    response = upload(client, fill(workbook, row_of(workbook, story.task), progress="改写"))
    assert "已提交" in response.context["refusals"][0]["message"]


def test_not_a_workbook_is_refused_on_the_file(client, world, story):
    client.force_login(world.alice)
    response = upload(client, SimpleUploadedFile("任务进展.xlsx", b"not a zip"))
    assert response.status_code == 200 and response.context["form"].errors["file"]
