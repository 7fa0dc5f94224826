"""Each role sees and changes only what it should in the admin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import ProgressEntry

pytestmark = pytest.mark.django_db


def changelist(client, user, model: str) -> str:
    client.force_login(user)
    response = client.get(reverse(f"admin:{model.replace('.', '_')}_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def test_reporter_sees_only_their_units_indicators(client, world):
    page = changelist(client, world.alice, "indicators.indicator")
    assert "研发经费投入强度" in page
    assert "高端学术交流活动" in page  # a sub-target of a task the unit shares
    assert "规模以上工业增加值增速" not in page
    assert "济南研发投入" not in page


def test_reporter_sees_only_their_units_tasks_and_projects(client, world):
    assert "加快创新型城市建设" in changelist(client, world.alice, "indicators.task")
    assert "加快创新型城市建设" not in changelist(client, world.bob, "indicators.task")
    projects = changelist(client, world.bob, "projects.keyproject")
    assert "智能制造产业园" in projects
    assert "泰山创新谷" not in projects


def test_reporter_cannot_open_another_units_indicator_by_url(client, world):
    client.force_login(world.alice)
    url = reverse("admin:indicators_indicator_change", args=[world.industry_indicator.pk])
    response = client.get(url)
    assert response.status_code == 302  # the admin redirects with "不存在" for objects outside the queryset
    assert "规模以上工业增加值增速" not in client.get(response.url).content.decode()


def test_office_sees_its_jurisdiction_but_not_another(client, world):
    page = changelist(client, world.office, "indicators.indicator")
    assert "研发经费投入强度" in page and "规模以上工业增加值增速" in page
    assert "济南研发投入" not in page
    page = changelist(client, world.charlie, "indicators.indicator")
    assert "济南研发投入" in page and "研发经费投入强度" not in page


def test_office_of_another_jurisdiction_cannot_open_the_plan(client, world):
    client.force_login(world.charlie)
    response = client.get(reverse("admin:plans_plan_change", args=[world.plan.pk]))
    assert response.status_code == 302


def test_viewer_reads_but_cannot_change(client, world):
    client.force_login(world.viewer)
    url = reverse("admin:indicators_indicator_change", args=[world.science_indicator.pk])
    page = client.get(url).content.decode()
    assert "研发经费投入强度" in page
    assert 'name="_save"' not in page
    response = client.post(url, {"name": "改名"})
    assert response.status_code == 403


def test_reporter_enters_a_figure_inline_but_cannot_edit_the_indicator(client, world):
    client.force_login(world.alice)
    url = reverse("admin:indicators_indicator_change", args=[world.science_indicator.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' not in page  # the indicator's own fields are read-only for a reporter
    data = inline_post({"entries-0-year": "2022", "entries-0-value": "12.5"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ProgressEntry.objects.get(indicator=world.science_indicator, year=2022)
    assert entry.value == Decimal("12.5")
    assert entry.created_by == world.alice
    world.science_indicator.refresh_from_db()
    assert world.science_indicator.name == "研发经费投入强度"


def inline_post(fields: dict[str, str]) -> dict[str, str]:
    return {
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_reporter_cannot_add_entry_for_another_units_indicator(client, world):
    client.force_login(world.alice)
    response = client.post(
        reverse("admin:indicators_progressentry_add"),
        {"indicator": world.industry_indicator.pk, "year": "2022", "value": "3"},
    )
    assert response.status_code == 200  # the form comes back with an error on the field
    assert "选择一个有效的选项" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_user_admin_is_for_administrators_only(client, world):
    client.force_login(world.office)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    client.force_login(world.admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
