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
