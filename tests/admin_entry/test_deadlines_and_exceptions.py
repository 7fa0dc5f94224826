"""Deadlines per plan year and lock exceptions per unit, set by the plan's own office."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import ProgressEntry
from progress.models import EntryDeadline, LockException
from tests.admin_entry.conftest import YEAR, indicator_url, inline

pytestmark = pytest.mark.django_db


def when(days: int) -> dict[str, str]:
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return {"0": moment.strftime("%Y-%m-%d"), "1": moment.strftime("%H:%M:%S")}


def add_deadline(client, user, plan, year: int = YEAR):
    client.force_login(user)
    date = when(10)
    return client.post(
        reverse("admin:progress_entrydeadline_add"),
        {"plan": plan.pk, "year": year, "deadline_0": date["0"], "deadline_1": date["1"]},
    )


def add_exception(client, user, plan, unit, days: int = 5):
    client.force_login(user)
    date = when(days)
    return client.post(
        reverse("admin:progress_lockexception_add"),
        {
            "plan": plan.pk,
            "year": YEAR,
            "unit": unit.pk,
            "expires_at_0": date["0"],
            "expires_at_1": date["1"],
            "reason": "统计快报推迟发布",
        },
    )


def test_the_office_sets_a_deadline_for_its_plan(client, world):
    assert add_deadline(client, world.office, world.plan).status_code == 302
    assert EntryDeadline.objects.get().plan == world.plan


def test_a_deadline_outside_the_plans_years_is_refused(client, world):
    response = add_deadline(client, world.office, world.plan, year=2030)
    assert response.context["adminform"].form.errors["year"] == ["年份 2030 不在规划期 2021–2025 内。"]


def test_an_office_cannot_set_another_jurisdictions_deadline(client, world):
    response = add_deadline(client, world.charlie, world.plan)
    assert "plan" in response.context["adminform"].form.errors
    assert not EntryDeadline.objects.exists()


def test_a_reporter_reads_deadlines_but_cannot_set_them(client, world, open_year):
    client.force_login(world.alice)
    assert client.get(reverse("admin:progress_entrydeadline_changelist")).status_code == 200
    assert add_deadline(client, world.alice, world.plan).status_code == 403


def test_a_lock_exception_records_who_granted_it(client, world, closed_year):
    assert add_exception(client, world.office, world.plan, world.science).status_code == 302
    exception = LockException.objects.get()
    assert (exception.unit, exception.granted_by) == (world.science, world.office)


def test_a_lock_exception_reopens_entry_for_that_unit(client, world, closed_year):
    client.force_login(world.alice)
    refused = client.post(indicator_url(world), inline([{"year": str(YEAR), "value": "12"}]))
    assert refused.status_code == 200 and not ProgressEntry.objects.exists()
    add_exception(client, world.office, world.plan, world.science)
    client.force_login(world.alice)
    accepted = client.post(indicator_url(world), inline([{"year": str(YEAR), "value": "12"}]))
    assert accepted.status_code == 302 and ProgressEntry.objects.exists()


def test_a_reporter_sees_only_their_units_exceptions(client, world, closed_year):
    for unit in (world.science, world.industry):
        LockException.objects.create(
            plan=world.plan, year=YEAR, unit=unit, expires_at=timezone.now() + timedelta(days=1)
        )
    client.force_login(world.alice)
    html = client.get(reverse("admin:progress_lockexception_changelist")).content.decode()
    assert "市科技局" in html and "市工业和信息化局" not in html
    other = LockException.objects.get(unit=world.industry)
    response = client.get(reverse("admin:progress_lockexception_change", args=[other.pk]))
    assert response.status_code == 302  # "does not exist", never the page


def test_another_jurisdictions_office_cannot_open_the_deadline(client, world, open_year):
    client.force_login(world.charlie)
    response = client.get(reverse("admin:progress_entrydeadline_change", args=[open_year.pk]))
    assert response.status_code == 302
