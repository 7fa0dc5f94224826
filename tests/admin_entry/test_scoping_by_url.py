"""Nobody reaches an object outside their scope by typing its URL: a redirect or a 404, never the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Task, TaskResponsibility
from plans.models import ResponsibilityRole
from progress.models import LockException
from progress.services import entry_save
from projects.models import ProjectProgress
from tests.admin_entry.conftest import figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs(world, open_year):
    """Everything 市工业和信息化局 reports, with a figure each and a lock exception."""
    task = Task.objects.create(plan=world.plan, number=2, title="推进智能制造")
    TaskResponsibility.objects.create(task=task, unit=world.industry, role=ResponsibilityRole.LEAD)
    entry = figure(world, world.industry_indicator, "3", by=world.bob)
    progress = entry_save(
        entry=ProjectProgress(project=world.industry_project, year=2025, stage="construction"), user=world.bob
    )
    exception = LockException.objects.create(
        plan=world.plan, year=2025, unit=world.industry, expires_at=timezone.now() + timedelta(days=1)
    )
    return {
        "indicators_indicator": (world.industry_indicator.pk, "规模以上工业增加值增速"),
        "indicators_task": (task.pk, "推进智能制造"),
        "indicators_progressentry": (entry.pk, "规模以上工业增加值增速"),
        "projects_keyproject": (world.industry_project.pk, "智能制造产业园"),
        "projects_projectprogress": (progress.pk, "智能制造产业园"),
        "progress_lockexception": (exception.pk, "市工业和信息化局"),
    }


VIEWS = ["change", "history", "delete"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    "name",
    [
        "indicators_indicator",
        "indicators_task",
        "indicators_progressentry",
        "projects_keyproject",
        "projects_projectprogress",
        "progress_lockexception",
    ],
)
def test_a_reporter_cannot_open_another_units_object(client, world, bobs, name, view):
    pk, text = bobs[name]
    client.force_login(world.alice)
    response = client.get(reverse(f"admin:{name}_{view}", args=[pk]))
    assert response.status_code in {302, 403, 404}
    if response.status_code == 302:
        landing = client.get(response.url).content.decode()
        assert text not in landing


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    "name",
    ["indicators_indicator", "indicators_progressentry", "projects_keyproject", "projects_projectprogress"],
)
def test_another_jurisdictions_office_cannot_open_the_object(client, world, bobs, name, view):
    pk, _text = bobs[name]
    client.force_login(world.charlie)
    assert client.get(reverse(f"admin:{name}_{view}", args=[pk])).status_code in {302, 403, 404}


def test_a_reporter_cannot_post_a_figure_onto_another_units_entry(client, world, bobs):
    pk, _ = bobs["indicators_progressentry"]
    client.force_login(world.alice)
    response = client.post(
        reverse("admin:indicators_progressentry_change", args=[pk]),
        {"indicator": world.industry_indicator.pk, "year": "2025", "value": "99"},
    )
    assert response.status_code == 302
    from indicators.models import ProgressEntry

    assert ProgressEntry.objects.get(pk=pk).value == 3
