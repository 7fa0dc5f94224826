"""The reporter's start page lists the unit's key tasks beside its figures, in constant queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Task, TaskResponsibility
from plans.models import ResponsibilityRole
from supervision.models import Milestone, TaskContribution
from supervision.periods import PeriodKind
from supervision.selectors import reporting_period
from supervision.services import contribution_save, contribution_send, feedback_save, issue_open
from tests.conftest import make_indicator
from tests.supervision.conftest import feedback_for

pytestmark = pytest.mark.django_db

START = "admin:indicators_progressentry_worklist"


def task_rows(html: str) -> dict[str, tuple[str, str]]:
    """Task number → (state, leads) as the page lists them."""
    found = re.findall(r'class="task-row" data-task="(\d+)" data-state="(\w+)" data-leads="(\d)"', html)
    return {number: (state, leads) for number, state, leads in found}


def reported(story):
    """The period the start page asks for: last month while its window is open, else this one."""
    return reporting_period(PeriodKind.MONTH, 10, story.today)


def test_the_start_page_lists_the_units_tasks_with_their_state(client, world, story):
    feedback_save(feedback=feedback_for(story, period=reported(story)), user=world.alice)
    client.force_login(world.alice)
    html = client.get(reverse(START)).content.decode()
    rows = task_rows(html)
    assert rows["1"] == ("draft", "1")  # 市科技局 leads task 1 of the story
    assert "2" not in rows  # task 2 is 市工信局's alone
    client.force_login(world.bob)
    html = client.get(reverse("admin:index")).content.decode()
    assert task_rows(html)["1"] == ("missing", "0") and task_rows(html)["2"][1] == "1"
    assert "配合单位：报送本单位部分" in html


def grow(world, story, start: int, n: int) -> None:
    """n more tasks 市科技局 leads, each with two numeric sub-targets, a milestone, an issue, a part."""
    for number in range(start, start + n):
        task = Task.objects.create(plan=story.plan, number=number, title=f"任务{number}")
        TaskResponsibility.objects.create(task=task, unit=world.science, role=ResponsibilityRole.LEAD)
        TaskResponsibility.objects.create(
            task=task, unit=world.industry, role=ResponsibilityRole.COOPERATING, order=1
        )
        for k in range(2):
            make_indicator(
                story.plan, f"t{number}:{k}", f"子目标{number}-{k}", origin=Indicator.Origin.TASK, task=task,
                target_text="10场以上", target_value=Decimal(10),
            )  # fmt: skip
        Milestone.objects.create(task=task, title="节点", due_date=story.today, owner=world.science)
        issue_open(task=task, user=world.office, text="请说明", deadline=story.today)
        period = reported(story)
        feedback_save(feedback=feedback_for(story, task=task, period=period), user=world.alice)
        contribution = TaskContribution(
            task=task, year=period.year, month=period.month, completion="on_schedule", progress="配合"
        )
        contribution_send(
            contribution=contribution_save(contribution=contribution, user=world.bob), user=world.bob
        )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_twenty_tasks_and_forty_sub_targets_cost_the_same_queries_as_two(client, world, story):
    client.force_login(world.alice)
    url = reverse(START)
    grow(world, story, start=10, n=2)
    few = count(client, url)
    grow(world, story, start=12, n=18)
    html = client.get(url).content.decode()
    assert len(task_rows(html)) == 21  # the story's task 1 and the twenty grown
    assert count(client, url) == few


def test_the_period_asked_for_stays_inside_the_plan():
    from datetime import date

    assert (
        reporting_period(PeriodKind.QUARTER, 10, date(2026, 12, 1), range(2023, 2024)).label()
        == "2023年第4季度"
    )
    assert reporting_period(PeriodKind.MONTH, 10, date(2022, 5, 1), range(2023, 2024)).label() == "2023年1月"
    assert reporting_period(PeriodKind.MONTH, 10, date(2023, 1, 5), range(2023, 2024)).label() == "2023年1月"
    assert reporting_period(PeriodKind.MONTH, 10, date(2023, 3, 5), range(2023, 2024)).label() == "2023年2月"
    assert reporting_period(PeriodKind.MONTH, 10, date(2023, 3, 11), range(2023, 2024)).label() == "2023年3月"


def test_a_plan_already_over_asks_for_its_last_period(client, world, story):
    story.plan.end_year = story.today.year - 1
    story.plan.save()
    client.force_login(world.alice)
    html = client.get(reverse(START)).content.decode()
    assert (
        f"{story.today.year - 1}年12月" in html and f"{story.today.year}年{story.today.month}月" not in html
    )
