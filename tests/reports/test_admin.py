"""The admin lists runs (scoped) with a download link, and "generate now" requests them again."""

from __future__ import annotations

import pytest

from reports.models import ReportRun, RunState
from reports.services import report_build_now

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/reports/reportrun/"


def test_the_office_sees_its_runs_with_a_download_link(world, client):
    mine = report_build_now(kind="monitoring", year=2022, plan=world.plan)
    theirs = report_build_now(kind="monitoring", year=2022, plan=world.other_plan)
    client.force_login(world.office)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/api/v1/reports/{mine.pk}/download/" in html
    assert f"/api/v1/reports/{theirs.pk}/download/" not in html
    assert client.get(f"{CHANGELIST}{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"{CHANGELIST}{mine.pk}/change/").status_code == 200
    download = client.get(f"/api/v1/reports/{mine.pk}/download/")  # the admin's session works for the API
    assert download.status_code == 200


def test_generate_now_requests_the_report_again(world, client, eager, django_capture_on_commit_callbacks):
    done = report_build_now(kind="tasks", year=2022, plan=world.plan)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "generate_now", "_selected_action": [done.pk]}, follow=True
        )
    assert response.status_code == 200
    assert ReportRun.objects.count() == 2
    fresh = ReportRun.objects.exclude(pk=done.pk).get()
    assert (fresh.state, fresh.requested_by, fresh.kind, fresh.year) == (
        RunState.DONE,
        world.office,
        "tasks",
        2022,
    )


def test_viewers_cannot_generate(world, client):
    report_build_now(kind="tasks", year=2022, plan=world.plan)
    client.force_login(world.viewer)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "generate_now" not in page.content.decode()


def test_the_office_requests_a_report_from_the_admin_in_chinese(
    world, client, eager, django_capture_on_commit_callbacks
):
    client.force_login(world.office)
    page = client.get(f"{CHANGELIST}add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "年份" in html and 'name="kind"' in html  # the form, labelled in Chinese
    assert world.other_plan.title not in html  # only plans the office can see
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{CHANGELIST}add/",
            {"kind": "monitoring", "plan": world.plan.pk, "year": "", "format": "docx"},
            follow=True,
        )
    assert response.status_code == 200
    run = ReportRun.objects.get()
    assert (run.kind, run.plan, run.format, run.requested_by) == (
        "monitoring",
        world.plan,
        "docx",
        world.office,
    )
    assert run.state == RunState.DONE, run.error
    assert f"/api/v1/reports/{run.pk}/download/" in client.get(CHANGELIST).content.decode()


def test_a_year_outside_the_plan_is_refused_in_the_form(world, client):
    client.force_login(world.office)
    response = client.post(
        f"{CHANGELIST}add/", {"kind": "monitoring", "plan": world.plan.pk, "year": "1990", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "1990" in response.content.decode() and not ReportRun.objects.exists()


def test_the_list_reloads_while_a_report_is_being_built(world, client):
    from reports.services import report_request

    report_request(kind="tasks", year=2022, plan=world.plan, enqueue=False)
    client.force_login(world.office)
    assert 'http-equiv="refresh"' in client.get(CHANGELIST).content.decode()


def test_viewers_cannot_request(world, client):
    client.force_login(world.viewer)
    assert client.get(f"{CHANGELIST}add/").status_code == 403
