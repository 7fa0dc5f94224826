"""督查通报: per unit counts, the lagging list with reasons, the red/yellow list."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from indicators.models import Task, TaskResponsibility
from plans.models import ResponsibilityRole
from supervision.bulletin import BY_UNIT_COLUMNS, LAGGING_COLUMNS, WARNING_COLUMNS, build_bulletin
from supervision.models import Milestone
from supervision.selectors import bulletin_headers, bulletin_labels, task_bulletin
from supervision.services import feedback_approve, feedback_save, feedback_submit, issue_open
from tests.supervision.conftest import feedback_for

TODAY = date(2023, 7, 1)
LABELS = {
    "completed": "已完成", "on_schedule": "序时推进", "lagging": "滞后", "not_started": "未启动",
    "cannot_complete": "无法完成", "overdue_milestones": "%(count)s 个节点逾期",
    "issues_past_deadline": "%(count)s 项督办逾期", "open_issues": "%(count)s 项督办未办结",
}  # fmt: skip


def frames(feedback_rows, milestones=(), issues=()):
    tasks = pd.DataFrame(
        [
            {"id": 1, "plan_id": 1, "number": 1, "title": "甲", "unit_id": 10, "unit": "市科技局"},
            {"id": 2, "plan_id": 1, "number": 2, "title": "乙", "unit_id": 10, "unit": "市科技局"},
            {"id": 3, "plan_id": 1, "number": 3, "title": "丙", "unit_id": 11, "unit": "市工信局"},
        ]
    )
    feedback = pd.DataFrame(
        feedback_rows,
        columns=["id", "task_id", "completion", "reason", "measures", "problems", "period_end", "period"],
    )
    return {
        "tasks": tasks,
        "feedback": feedback,
        "overdue_milestones": pd.DataFrame(list(milestones), columns=["task_id", "owner_id", "owner"]),
        "open_issues": pd.DataFrame(list(issues), columns=["task_id", "deadline", "state"]),
    }


def test_the_latest_approved_feedback_decides_and_units_are_counted():
    rows = [
        (1, 1, "lagging", "资金未到位", "", "", date(2023, 3, 31), "2023年第1季度"),
        (2, 1, "on_schedule", "", "", "", date(2023, 6, 30), "2023年第2季度"),  # later: on schedule now
        (3, 2, "cannot_complete", "政策调整", "已报请调整", "", date(2023, 6, 30), "2023年第2季度"),
    ]
    bulletin = build_bulletin(
        **frames(rows, milestones=[(3, 11, "市工信局")], issues=[(3, date(2023, 6, 1), "open")]),
        today=TODAY,
        labels=LABELS,
    )
    by_unit = bulletin.by_unit.set_index("unit")
    assert by_unit.loc["市科技局", ["tasks", "on_schedule", "cannot_complete", "lagging"]].tolist() == [
        2,
        1,
        1,
        0,
    ]
    assert by_unit.loc[
        "市工信局", ["tasks", "no_feedback", "overdue_milestones", "open_issues"]
    ].tolist() == [1, 1, 1, 1]
    assert bulletin.lagging[["task_number", "completion", "reason", "measures"]].values.tolist() == [
        [2, "无法完成", "政策调整", "已报请调整"]
    ]
    warnings = bulletin.warnings[["level", "task_number", "why"]].values.tolist()
    assert warnings == [["red", 3, "1 个节点逾期；1 项督办逾期"], ["red", 2, "无法完成"]]  # by unit


def test_an_answered_issue_past_its_deadline_is_yellow_not_red():
    bulletin = build_bulletin(
        **frames([], issues=[(1, date(2023, 6, 1), "answered")]), today=TODAY, labels=LABELS
    )
    assert bulletin.warnings[["level", "task_number"]].values.tolist() == [["yellow", 1]]


def test_nothing_to_report_gives_empty_frames():
    bulletin = build_bulletin(
        **{**frames([]), "tasks": frames([])["tasks"].iloc[0:0]}, today=TODAY, labels=LABELS
    )
    assert bulletin.by_unit.empty and bulletin.lagging.empty and bulletin.warnings.empty


@pytest.mark.django_db
def test_the_bulletin_of_a_plan_from_the_database(world, story, django_assert_num_queries):
    feedback = feedback_save(
        feedback=feedback_for(story, completion="not_started", reason="场地未落实", measures="协调中"),
        user=world.alice,
    )
    feedback_approve(feedback=feedback_submit(feedback=feedback, user=world.alice), user=world.office)
    Milestone.objects.create(
        task=story.other_task,
        title="制定办法",
        due_date=story.today - timedelta(days=1),
        owner=world.industry,
    )
    issue_open(task=story.other_task, user=world.office, text="请说明", deadline=story.today)
    orphan = Task.objects.create(plan=story.plan, number=3, title="无责任单位的任务")
    TaskResponsibility.objects.filter(task=orphan).delete()
    with django_assert_num_queries(
        5
    ):  # tasks, responsibilities, approved feedback, overdue milestones, open issues
        bulletin = task_bulletin(plan_ids=[story.plan.pk], today=story.today)
    by_unit = bulletin.by_unit.set_index("unit")
    assert by_unit.loc["市科技局", "not_started"] == 1
    assert by_unit.loc["市工业和信息化局", ["tasks", "overdue_milestones", "open_issues"]].tolist() == [
        1,
        1,
        1,
    ]
    assert "（无责任单位）" in by_unit.index
    levels = dict(zip(bulletin.warnings["task_number"], bulletin.warnings["level"], strict=True))
    assert levels == {1: "yellow", 2: "yellow"}
    assert bulletin_labels()["not_started"] == "未启动"
    assert ResponsibilityRole.LEAD  # the story's task 1 is led by 市科技局


def test_every_bulletin_column_has_a_chinese_header():
    headers = bulletin_headers()
    for column in {*BY_UNIT_COLUMNS, *LAGGING_COLUMNS, *WARNING_COLUMNS}:
        assert headers[column] and not str(headers[column]).isascii(), column


def test_the_task_bulletin_report_carries_the_supervision(world, story):
    """The 督查通报 an office hands out: per unit, the red/yellow list, lagging tasks with reasons."""
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.models import RunState
    from reports.services import report_build_now

    feedback = feedback_save(
        feedback=feedback_for(story, completion="lagging", reason="资金未到位", measures="申请追加预算"),
        user=world.alice,
    )
    feedback_approve(feedback=feedback_submit(feedback=feedback, user=world.alice), user=world.office)
    run = report_build_now(kind="tasks", year=story.today.year, plan=story.plan)
    assert run.state == RunState.DONE, run.error
    book = load_workbook(BytesIO(run.file.read()), read_only=True)
    assert {"督查情况（按单位）", "滞后任务", "红黄牌"} <= set(book.sheetnames)
    lagging = [row for row in book["滞后任务"].iter_rows(values_only=True) if "资金未到位" in row]
    assert lagging and "市科技局" in lagging[0] and "申请追加预算" in lagging[0]
    cards = [row for row in book["红黄牌"].iter_rows(values_only=True) if story.task.title in row]
    assert cards and cards[0][0] == "红牌"
