"""Admin changelists run a constant number of queries, however many rows they show."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, IndicatorResponsibility, ProgressEntry, Task, TaskResponsibility
from plans.models import Plan
from progress.models import EntryDeadline, LockException
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility
from reports.models import ReminderLog
from supervision.models import FeedbackReminderLog, IssueReminderLog, SupervisionIssue
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

# Queries per changelist for (administrator, planning office, reporter). An administrator's page
# costs the session and the user (2), the filtered and the unfiltered count (2), the rows (1), and
# the list filters' choices and prefetches of that page. Other users add three: their unit (for
# scoping) and Django's user and group permission look-ups for the apps that use model permissions
# (accounts, periodic tasks). Plans and sections for a reporter skip one filter's choices.
EXPECTED = {
    "indicators_indicator": (
        11,
        14,
        14,
    ),  # + plan, unit, category, year choices; own and task units prefetched
    "indicators_progressentry": (9, 12, 12),  # + plan, unit, year choices; responsible units prefetch
    "indicators_task": (9, 12, 12),  # + plan, unit choices; responsibilities and sub-target prefetches
    "progress_entrydeadline": (7, 10, 9),  # + plan, year choices (a reporter's plans: one query)
    "plans_jurisdiction": (5, 7, 7),  # + level choices
    "progress_lockexception": (7, 10, 9),  # + plan, year choices
    "plans_plan": (6, 9, 8),  # + jurisdiction choices
    "plans_section": (6, 9, 8),  # + plan choices
    "plans_unit": (6, 9, 9),  # + jurisdiction choices
    "projects_keyproject": (8, 11, 11),  # + plan, unit choices; responsibilities prefetch
    "projects_projectbox": (6, 9, 8),  # + plan choices
    "projects_projectprogress": (6, 9, 8),  # + year choices
    "reports_reminderlog": (6, 9, 8),  # + offset choices; the caller's plans within the rows' query
    "supervision_feedbackreminderlog": (7, 10, 9),  # + period, offset choices
    "supervision_issuereminderlog": (6, 9, 8),  # + offset choices
}
USERS = ("admin", "office", "alice")


def grow(world, *, start: int, n: int) -> None:
    """n more of every listed thing, each with a responsible unit and a reported figure."""
    for i in range(start, start + n):
        indicator = make_indicator(world.plan, f"extra{i}", f"指标{i}")
        IndicatorResponsibility.objects.create(indicator=indicator, unit=world.science, role="lead")
        ProgressEntry.objects.create(indicator=indicator, year=2022, value=Decimal(i), created_by=world.alice)
        task = Task.objects.create(plan=world.plan, number=100 + i, title=f"任务{i}")
        TaskResponsibility.objects.create(task=task, unit=world.science, role="lead")
        make_indicator(world.plan, f"task{i}", f"子目标{i}", origin=Indicator.Origin.TASK, task=task)
        project = KeyProject.objects.create(plan=world.plan, key=f"p{i}", name=f"项目{i}")
        ProjectResponsibility.objects.create(project=project, unit=world.science, role="lead")
        ProjectProgress.objects.create(
            project=project, year=2022, stage="construction", created_by=world.alice
        )
        plan = Plan.objects.create(
            key=f"extra-plan{i}",
            title=f"规划{i}",
            kind="action_plan",
            jurisdiction=world.city,
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )
        deadline = EntryDeadline.objects.create(
            plan=world.plan, year=2000 + i, deadline=timezone.now() + timedelta(days=i)
        )
        EntryDeadline.objects.create(plan=plan, year=2022, deadline=timezone.now() + timedelta(days=i))
        ReminderLog.objects.create(deadline=deadline, unit=world.science, offset_days=-3, recipients=1)
        issue = SupervisionIssue.objects.create(
            task=task, text=f"请说明进度{i}", deadline=timezone.localdate(), opened_by=world.office
        )
        IssueReminderLog.objects.create(issue=issue, offset_days=1, recipients=2)
        FeedbackReminderLog.objects.create(
            plan=world.plan, period=f"2022-{i:02d}", unit=world.science, offset_days=-1, tasks=i
        )
        LockException.objects.create(
            plan=world.plan,
            year=2022,
            unit=world.science,
            expires_at=timezone.now() + timedelta(days=i),
            granted_by=world.office,
        )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("changelist", sorted(EXPECTED))
def test_changelist_queries_are_pinned_and_do_not_grow(client, world, user, changelist):
    client.force_login(getattr(world, user))
    url = reverse(f"admin:{changelist}_changelist")
    grow(world, start=0, n=2)
    few = count_queries(client, url)
    grow(world, start=2, n=20)
    assert count_queries(client, url) == few == EXPECTED[changelist][USERS.index(user)]
