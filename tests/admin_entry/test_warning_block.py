"""The 预警 block on top of the start pages: the unit's warnings on its worklist, the plan's on the
office's dashboard, with escalation and overdue milestones (issue 14)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import PlanWarningRules
from supervision.models import Milestone
from tests.admin_entry.conftest import figure, page

pytestmark = pytest.mark.django_db

WORKLIST = "admin:indicators_progressentry_worklist"


def warnings(html: str) -> list[tuple[str, str, str]]:
    """(kind, colour, attention) of each row of the block, in order."""
    return re.findall(
        r'class="warning-row" data-kind="(\w+)" data-colour="(\w+)" data-attention="(\w+)"', html
    )


@pytest.fixture
def two_yellows(world):
    # Judged on the gap to time progress only: 10 → 20 over 2021–2025.
    PlanWarningRules.objects.create(plan=world.plan, red_on_unlikely=False, yellow_on_difficult=False)
    figure(world, world.science_indicator, "14", year=2023, state="approved")  # 40 % done at 60 %
    figure(world, world.science_indicator, "16", year=2024, state="approved")  # 60 % done at 80 %


def test_the_dashboard_shows_two_yellows_escalated_to_red_attention(client, world, two_yellows):
    url = reverse("admin:plan_dashboard") + f"?plan={world.plan.pk}&year=2024"
    html = page(client, world.office, url)
    assert warnings(html) == [("indicator", "yellow", "red")]
    block = html[html.index('id="warning-block"') :]
    assert "研发经费投入强度" in block and "市科技局" in block
    assert "自2023年起，连续2年" in block and "按红色督办" in block
    assert "落后时序进度20.0个百分点" in block


def test_a_units_worklist_shows_its_own_warnings_and_overdue_milestones(
    client, world, open_year, two_yellows
):
    today = timezone.localdate()
    for days, title in ((40, "完成选址"), (5, "开工建设")):
        Milestone.objects.create(
            task=world.task, title=title, due_date=today - timedelta(days=days), owner=world.science
        )
    Milestone.objects.create(
        task=world.task,
        title="已办结",
        due_date=today - timedelta(days=60),
        owner=world.science,
        completed_on=today,
        completed_by=world.alice,
    )
    html = page(client, world.alice, reverse(WORKLIST))
    rows = warnings(html)
    assert ("milestone", "red", "red") in rows and ("milestone", "yellow", "yellow") in rows
    assert [kind for kind, _colour, _attention in rows].count("indicator") == 1
    assert "已逾期40天" in html and "已办结" not in html[html.index('id="warning-block"') :]
    assert warnings(page(client, world.alice, reverse("admin:index"))) == rows  # the reporter's index
    assert warnings(page(client, world.bob, reverse(WORKLIST))) == []  # 工信局 has none of these


def test_no_block_without_warnings(client, world, open_year):
    assert 'id="warning-block"' not in page(client, world.alice, reverse(WORKLIST))
