"""Schedules: created by the data migration, editable in the admin; what each scheduled run covers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django_celery_beat.models import PeriodicTask

from reports.models import ReportRun, RunState, Trigger
from reports.services import scheduled_reports_request, scheduled_year
from reports.tasks import build_scheduled_reports, sweep_report_runs

pytestmark = pytest.mark.django_db


def test_the_default_schedules_exist():
    tasks = {task.task: task for task in PeriodicTask.objects.select_related("crontab", "interval")}
    monitoring = PeriodicTask.objects.get(name__startswith="年度监测报告")
    assert monitoring.task == "reports.tasks.build_scheduled_reports"
    assert json.loads(monitoring.kwargs) == {"kind": "monitoring"}
    assert (monitoring.crontab.day_of_month, monitoring.crontab.month_of_year) == ("15", "1")
    bulletin = PeriodicTask.objects.get(name__startswith="重点任务进展通报")
    assert json.loads(bulletin.kwargs) == {"kind": "tasks"}
    assert bulletin.crontab.month_of_year == "1,4,7,10"
    assert json.loads(tasks["reports.tasks.send_deadline_reminders"].kwargs) == {
        "days_before": [7, 1],
        "days_after": [1, 7],
    }
    assert tasks["reports.tasks.sweep_report_runs"].interval.every == 10


@pytest.mark.parametrize(
    ("kind", "today", "year"),
    [
        ("monitoring", date(2024, 1, 15), 2023),
        ("tasks", date(2024, 1, 5), 2023),  # the quarter just ended is 2023 Q4
        ("tasks", date(2024, 4, 5), 2024),
        ("projects", date(2024, 10, 5), 2024),
    ],
)
def test_the_year_a_schedule_reports_on(kind, today, year):
    assert scheduled_year(kind, today) == year


def test_the_monitoring_schedule_requests_a_report_for_every_plan_with_indicators(
    seeded, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        runs = scheduled_reports_request(kind="monitoring", today=date(2024, 1, 15))
    # plans covering 2023 with main indicators: the two test plans and the seeded 十四五 plans with indicators
    keys = {run.plan.key for run in runs}
    assert {"taian-plan", "jinan-plan", "taishan-14th-fyp", "zhangdian-14th-fyp"} <= keys
    assert "taian-2023-green-lowcarbon-tasks" not in keys  # tasks only
    assert "huaiyin-15th-fyp" not in keys  # 2026–2030
    assert all(
        run.trigger == Trigger.SCHEDULE and run.year == 2023 and run.requested_by is None for run in runs
    )
    assert set(ReportRun.objects.values_list("state", flat=True)) == {RunState.DONE}


def test_the_task_bulletin_schedule_as_a_task(seeded, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = build_scheduled_reports.apply(kwargs={"kind": "tasks"}).get()
    assert count == ReportRun.objects.filter(kind="tasks").count()
    assert sweep_report_runs.apply().get() == {"failed": 0, "requeued": 0}
