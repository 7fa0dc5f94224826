"""Reports are for the office and viewers of the jurisdiction they cover, never for reporters, on the
API's list, detail and download and in the admin (defect 4)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from reports.models import ReportRun

READS = {"admin": 200, "office": 200, "viewer": 200, "alice": 404, "bob": 404, "charlie": 404}


@pytest.fixture
def run(world):
    report = ReportRun(kind="tasks", plan=world.plan, year=2022, format="xlsx", requested_by=world.office)
    report.file.save("bulletin.xlsx", ContentFile(b"PK the whole plan"), save=False)
    report.state = "done"
    report.save()
    return report


@pytest.mark.parametrize("who", sorted(READS))
def test_who_reads_a_plans_report_over_the_api(api, world, run, who):
    client = api(who)
    expected = READS[who]
    listed = {row["id"] for row in client.get("/api/v1/reports/").json()["results"]}
    assert listed == ({run.pk} if expected == 200 else set())
    assert client.get(f"/api/v1/reports/{run.pk}/").status_code == expected
    download = client.get(f"/api/v1/reports/{run.pk}/download/")
    assert download.status_code == expected
    if expected == 200:
        assert b"".join(download.streaming_content) == b"PK the whole plan"


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_reporters_do_not_see_reports_in_the_admin(client, world, run, who):
    client.force_login(getattr(world, who))
    changelist = client.get("/admin/reports/reportrun/")
    assert changelist.status_code in {200, 403}
    assert (
        "bulletin" not in changelist.content.decode()
        and f"/{run.pk}/change/" not in changelist.content.decode()
    )
    assert client.get(f"/admin/reports/reportrun/{run.pk}/change/").status_code in {302, 403, 404}


def test_the_office_sees_it_in_the_admin(client, world, run):
    client.force_login(world.office)
    assert f"/{run.pk}/change/" in client.get("/admin/reports/reportrun/").content.decode()
