"""The supervision admin: the feedback form refuses on its fields, downloads are scoped, lists are pinned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import FeedbackAttachment, Milestone, SupervisionIssue, TaskFeedback
from supervision.services import feedback_save, issue_open
from tests.supervision.conftest import PDF_BYTES, feedback_for, png_bytes, upload

pytestmark = pytest.mark.django_db

ADD = "admin:supervision_taskfeedback_add"


def form_data(story, **fields):
    period = story.this_month
    values = {
        "task": story.task.pk, "year": period.year, "quarter": "", "month": period.month,
        "completion": "on_schedule", "progress": "已举办学术交流活动6场。", "problems": "",
        "coordination": "", "next_steps": "", "reason": "", "measures": "",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    }  # fmt: skip
    values.update(fields)
    return values


def test_the_lead_unit_saves_feedback_with_evidence_from_the_form(client, world, story):
    client.force_login(world.alice)
    photo = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
    response = client.post(reverse(ADD), {**form_data(story), "evidence": [photo]})
    assert response.status_code == 302, response.content.decode()[:3000]
    feedback = TaskFeedback.objects.get()
    assert feedback.created_by == world.alice and feedback.attachments.get().original_name == "现场照片.png"


def test_a_renamed_file_is_refused_on_the_evidence_field(client, world, story):
    client.force_login(world.alice)
    fake = SimpleUploadedFile("合同.pdf", png_bytes(), content_type="application/pdf")
    response = client.post(reverse(ADD), {**form_data(story), "evidence": [fake]})
    assert response.status_code == 200
    assert "合同.pdf 并非其名称所示" in response.context["adminform"].form.errors["evidence"][0]
    assert not TaskFeedback.objects.exists() and not FeedbackAttachment.objects.exists()


def test_the_form_shows_the_service_refusal_on_the_field(client, world, story):
    Milestone.objects.create(
        task=story.task, title="出台方案", due_date=story.today - timedelta(days=2), owner=world.science
    )
    client.force_login(world.alice)
    response = client.post(reverse(ADD), form_data(story, completion="completed"))
    assert response.status_code == 200
    assert "出台方案" in response.context["adminform"].form.errors["completion"][0]
    response = client.post(reverse(ADD), form_data(story, completion="cannot_complete"))
    errors = response.context["adminform"].form.errors
    assert errors["reason"] == ["请说明任务未启动或无法完成的原因。"] and "measures" in errors
    assert not TaskFeedback.objects.exists()


def test_the_cooperating_unit_cannot_pick_the_feedback_form(client, world, story):
    client.force_login(world.bob)
    response = client.post(reverse(ADD), form_data(story))
    assert response.status_code == 200 and "牵头单位" in response.content.decode()
    assert not TaskFeedback.objects.exists()


def test_attachment_downloads_are_scoped(client, world, story):
    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("方案.pdf", PDF_BYTES)]
    )
    url = reverse("admin:supervision_taskfeedback_attachment", args=[feedback.attachments.get().pk])
    client.force_login(world.office)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(world.charlie)
    assert client.get(url).status_code == 404


def test_the_change_page_shows_timeline_parts_and_attachments(client, world, story):
    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("方案.pdf", PDF_BYTES)]
    )
    client.force_login(world.office)
    html = client.get(reverse("admin:supervision_taskfeedback_change", args=[feedback.pk])).content.decode()
    stored = feedback.attachments.get().file.name
    assert "方案.pdf" in html and "交办" in html and stored not in html


def test_the_unit_answers_an_issue_and_the_office_closes_it(client, world, story):
    issue = issue_open(
        task=story.task, user=world.office, text="请说明进度", deadline=story.today + timedelta(days=3)
    )
    client.force_login(world.alice)
    url = reverse("admin:supervision_supervisionissue_change", args=[issue.pk])
    assert client.post(url, {"answer": "已推进"}).status_code == 302
    client.force_login(world.office)
    changelist = reverse("admin:supervision_supervisionissue_changelist")
    client.post(changelist, {"action": "close_selected", "_selected_action": [issue.pk]})
    assert SupervisionIssue.objects.get().state == "closed"


def test_an_issue_with_a_past_deadline_is_refused_on_the_field(client, world, story):
    client.force_login(world.office)
    data = {
        "task": story.task.pk,
        "kind": "demand",
        "text": "请说明",
        "deadline": (story.today - timedelta(days=1)).isoformat(),
    }
    response = client.post(reverse("admin:supervision_supervisionissue_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["deadline"] == ["答复期限已过。"]


@pytest.mark.parametrize(
    "name", ["taskfeedback", "milestone", "supervisionissue", "taskcontribution", "supervisionsetting"]
)
def test_changelists_run_a_constant_number_of_queries(
    client, world, story, name, django_assert_max_num_queries
):
    client.force_login(world.office)
    url = reverse(f"admin:supervision_{name}_changelist")
    client.get(url)
    for n in range(1, 6):
        month = (story.today.month - n) % 12 + 1
        year = story.today.year if month <= story.today.month else story.today.year - 1
        feedback_save(
            feedback=feedback_for(story, period=feedback_for(story).period.__class__(year, month=month)),
            user=world.office,
        )
        Milestone.objects.create(task=story.task, title=f"节点{n}", due_date=story.today, owner=world.science)
        issue_open(task=story.task, user=world.office, text=f"事项{n}", deadline=story.today)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        Milestone.objects.create(
            task=story.other_task, title=f"另{n}", due_date=story.today, owner=world.industry
        )
        issue_open(task=story.other_task, user=world.office, text=f"另{n}", deadline=story.today)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_a_returned_feedback_says_why_at_the_top(client, world, story):
    from supervision.services import feedback_return, feedback_submit

    feedback = feedback_submit(
        feedback=feedback_save(feedback=feedback_for(story), user=world.alice), user=world.alice
    )
    feedback_return(feedback=feedback, user=world.office, reason="请补充平台名称")
    client.force_login(world.alice)
    response = client.get(reverse("admin:supervision_taskfeedback_change", args=[feedback.pk]))
    assert "退回原因：请补充平台名称" in [str(message) for message in response.context["messages"]]
