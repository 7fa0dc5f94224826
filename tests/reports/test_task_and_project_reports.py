"""Task progress (per unit, latest status, overdue items) and key projects (per stage, investment)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from plans.models import Plan
from progress.models import EntryDeadline, EntryState
from progress.services import entry_approve, entry_save, entry_submit
from projects.models import ProjectProgress, ProjectStage
from reports.models import RunState
from reports.services import report_build_now
from tests.reports.helpers import header, records, workbook

pytestmark = pytest.mark.django_db
BY_UNIT, OVERDUE, TASKS = 1, 2, 3
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def task_plan(seeded):
    """泰安市's 2023 task list: alice (市科技局) reports on task 1 and the office approves one figure."""
    world = seeded
    plan = Plan.objects.get(key="taian-2023-green-lowcarbon-tasks")
    targets = {t.name: t for t in Indicator.objects.filter(plan=plan, task__number=1)}
    approved = entry_save(
        entry=ProgressEntry(
            indicator=targets["高端学术交流活动"], year=2023, value=Decimal(12), explanation="全年举办12场。"
        ),
        user=world.alice,
    )
    entry_approve(entry=entry_submit(entry=approved, user=world.alice), user=world.office)
    entry_save(
        entry=ProgressEntry(indicator=targets["落地创新创业平台"], year=2023, value=Decimal(5)),
        user=world.alice,
    )
    EntryDeadline.objects.create(plan=plan, year=2023, deadline=datetime(2024, 1, 31, 17, tzinfo=SHANGHAI))
    return plan


def test_tasks_per_unit_with_the_latest_status_and_overdue_items(task_plan):
    run = report_build_now(kind="tasks", year=2023, plan=task_plan)
    assert run.state == RunState.DONE, run.error
    book = workbook(run)
    rows = records(book.worksheets[TASKS])
    by_target = {r[header("Quantitative target")]: r for r in rows if r[header("Task no.")] == 1}
    done = by_target["高端学术交流活动"]
    stored = IndicatorEvaluation.objects.get(
        indicator__name="高端学术交流活动", indicator__plan=task_plan, year=2023
    )
    assert done[header("Entry state")] == str(EntryState.APPROVED.label)
    assert done[header("%(year)s figure", year=2023)] == 12
    # a one-year task list: a target met in its year is completed, not "on track"
    assert stored.status in ("on_track", "ahead", "achieved_early")
    assert done[header("Status")] == "已完成"
    assert done[header("Overdue")] is None
    assert done[header("Unit's explanation")] == "全年举办12场。"
    draft = by_target["落地创新创业平台"]
    assert draft[header("Entry state")] == str(EntryState.DRAFT.label)
    assert draft[header("Overdue")] == "是"
    assert draft[header("Deadline")] == "2024-01-31 17:00"
    # the task is shared by 市科协 too: its figure appears once, with both units
    assert len([r for r in rows if r[header("Quantitative target")] == "高端学术交流活动"]) == 1
    assert {"市科协", "市科技局"} <= set(done[header("Responsible unit")].replace("（牵头）", "").split("、"))

    overdue = records(book.worksheets[OVERDUE])
    targets = Indicator.objects.filter(plan=task_plan, origin="task").count()
    assert overdue and all(r[header("Overdue")] == "是" for r in overdue)
    assert "高端学术交流活动" not in {r[header("Quantitative target")] for r in overdue}
    assert len({(r[header("Task no.")], r[header("Quantitative target")]) for r in overdue}) == targets - 1

    units = {r[header("Responsible unit")]: r for r in records(book.worksheets[BY_UNIT])}
    assert units["市科技局"][header("Figures submitted or approved")] == 1
    assert units["市科技局"][header("Overdue items")] == units["市科技局"][header("Quantitative targets")] - 1


def test_before_the_deadline_nothing_is_overdue(task_plan):
    EntryDeadline.objects.filter(plan=task_plan).update(deadline=datetime(2100, 1, 1, tzinfo=SHANGHAI))
    run = report_build_now(kind="tasks", year=2023, plan=task_plan)
    assert workbook(run).worksheets[OVERDUE]["A2"].value == header("Nothing is overdue.")


def test_projects_per_stage_with_planned_and_completed_investment(world):
    project = world.science_project
    project.planned_investment = Decimal(20000)
    project.save()
    world.industry_project.planned_investment = Decimal(10000)
    world.industry_project.completed_investment = Decimal(2500)
    world.industry_project.stage = ProjectStage.PREPARATORY
    world.industry_project.save()
    for year, money in [(2021, 3000), (2022, 5000)]:
        entry = entry_save(
            entry=ProjectProgress(
                project=project, year=year, stage=ProjectStage.UNDER_CONSTRUCTION, investment_in_period=money
            ),
            user=world.alice,
        )
        entry_approve(entry=entry_submit(entry=entry, user=world.alice), user=world.office)
    run = report_build_now(kind="projects", year=2022, plan=world.plan)
    assert run.state == RunState.DONE, run.error
    book = workbook(run)
    projects = {r[header("Project")]: r for r in records(book.worksheets[2])}
    science = projects["泰山创新谷"]
    assert science[header("Stage")] == str(ProjectStage.UNDER_CONSTRUCTION.label)
    assert science[header("Completed investment (10,000 yuan)")] == 8000
    assert science[header("Investment completion")] == pytest.approx(0.4)
    assert science[header("Responsible unit")] == "市科技局"
    assert science[header("Latest approved report")] == 2022
    industry = projects["智能制造产业园"]
    # no approved report: counted as not reported, with the stage recorded on the project beside it
    assert industry[header("Stage")] == header("Not reported")
    assert industry[header("Stage as recorded")] == str(ProjectStage.PREPARATORY.label)
    assert industry[header("Completed investment (10,000 yuan)")] == 2500  # as recorded, no reports yet
    stages = {r[header("Stage")]: r for r in records(book.worksheets[1])}
    under_construction = stages[str(ProjectStage.UNDER_CONSTRUCTION.label)]
    assert under_construction[header("Projects")] == 1
    assert under_construction[header("Planned investment (10,000 yuan)")] == 20000
    assert stages[str(ProjectStage.RESERVE.label)][header("Projects")] == 0
    assert stages[header("Not reported")][header("Projects")] == 1
    # only 2021–2022 count for 2021: the 2022 figure is not in the 2021 report
    earlier = records(workbook(report_build_now(kind="projects", year=2021, plan=world.plan)).worksheets[2])
    assert {r[header("Project")]: r[header("Completed investment (10,000 yuan)")] for r in earlier}[
        "泰山创新谷"
    ] == 3000


def test_a_plan_without_projects_says_so(seeded):
    plan = Plan.objects.get(key="taian-2023-green-lowcarbon-tasks")
    run = report_build_now(kind="projects", year=2023, plan=plan)
    assert run.state == RunState.DONE
    assert workbook(run).worksheets[2]["A2"].value == header("The plan lists no key projects.")
