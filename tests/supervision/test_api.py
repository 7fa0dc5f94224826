"""The supervision API: scoping, versions, the one error shape in Chinese, files, pinned queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supervision.models import FeedbackAttachment, Milestone, TaskContribution, TaskFeedback
from supervision.periods import FeedbackPeriod
from supervision.services import feedback_save, feedback_submit, issue_open
from tests.api.conftest import client_for
from tests.supervision.conftest import PDF_BYTES, feedback_for, png_bytes, upload

pytestmark = pytest.mark.django_db

FEEDBACK = "/api/v1/task-feedback/"


def body(story, **fields):
    period = story.this_month
    values = {
        "task": story.task.pk, "year": period.year, "month": period.month,
        "completion": "on_schedule", "progress": "已举办学术交流活动6场。",
    }  # fmt: skip
    values.update(fields)
    return values


def test_the_lead_unit_creates_feedback_with_evidence_in_one_multipart_request(world, story):
    photo = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
    response = client_for(world.alice).post(
        FEEDBACK, {**body(story), "attachments": [photo]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "draft" and data["period"].endswith("月") and response["ETag"] == '"v1"'
    assert [a["name"] for a in data["attachments"]] == ["现场照片.png"]


def test_a_renamed_file_is_refused_on_the_attachments_field_and_nothing_is_saved(world, story):
    fake = SimpleUploadedFile("合同.pdf", png_bytes(), content_type="application/pdf")
    response = client_for(world.alice).post(
        FEEDBACK, {**body(story), "attachments": [fake]}, format="multipart"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "attachments" and "并非其名称所示" in error["message"]
    assert not TaskFeedback.objects.exists() and not FeedbackAttachment.objects.exists()


def test_a_task_outside_the_scope_is_refused_on_the_task_field(world, story):
    response = client_for(world.alice).post(FEEDBACK, body(story, task=story.other_task.pk), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "task", "code": "does_not_exist", "message": "您的权限范围内没有此项任务。"}
    ]


def test_the_cooperating_unit_is_refused_with_a_chinese_message(world, story):
    response = client_for(world.bob).post(FEEDBACK, body(story), format="json")
    assert response.status_code == 400
    assert "牵头单位" in response.json()["errors"][0]["message"]


def test_completed_with_an_overdue_milestone_is_refused_on_completion(world, story):
    Milestone.objects.create(
        task=story.task, title="出台方案", due_date=story.today - timedelta(days=1), owner=world.science
    )
    response = client_for(world.alice).post(FEEDBACK, body(story, completion="completed"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "completion"


def test_a_stale_version_answers_409_with_the_current_feedback(world, story):
    feedback = feedback_save(feedback=feedback_for(story), user=world.alice)
    client = client_for(world.alice)
    url = f"{FEEDBACK}{feedback.pk}/"
    assert client.patch(url, {"progress": "新的进展"}, format="json", HTTP_IF_MATCH='"v1"').status_code == 200
    stale = client.patch(url, {"progress": "旧的"}, format="json", HTTP_IF_MATCH='"v1"')
    assert stale.status_code == 409
    assert stale.json()["current"]["progress"] == "新的进展" and stale["ETag"] == '"v2"'


def test_submit_approve_and_history(world, story):
    feedback = feedback_save(feedback=feedback_for(story), user=world.alice)
    assert client_for(world.alice).post(f"{FEEDBACK}{feedback.pk}/submit/").json()["state"] == "submitted"
    assert client_for(world.alice).post(f"{FEEDBACK}{feedback.pk}/approve/").status_code == 403
    assert client_for(world.office).post(f"{FEEDBACK}{feedback.pk}/approve/").json()["state"] == "approved"
    history = client_for(world.office).get(f"{FEEDBACK}{feedback.pk}/history/").json()
    assert [row["state"] for row in history] == ["draft", "submitted", "approved"]


def test_attachments_download_only_within_scope(world, story):
    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("方案.pdf", PDF_BYTES)]
    )
    attachment = feedback.attachments.get()
    url = f"/api/v1/task-attachments/{attachment.pk}/download/"
    response = client_for(world.office).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.bob).get(url).status_code == 200  # co-operating unit sees the task
    assert client_for(world.charlie).get(url).status_code == 404


def test_issues_over_the_api(world, story):
    office, alice = client_for(world.office), client_for(world.alice)
    deadline = (story.today + timedelta(days=5)).isoformat()
    response = office.post(
        "/api/v1/supervision-issues/",
        {"task": story.task.pk, "text": "请说明进度", "deadline": deadline},
        format="json",
    )
    assert response.status_code == 201
    issue = response.json()["id"]
    refused = alice.post(
        "/api/v1/supervision-issues/",
        {"task": story.task.pk, "text": "x", "deadline": deadline},
        format="json",
    )
    assert (
        refused.status_code == 403
        and refused.json()["errors"][0]["message"] == "只有发展改革部门可以交办督办事项。"
    )
    assert (
        alice.post(
            f"/api/v1/supervision-issues/{issue}/answer/", {"answer": "已推进"}, format="json"
        ).status_code
        == 200
    )
    assert (
        office.post(f"/api/v1/supervision-issues/{issue}/close/", {"version": 1}, format="json").status_code
        == 409
    )
    assert (
        office.post(f"/api/v1/supervision-issues/{issue}/close/", {}, format="json").json()["state"]
        == "closed"
    )


def test_the_bulletin_is_for_the_office_and_viewers(world, story):
    assert (
        client_for(world.office).get(f"/api/v1/task-supervision/bulletin/?plan={story.plan.pk}").status_code
        == 200
    )
    assert (
        client_for(world.alice).get(f"/api/v1/task-supervision/bulletin/?plan={story.plan.pk}").status_code
        == 400
    )
    assert (
        client_for(world.charlie).get(f"/api/v1/task-supervision/bulletin/?plan={story.plan.pk}").status_code
        == 400
    )


def test_the_timeline_over_the_api(world, story):
    feedback_submit(feedback=feedback_save(feedback=feedback_for(story), user=world.alice), user=world.alice)
    events = client_for(world.alice).get(f"/api/v1/task-supervision/{story.task.pk}/timeline/").json()
    assert [event["label"] for event in events] == ["交办", "反馈"]
    assert (
        client_for(world.charlie).get(f"/api/v1/task-supervision/{story.task.pk}/timeline/").status_code
        == 404
    )


# A page that is not full (all of these) tells its count without a COUNT query (api/base.py).
LISTS = {
    FEEDBACK: 3,  # token, page (task, plan and the three users joined), attachments prefetch
    "/api/v1/task-attachments/": 2,  # token, page
    "/api/v1/task-contributions/": 2,  # token, page (unit and user joined)
    "/api/v1/milestones/": 2,  # token, page (owner, task and plan joined)
    "/api/v1/supervision-issues/": 2,  # token, page (task, plan and the users joined)
}


@pytest.mark.parametrize("url", list(LISTS))
def test_list_endpoints_run_a_constant_number_of_queries(world, story, url, django_assert_num_queries):
    client = client_for(world.office)
    client.get(url)  # the token's first use is stamped once
    for count in (1, 6):
        for n in range(count):
            period_month = (story.today.month - n - 1) % 12 + 1
            year = story.today.year if period_month <= story.today.month else story.today.year - 1
            if not TaskFeedback.objects.filter(year=year, month=period_month).exists():
                feedback_save(
                    feedback=feedback_for(story, period=FeedbackPeriod(year, month=period_month)),
                    user=world.office,
                    uploads=[upload("a.pdf", PDF_BYTES), upload("b.png", png_bytes())],
                )
                Milestone.objects.create(
                    task=story.task, title=f"节点{n}", due_date=story.today, owner=world.science
                )
                TaskContribution.objects.create(
                    task=story.task, unit=world.industry, year=year, month=period_month,
                    completion="on_schedule", progress="配合", created_by=world.bob,
                )  # fmt: skip
                issue_open(task=story.task, user=world.office, text=f"事项{n}", deadline=story.today)
        with django_assert_num_queries(LISTS[url]):
            response = client.get(url)
        assert response.status_code == 200 and response.json()["count"] >= count


def test_evidence_is_removed_from_a_draft_only_by_the_feedback_unit(
    world, story, django_capture_on_commit_callbacks
):
    import os

    feedback = feedback_save(
        feedback=feedback_for(story), user=world.alice, uploads=[upload("方案.pdf", PDF_BYTES)]
    )
    attachment = feedback.attachments.get()
    path = attachment.file.path
    url = f"/api/v1/task-attachments/{attachment.pk}/"
    assert client_for(world.bob).delete(url).status_code == 400  # co-operating: sees it, may not remove it
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row is gone
        assert client_for(world.alice).delete(url).status_code == 204
    assert not FeedbackAttachment.objects.exists() and not os.path.exists(path)
