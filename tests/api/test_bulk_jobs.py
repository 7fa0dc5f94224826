"""Large bulk uploads: a worker runs them all or nothing, the caller polls; oversized ones are refused."""

from __future__ import annotations

import json

import pytest

from indicators.models import BulkUpload, ProgressEntry

pytestmark = pytest.mark.django_db

BULK = "/api/v1/progress/bulk/"


@pytest.fixture
def small_jobs(monkeypatch):
    """Any upload above two rows becomes a job, so a test needs only a few rows."""
    monkeypatch.setattr("api.views.JOB_ROWS", 2)


def rows(world, *values) -> list[dict]:
    return [
        {"indicator": world.science_indicator.pk, "year": year, "value": value}
        for year, value in zip(range(2021, 2026), values, strict=False)
    ]


def test_a_large_upload_runs_as_a_job_the_caller_polls(
    api, world, small_jobs, django_capture_on_commit_callbacks
):
    client = api("alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, rows(world, "1", "2", "3"), format="json")
    assert response.status_code == 202, response.json()
    job = response.json()
    assert (job["state"], job["total"], job["report"]) == ("queued", 3, None)
    polled = client.get(job["url"]).json()
    assert (polled["state"], polled["checked"], polled["report"]["committed"]) == ("done", 3, True)
    assert polled["report"]["counts"]["create"] == 3
    assert [row["entry"] for row in polled["report"]["rows"]] == list(
        ProgressEntry.objects.order_by("year").values_list("pk", flat=True)
    )
    assert client.get(job["url"]).status_code == 200
    assert api("bob").get(job["url"]).status_code == 404  # someone else's upload


def test_a_job_with_a_refused_row_writes_nothing(api, world, small_jobs, django_capture_on_commit_callbacks):
    client = api("alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, rows(world, "1", "十二", "3"), format="json")
    report = client.get(response.json()["url"]).json()["report"]
    assert report["committed"] is False
    refused = [row for row in report["rows"] if row["action"] == "refused"]
    assert [(row["row"], row["errors"][0]["field"], row["errors"][0]["message"]) for row in refused] == [
        (2, "value", "请输入数字。")
    ]
    assert not ProgressEntry.objects.exists()


def test_a_million_rows_are_refused_before_any_work_naming_the_limit(api, world, django_assert_num_queries):
    body = json.dumps([{"indicator": world.science_indicator.pk, "year": 2022}] * 1_000_000)
    client = api("alice")
    response = client.post(BULK, body, content_type="application/json")
    assert response.status_code in {400, 413}
    messages = " ".join(error["message"] for error in response.json()["errors"])
    # Past DJANGO_MAX_REQUEST_MB the request-size guard answers first (413, naming the size in MB).
    assert "20000" in messages.replace(",", "") or "MB" in messages, messages
    assert not BulkUpload.objects.exists() and not ProgressEntry.objects.exists()


def test_the_uploader_follows_the_job_in_the_admin(
    api, world, small_jobs, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = api("alice").post(BULK, rows(world, "1", "十二", "3"), format="json").json()
    client.force_login(world.alice)
    page = client.get(f"/admin/indicators/bulkupload/{job['id']}/change/").content.decode()
    assert "3 / 3" in page and "第 2 行" in page and "请输入数字。" in page
    assert "未保存任何数据：部分行被拒收。" in page
    client.force_login(world.bob)
    assert client.get(f"/admin/indicators/bulkupload/{job['id']}/change/").status_code in {302, 403, 404}
