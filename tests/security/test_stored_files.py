"""Attachments and reports are served through a scope check, under names nobody can guess (defect 6)."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from reports.models import ReportRun
from tests.api.conftest import approved, draft


@pytest.fixture
def attachment(world):
    entry = draft(world)
    entry.attachment.save("统计快报 2022.pdf", ContentFile(b"%PDF figures"), save=True)
    return entry


def test_an_attachment_is_stored_under_an_unguessable_name(attachment):
    assert re.fullmatch(r"attachments/\d{4}/[0-9a-f]{32}\.pdf", attachment.attachment.name)
    assert attachment.attachment.url.startswith("/files/attachments/")


SEES_THE_DRAFT = {"alice": 200, "office": 200, "admin": 200, "bob": 404, "viewer": 404, "charlie": 404}


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("who", sorted(SEES_THE_DRAFT))
def test_an_attachment_is_served_to_whoever_sees_its_entry(client, world, attachment, who, debug):
    client.force_login(getattr(world, who))
    with override_settings(DEBUG=debug):
        response = client.get(attachment.attachment.url)
    assert response.status_code == SEES_THE_DRAFT[who]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF figures"
        assert response["Cache-Control"] == "private, no-store"


def test_nobody_anonymous_gets_a_file(client, attachment):
    response = client.get(attachment.attachment.url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_file_of_no_entry_is_not_served_even_to_the_administrator(client, world, attachment, settings):
    attachment.attachment.storage.save("attachments/2022/loose.pdf", ContentFile(b"x"))
    client.force_login(world.admin)
    assert client.get("/files/attachments/2022/loose.pdf").status_code == 404
    assert client.get("/files/../../etc/passwd").status_code == 404


def test_the_web_server_can_send_the_bytes(client, world, attachment, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected/"
    client.force_login(world.alice)
    response = client.get(attachment.attachment.url)
    assert response["X-Accel-Redirect"] == f"/protected/{attachment.attachment.name}"
    assert response.content == b""


def test_an_approved_figures_attachment_reaches_the_viewer(client, world):
    entry = approved(world)
    entry.attachment.save("a.xlsx", ContentFile(b"PK"), save=True)
    client.force_login(world.viewer)
    assert client.get(entry.attachment.url).status_code == 200


def test_a_report_file_follows_the_report_rules(client, world):
    run = ReportRun(kind="tasks", plan=world.plan, year=2022, format="xlsx", requested_by=world.office)
    run.file.save("任务进展.xlsx", ContentFile(b"PK report"), save=False)
    run.state = "done"
    run.save()
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.xlsx", run.file.name)
    client.force_login(world.alice)
    assert client.get(run.file.url).status_code == 404
    client.force_login(world.viewer)
    assert client.get(run.file.url).status_code == 200
