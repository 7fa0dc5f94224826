"""List endpoints run a constant number of queries, whatever the page size.

Every request with a token costs one: the token with its user and unit (its last use is stamped at
most once a minute, so not on these requests). A list then costs its page (the scope, the filters
and, for indicators, the stored evaluation and the plan's period are all parts of that one query),
plus one prefetch per related list shown on each row, plus the count when the page is full (a page
that is not full ends the list, so its rows tell the count).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorResponsibility,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from plans.models import Plan, Unit
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

# The queries of a full page; one fewer (no count) for a page that is not full.
EXPECTED = {
    "/api/v1/plans/": 3,  # token, page (with the jurisdiction joined), count
    "/api/v1/indicators/": 4,  # token, page with the stored evaluation, count, units
    "/api/v1/indicators/?year=2022&status=on_track": 4,  # the same, filtered on the stored status
    "/api/v1/indicators/?plan={plan}&year=2022": 4,  # the same, the rows with their plan's period
    "/api/v1/progress/": 3,  # token, page (indicator and the three users joined), count
    "/api/v1/tasks/": 4,  # token, page, count, units prefetch
    "/api/v1/projects/": 4,  # token, page (box joined), count, units prefetch
    "/api/v1/project-progress/": 3,  # token, page (project and users joined), count
    "/api/v1/units/": 3,  # token, page, count
    "/api/v1/jurisdictions/": 3,  # token, page, count
}
# Lists that grow() does not lengthen for someone: three jurisdictions, alice's one plan.
FEW = {("/api/v1/jurisdictions/", "admin"), ("/api/v1/jurisdictions/", "office")}
FEW |= {("/api/v1/jurisdictions/", "alice"), ("/api/v1/plans/", "alice")}


def grow(world, n: int) -> None:
    """n more of every listed thing in 泰安市, each with a responsible unit and a reported figure."""
    for i in range(n):
        Plan.objects.create(
            key=f"plan{i}",
            title=f"专项规划{i}",
            kind="action_plan",
            jurisdiction=world.city,
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )
        Unit.objects.create(name=f"部门{i}", jurisdiction=world.city)
        indicator = make_indicator(world.plan, f"extra{i}", f"指标{i}")
        IndicatorEvaluation.objects.create(
            indicator=indicator, year=2022, status="on_track", rule="test", explanation="on track"
        )
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


@pytest.mark.parametrize("role", ["admin", "office", "alice"])
@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_a_list_costs_the_same_for_one_row_or_a_full_page(api, world, django_assert_num_queries, url, role):
    grow(world, 12)
    client = api(role)
    client.get("/api/v1/")  # the token's first use of the minute is stamped before we count
    full = EXPECTED[url]
    url = url.format(plan=world.plan.pk)
    join = "&" if "?" in url else "?"
    with django_assert_num_queries(full):
        small = client.get(f"{url}{join}page_size=1")
    with django_assert_num_queries(full - 1):
        large = client.get(f"{url}{join}page_size=1000")
    assert small.status_code == large.status_code == 200
    if (url, role) not in FEW:
        assert len(large.json()["results"]) >= 12 > len(small.json()["results"])
        assert small.json()["count"] == large.json()["count"] == len(large.json()["results"])


@pytest.mark.parametrize("rows", [1, 5, 20])  # grow() adds two indicators a row: one page of 50
def test_the_benchmarked_indicator_lists_cost_the_same_for_any_number_of_rows(
    api, world, django_assert_num_queries, rows
):
    """The two reads of issue 18 (bench/bench_api.py): one plan's indicators for a year, and a full
    page of every indicator the office sees."""
    grow(world, rows)
    office = api("office")
    office.get("/api/v1/")
    with django_assert_num_queries(3):  # token, rows with their plan's period, units
        plan = office.get(f"/api/v1/indicators/?plan={world.plan.pk}&year=2022")
    with django_assert_num_queries(4):  # token, rows, count, units
        page = office.get(f"/api/v1/indicators/?year=2022&page_size={rows}")
    assert plan.json()["count"] == page.json()["count"] > rows
    assert len(page.json()["results"]) == rows


@pytest.mark.parametrize("year", [2022, None])
def test_the_stored_evaluation_subqueries_sort_nothing(world, year):
    """One row per (indicator, year): the default orderings would join and sort four tables per row."""
    from api.selectors import indicator_list

    sql = str(indicator_list(world.admin, year).order_by("pk").query)
    assert "plans_plan" not in sql and "plans_jurisdiction" not in sql  # the default orderings' joins
    # The list's own ORDER BY; without a year, also the pick of each indicator's latest year (once
    # for eval_year, and again inside each of the eight stored-evaluation subqueries that use it).
    assert sql.count("ORDER BY") == (1 if year else 10)


@pytest.mark.parametrize(
    ("query", "joined"), [("year=2022", False), ("", False), ("year=2022&status=on_track", True)]
)
def test_the_indicator_count_reads_the_evaluations_only_when_filtered_by_status(api, world, query, joined):
    """The evaluation of a year is one row or none per indicator: it adds columns, never rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(world, 2)
    office = api("office")
    office.get("/api/v1/")
    with CaptureQueriesContext(connection) as queries:
        page = office.get(f"/api/v1/indicators/?{query}&page_size=1")
    assert page.json()["count"] > 1
    (count,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert ("indicators_indicatorevaluation" in count) is joined


@pytest.mark.parametrize("count", [0, 1, 3, 40])
def test_the_unit_lists_take_any_number_of_ids_as_one_parameter(world, count):
    """tracker/db.Among: `= ANY(array)` on PostgreSQL, json_each on SQLite, the same rows as IN."""
    from api.selectors import unit_lists

    grow(world, 20)
    ids = list(Indicator.objects.order_by("pk").values_list("pk", flat=True)[:count])
    expected = {
        pk: [{"id": r.unit_id, "name": r.unit.name, "role": r.role or None} for r in rows]
        for pk in ids
        if (rows := list(IndicatorResponsibility.objects.filter(indicator_id=pk).order_by("order", "pk")))
    }
    assert dict(unit_lists([*ids, 2**62])) == expected
