"""The task bulletin (督查通报) of a 500-task list: 40 units, four quarters of approved feedback per
task, two milestones per task (a third overdue), an open 督办事项 on one task in five.

Generated once (bulk inserts, no workflow) into the benchmark database; the issue asks < 2 s.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from bench.timing import median_seconds, report
from indicators.models import Task, TaskResponsibility
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Unit
from supervision.models import CompletionState, Milestone, SupervisionIssue, SupervisionSetting, TaskFeedback
from supervision.selectors import task_bulletin

TASKS, UNITS, YEAR = 500, 40, 2023
TODAY = date(YEAR, 12, 20)
STATES = list(CompletionState.values)


@transaction.atomic
def ensure_task_list() -> Plan:
    existing = Plan.objects.filter(key="bench-supervision-500").first()
    if existing is not None:
        return existing
    city = Jurisdiction.objects.create(name="督查基准市", level=Jurisdiction.Level.CITY)
    units = Unit.objects.bulk_create([Unit(name=f"基准单位{i:02d}", jurisdiction=city) for i in range(UNITS)])
    office = User.objects.create(
        username="bench-supervision-office", unit=units[0], role=User.Role.PLANNING_OFFICE
    )
    plan = Plan.objects.create(
        key="bench-supervision-500", title="督查基准任务清单", kind=Plan.Kind.ANNUAL_TASKS,
        jurisdiction=city, start_year=YEAR, end_year=YEAR, base_year=YEAR - 1,
    )  # fmt: skip
    SupervisionSetting.objects.create(plan=plan, period_kind="quarter")
    tasks = Task.objects.bulk_create(
        [Task(plan=plan, number=n + 1, title=f"基准任务{n + 1}") for n in range(TASKS)]
    )
    TaskResponsibility.objects.bulk_create(
        [
            TaskResponsibility(task=task, unit=units[(n + k) % UNITS], role=role, order=k)
            for n, task in enumerate(tasks)
            for k, role in enumerate([ResponsibilityRole.LEAD, ResponsibilityRole.COOPERATING])
        ]
    )
    TaskFeedback.objects.bulk_create(
        [
            TaskFeedback(
                task=task,
                year=YEAR,
                quarter=quarter,
                state="approved",
                created_by=office,
                completion=STATES[(n + quarter) % len(STATES)],
                progress="按计划推进。",
                reason="原因",
                measures="措施",
            )
            for n, task in enumerate(tasks)
            for quarter in range(1, 5)
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                task=task,
                title=f"节点{k}",
                due_date=TODAY - timedelta(days=30 - 40 * k),
                owner=units[n % UNITS],
            )
            for n, task in enumerate(tasks)
            for k in range(2)
        ]
    )
    SupervisionIssue.objects.bulk_create(
        [
            SupervisionIssue(
                task=task, text="请说明进度", deadline=TODAY - timedelta(days=n % 10), opened_by=office
            )
            for n, task in enumerate(tasks)
            if n % 5 == 0
        ]
    )
    return plan


def main() -> None:
    plan = ensure_task_list()
    bulletin = task_bulletin(plan_ids=[plan.pk], today=TODAY)
    seconds = median_seconds(lambda: task_bulletin(plan_ids=[plan.pk], today=TODAY), repeat=5)
    report(
        f"task bulletin, {TASKS} tasks, {len(bulletin.by_unit)} units, {len(bulletin.warnings)} flagged",
        seconds,
    )
