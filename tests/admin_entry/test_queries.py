"""The start page, the reporter's index and the dashboard run a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import IndicatorEvaluation, IndicatorResponsibility, ProgressEntry
from plans.models import Jurisdiction, Plan, Unit
from projects.models import KeyProject, ProjectBox, ProjectProgress, ProjectResponsibility
from supervision.models import Milestone
from tests.admin_entry.conftest import YEAR
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def grow(world, *, start: int, n: int) -> None:
    """n more indicators (under warning) and boxed projects for 市科技局 and overdue milestones of its
    task, units with an indicator each, district plans."""
    box = ProjectBox.objects.create(plan=world.plan, key=f"box{start}", number=start + 10, title="专栏")
    for i in range(start, start + n):
        indicator = make_indicator(world.plan, f"more{i}", f"指标{i}", category=f"类别{i % 3}")
        IndicatorResponsibility.objects.create(indicator=indicator, unit=world.science, role="lead")
        ProgressEntry.objects.create(
            indicator=indicator, year=YEAR - 1, value=Decimal(i), created_by=world.alice, state="approved"
        )
        ProgressEntry.objects.create(indicator=indicator, year=YEAR, value=Decimal(i), created_by=world.alice)
        for year in (YEAR - 1, YEAR):  # two yellows: on the 预警 block, escalated
            IndicatorEvaluation.objects.create(
                indicator=indicator, year=year, status="lagging", rule="t", explanation="", warning="yellow"
            )
        Milestone.objects.create(
            task=world.task,
            title=f"节点{i}",
            due_date=timezone.localdate() - timedelta(days=i + 1),
            owner=world.science,
        )
        project = KeyProject.objects.create(plan=world.plan, box=box, key=f"more{i}", name=f"项目{i}")
        ProjectResponsibility.objects.create(project=project, unit=world.science, role="lead")
        ProjectProgress.objects.create(
            project=project, year=YEAR, stage="construction", created_by=world.alice
        )
        unit = Unit.objects.create(name=f"单位{i}", jurisdiction=world.city)
        other = make_indicator(world.plan, f"unit{i}", f"单位指标{i}")
        IndicatorResponsibility.objects.create(indicator=other, unit=unit, role="lead")
        district = Jurisdiction.objects.create(name=f"区{i}", level="district", parent=world.city)
        Plan.objects.create(
            key=f"district{i}",
            title=f"区规划{i}",
            kind="five_year",
            jurisdiction=district,
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Session and user (2), Django's user and group permission look-ups for the app list (2), then:
# - start page and reporter's index (the same list): the unit's indicators, and its projects with
#   their boxes (2); deadlines and exceptions of their plans (2); this and last year's figures, the
#   year's evaluations, the projects' progress (3); the user's unit, for the title (1); the unit's
#   key tasks with their plans, settings and counts, their responsibilities, the period's feedback
#   and co-operating parts (4, supervision/selectors.py unit_tasks); the 预警 block: the stored
#   warnings, the plans' warning rules, the lead units of the warned indicators, the overdue
#   milestones (4, supervision/warnings.py warning_items).
# - dashboard: the user's unit (1, for scoping), the visible plans with their jurisdictions (1); the
#   plan's stored evaluations, indicators, deadline, yearly figures and last year's evaluations
#   (5), and, as nothing here stored the evaluations, the indicators to evaluate with their figures
#   and quotas (3); the responsibilities of indicators, tasks and projects (3), the projects'
#   progress (1), lock exceptions (1); the 预警 block as above (4).
EXPECTED = {
    ("alice", "admin:indicators_progressentry_worklist"): 20,
    ("alice", "admin:index"): 20,
    ("office", "admin:plan_dashboard"): 23,
}


@pytest.mark.parametrize(("user", "name"), sorted(EXPECTED))
def test_pages_are_pinned_and_do_not_grow(client, world, open_year, user, name):
    client.force_login(getattr(world, user))
    url = reverse(name) + (f"?plan={world.plan.pk}&year={YEAR}" if "dashboard" in name else "")
    grow(world, start=0, n=2)
    few = queries(client, url)
    grow(world, start=2, n=15)
    assert queries(client, url) == few == EXPECTED[user, name]
