"""进展反馈: the lead unit writes and submits; the office reviews; bad input is refused on its field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from supervision.models import FeedbackAttachment, Milestone, TaskFeedback
from supervision.periods import FeedbackPeriod
from supervision.services import (
    feedback_approve,
    feedback_return,
    feedback_save,
    feedback_submit,
    milestone_complete,
)
from tests.supervision.conftest import PDF_BYTES, feedback_for, png_bytes, upload

pytestmark = pytest.mark.django_db


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_lead_unit_writes_submits_and_the_office_approves(world, story):
    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("现场照片.png", png_bytes())]
    )
    assert feedback.state == "draft" and feedback.attachments.count() == 1
    feedback = feedback_submit(feedback=feedback, user=world.alice)
    assert feedback.state == "submitted"
    feedback = feedback_approve(feedback=feedback, user=world.office)
    assert feedback.state == "approved" and feedback.reviewed_by == world.office


def test_the_office_returns_with_a_reason_and_the_unit_corrects(world, story):
    feedback = feedback_submit(
        feedback=feedback_save(feedback=feedback_for(story), user=world.alice), user=world.alice
    )
    feedback = feedback_return(feedback=feedback, user=world.office, reason="进展情况过于笼统")
    assert feedback.state == "returned"
    feedback.progress = "已举办学术交流活动6场，落地创新平台3个。"
    feedback = feedback_save(feedback=feedback, user=world.alice, expected_version=feedback.version)
    assert TaskFeedback.objects.get().progress.startswith("已举办学术交流活动6场，落地")


def test_a_cooperating_unit_is_told_to_send_its_part_to_the_lead(world, story):
    errors = refusal(lambda: feedback_save(feedback=feedback_for(story), user=world.bob))
    assert "牵头单位" in errors["task"][0]
    assert not TaskFeedback.objects.exists()


def test_a_unit_not_responsible_for_the_task_is_refused_on_the_task(world, story):
    errors = refusal(
        lambda: feedback_save(feedback=feedback_for(story, task=story.other_task), user=world.alice)
    )
    assert errors["task"] == ["您的权限范围内没有此项任务。"]
    assert not TaskFeedback.objects.exists()


def test_another_jurisdiction_does_not_see_the_task(world, story):
    errors = refusal(lambda: feedback_save(feedback=feedback_for(story), user=world.charlie))
    assert "task" in errors


def test_a_closed_period_is_refused_on_its_field(world, story):
    errors = refusal(
        lambda: feedback_save(feedback=feedback_for(story, period=story.long_ago), user=world.alice)
    )
    assert "截止" in errors["month"][0] and "申请例外" in errors["month"][0]
    assert not TaskFeedback.objects.exists()


def test_a_period_not_begun_is_refused(world, story):
    later = FeedbackPeriod(story.today.year + 1, month=1)
    errors = refusal(lambda: feedback_save(feedback=feedback_for(story, period=later), user=world.alice))
    assert "尚未开始" in errors["month"][0]


def test_the_period_must_be_of_the_plans_kind(world, story):
    period = FeedbackPeriod(story.today.year, quarter=(story.today.month - 1) // 3 + 1)
    errors = refusal(lambda: feedback_save(feedback=feedback_for(story, period=period), user=world.alice))
    assert "按月" in errors["month"][0]


@pytest.mark.parametrize("completion", ["not_started", "cannot_complete"])
def test_not_started_or_cannot_complete_needs_reason_and_measures(world, story, completion):
    errors = refusal(
        lambda: feedback_save(feedback=feedback_for(story, completion=completion), user=world.alice)
    )
    assert set(errors) >= {"reason", "measures"}
    feedback = feedback_save(
        feedback=feedback_for(story, completion=completion, reason="资金未到位", measures="已协调财政局"),
        user=world.alice,
    )
    assert feedback.pk


def test_the_database_refuses_a_missing_reason_too(world, story):
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFeedback.objects.create(
            task=story.task,
            year=story.today.year,
            month=story.today.month,
            completion="cannot_complete",
            progress="x",
        )


def test_completed_with_an_overdue_milestone_open_is_refused_on_the_completion(world, story):
    milestone = Milestone.objects.create(
        task=story.task, title="出台工作方案", due_date=story.today - timedelta(days=3), owner=world.science
    )
    errors = refusal(
        lambda: feedback_save(feedback=feedback_for(story, completion="completed"), user=world.alice)
    )
    assert "出台工作方案" in errors["completion"][0]
    assert not TaskFeedback.objects.exists()
    milestone_complete(milestone=milestone, user=world.alice)
    assert feedback_save(feedback=feedback_for(story, completion="completed"), user=world.alice).pk


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("照片.pdf", png_bytes(), "并非其名称所示"),  # a PNG called .pdf
        ("报告.docx", PDF_BYTES, "并非其名称所示"),
        ("说明.pdf", b"MZ\x90\x00" + b"\x00" * 100, "程序或脚本"),
        ("setup.exe", PDF_BYTES, "程序或脚本"),
        ("notes.txt", "纯文本".encode(), "只接受"),
    ],
)
def test_attachments_that_are_not_what_they_say_are_refused_and_nothing_is_saved(
    world, story, name, content, expected
):
    errors = refusal(
        lambda: feedback_save(
            feedback=feedback_for(story),
            user=world.alice,
            uploads=[upload("好的.pdf", PDF_BYTES), upload(name, content)],
        )
    )
    assert expected in errors["attachments"][0] and name in errors["attachments"][0]
    assert not TaskFeedback.objects.exists() and not FeedbackAttachment.objects.exists()


def test_an_oversize_attachment_is_refused(world, story, settings):
    settings.SUPERVISION_MAX_ATTACHMENT_BYTES = 1024
    big = PDF_BYTES + b"0" * 2000
    errors = refusal(
        lambda: feedback_save(
            feedback=feedback_for(story), user=world.alice, uploads=[upload("大文件.pdf", big)]
        )
    )
    assert "最多" in errors["attachments"][0]


def test_office_files_are_recognised_by_their_content(world, story, tmp_path):
    import docx
    import openpyxl

    document_path, workbook_path = tmp_path / "a.docx", tmp_path / "b.xlsx"
    docx.Document().save(document_path)
    openpyxl.Workbook().save(workbook_path)
    feedback = feedback_save(
        feedback=feedback_for(story),
        user=world.alice,
        uploads=[
            upload("工作方案.docx", document_path.read_bytes()),
            upload("台账.xlsx", workbook_path.read_bytes()),
        ],
    )
    kinds = sorted(feedback.attachments.values_list("original_name", "content_type"))
    assert kinds[0][0] == "台账.xlsx" and kinds[0][1].endswith("spreadsheetml.sheet")
    assert kinds[1][1].endswith("wordprocessingml.document")
    # renamed the other way round, they are refused
    errors = refusal(
        lambda: feedback_save(
            feedback=feedback, user=world.alice, uploads=[upload("台账.docx", workbook_path.read_bytes())]
        )
    )
    assert "attachments" in errors


def test_stored_names_are_unguessable_and_keep_nothing_of_the_original(world, story):
    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("现场照片.png", png_bytes())]
    )
    stored = feedback.attachments.get().file.name
    assert "现场照片" not in stored and stored.startswith("supervision/") and len(stored) > 40


def test_viewers_and_other_units_cannot_approve(world, story):
    feedback = feedback_submit(
        feedback=feedback_save(feedback=feedback_for(story), user=world.alice), user=world.alice
    )
    for user in (world.alice, world.bob, world.viewer, world.charlie):
        with pytest.raises(PermissionDenied):
            feedback_approve(feedback=feedback, user=user)
