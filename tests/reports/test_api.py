"""/api/v1/reports/: request (202), follow, download; scoped like every other read."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import ApiToken
from reports.models import ReportRun, RunState
from reports.services import report_build_now

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def request_report(client: APIClient, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, data, format="json")


def test_the_office_requests_a_report_and_downloads_it(world, eager, django_capture_on_commit_callbacks):
    client = client_for(world.office)
    response = request_report(
        client, django_capture_on_commit_callbacks, kind="monitoring", plan="taian-plan", year=2022
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == RunState.QUEUED  # handed to the worker once the request's transaction commits
    assert body["plan"] == "taian-plan"
    assert body["requested_by"] == "office"
    assert response["Location"] == f"{URL}{body['id']}/"
    detail = client.get(f"{URL}{body['id']}/")
    assert detail.json()["state"] == RunState.DONE  # eager mode: built on commit
    assert detail.status_code == 200 and detail.json()["download_url"].endswith(f"{body['id']}/download/")
    download = client.get(f"{URL}{body['id']}/download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(book.worksheets) >= 5


def test_with_a_broker_the_request_is_queued_and_the_run_says_so(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import tasks

    sent = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda **kwargs: sent.append(kwargs))
    response = request_report(
        client_for(world.office),
        django_capture_on_commit_callbacks,
        kind="tasks",
        plan="taian-plan",
        year=2022,
    )
    assert response.status_code == 202
    assert response.json()["state"] == RunState.QUEUED
    assert response.json()["message"]
    assert sent == [{"args": [response.json()["id"]], "task_id": ReportRun.objects.get().task_id}]


def test_the_same_request_twice_while_queued_is_one_run(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import tasks

    monkeypatch.setattr(tasks.build_report, "apply_async", lambda **kwargs: None)
    client = client_for(world.office)
    first = request_report(
        client, django_capture_on_commit_callbacks, kind="monitoring", plan="taian-plan", year=2022
    )
    second = request_report(
        client, django_capture_on_commit_callbacks, kind="monitoring", plan="taian-plan", year=2022
    )
    assert first.json()["id"] == second.json()["id"]
    assert ReportRun.objects.count() == 1
    other_format = request_report(
        client,
        django_capture_on_commit_callbacks,
        kind="monitoring",
        plan="taian-plan",
        year=2022,
        format="docx",
    )
    assert other_format.json()["id"] != first.json()["id"]


def test_a_year_outside_the_plan_is_refused_in_chinese(world, eager, django_capture_on_commit_callbacks):
    response = request_report(
        client_for(world.office),
        django_capture_on_commit_callbacks,
        kind="monitoring",
        plan="taian-plan",
        year=2019,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "year", "code": "invalid", "message": "年份 2019 不在规划期 2021–2025 内。"}
    ]
    assert not ReportRun.objects.exists()


def test_a_midterm_request_without_a_year_takes_the_latest_year_with_approved_figures(
    world, eager, django_capture_on_commit_callbacks
):
    from indicators.models import Indicator, ProgressEntry

    indicator = Indicator.objects.filter(plan=world.plan).first()
    ProgressEntry.objects.create(indicator=indicator, year=2022, value=1, state="approved")
    response = request_report(
        client_for(world.office), django_capture_on_commit_callbacks, kind="midterm", plan="taian-plan"
    )
    assert response.status_code == 202
    assert response.json()["year"] == 2022  # not the middle year 2023, which nobody has reported


@pytest.mark.parametrize("user", ["alice", "viewer"])
def test_only_the_office_requests(world, eager, user, django_capture_on_commit_callbacks):
    response = request_report(
        client_for(getattr(world, user)),
        django_capture_on_commit_callbacks,
        kind="monitoring",
        plan="taian-plan",
        year=2022,
    )
    assert response.status_code == 403


def test_charlie_gets_404_for_another_jurisdictions_plan_and_runs(
    world, eager, django_capture_on_commit_callbacks
):
    response = request_report(
        client_for(world.charlie),
        django_capture_on_commit_callbacks,
        kind="monitoring",
        plan="taian-plan",
        year=2022,
    )
    assert response.status_code == 404
    run = report_build_now(kind="monitoring", year=2022, plan=world.plan)
    charlie = client_for(world.charlie)
    assert charlie.get(f"{URL}{run.pk}/").status_code == 404
    assert charlie.get(f"{URL}{run.pk}/download/").status_code == 404
    assert charlie.get(URL).json()["results"] == []


def test_each_user_lists_the_runs_of_the_plans_they_see(world, eager):
    mine = report_build_now(kind="monitoring", year=2022, plan=world.plan)
    theirs = report_build_now(kind="monitoring", year=2022, plan=world.other_plan)
    assert [r["id"] for r in client_for(world.viewer).get(URL).json()["results"]] == [mine.pk]
    assert [r["id"] for r in client_for(world.charlie).get(URL).json()["results"]] == [theirs.pk]
    assert {r["id"] for r in client_for(world.admin).get(URL).json()["results"]} == {mine.pk, theirs.pk}
    # a report shows every unit's figures: alice, a reporter, sees none (issue 12, defect 4)
    assert [r["id"] for r in client_for(world.alice).get(URL).json()["results"]] == []


def test_a_report_for_all_plans_of_a_jurisdiction(world, eager, django_capture_on_commit_callbacks):
    response = request_report(
        client_for(world.office),
        django_capture_on_commit_callbacks,
        kind="monitoring",
        jurisdiction=world.city.pk,
        year=2022,
    )
    assert response.status_code == 202, response.content
    assert ReportRun.objects.get(pk=response.json()["id"]).state == RunState.DONE
    assert response.json()["jurisdiction"] == world.city.pk
    charlie = request_report(
        client_for(world.charlie),
        django_capture_on_commit_callbacks,
        kind="monitoring",
        jurisdiction=world.city.pk,
        year=2022,
    )
    assert charlie.status_code == 404
    assert client_for(world.charlie).get(f"{URL}{response.json()['id']}/").status_code == 404


def test_download_before_done_is_a_conflict(world, monkeypatch, django_capture_on_commit_callbacks):
    from reports import tasks

    monkeypatch.setattr(tasks.build_report, "apply_async", lambda **kwargs: None)
    client = client_for(world.office)
    run_id = request_report(
        client, django_capture_on_commit_callbacks, kind="monitoring", plan="taian-plan", year=2022
    ).json()["id"]
    assert client.get(f"{URL}{run_id}/download/").status_code == 409


def test_token_auth_reads_and_a_read_only_token_cannot_request(world, eager):
    run = report_build_now(kind="monitoring", year=2022, plan=world.plan)
    _token, key = ApiToken.issue(user=world.office, name="dashboard", read_only=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"{URL}{run.pk}/").status_code == 200
    assert (
        client.post(
            URL, {"kind": "monitoring", "plan": "taian-plan", "year": 2022}, format="json"
        ).status_code
        == 403
    )
    assert APIClient().get(f"{URL}{run.pk}/").status_code in (401, 403)


def test_plan_or_jurisdiction_is_required(world, eager, django_capture_on_commit_callbacks):
    response = request_report(
        client_for(world.office), django_capture_on_commit_callbacks, kind="monitoring", year=2022
    )
    assert response.status_code == 400
