"""One plan-year summary: the API, the admin dashboard and the reports count alike, and open on
the same default year, for every seeded plan and every year of it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from importer.seeding import seed_plans
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from indicators.services import evaluations_refresh
from indicators.summary import MAIN_ORIGINS, default_year
from plans.models import Plan
from progress.models import EntryState
from reports import builders
from reports.models import ReportKind
from reports.services import report_scope_plans


@pytest.fixture
def seeded(db):
    """The five plans, with approved figures for some of their indicators (on track, lagging,
    no data alike), and some stored evaluations missing, as when the store was not refreshed."""
    seed_plans()
    admin = User.objects.create_superuser("summary-admin", password="x")
    figures = []
    for plan in Plan.objects.order_by("pk"):
        targets = Indicator.objects.filter(
            plan=plan, origin__in=MAIN_ORIGINS, target_value__isnull=False, parent__isnull=True
        ).order_by("order")[:9]
        for index, indicator in enumerate(targets):
            share = (Decimal("0.2"), Decimal("0.9"), Decimal("1.3"))[index % 3]
            baseline = indicator.baseline_value or Decimal(0)
            for year in list(plan.years)[: 1 + index % 3]:
                value = baseline + (indicator.target_value - baseline) * share
                figures.append(
                    ProgressEntry(
                        indicator=indicator,
                        year=year,
                        value=value.quantize(Decimal("0.01")),
                        state=EntryState.APPROVED,
                    )
                )
    ProgressEntry.objects.bulk_create(figures)
    evaluations_refresh()
    stale = IndicatorEvaluation.objects.filter(indicator__entries__isnull=False).order_by("pk")
    IndicatorEvaluation.objects.filter(pk__in=list(stale.values_list("pk", flat=True)[::4])).delete()
    return admin


def api_counts(client: APIClient, plan: Plan, year: int | None) -> tuple[int, dict, dict, list]:
    query = f"?year={year}" if year is not None else ""
    summary = client.get(f"/api/v1/plans/{plan.pk}/summary/{query}").json()
    return (
        summary["year"],
        {row["status"]: row["count"] for row in summary["by_status"] if row["count"]},
        {row["category"]: row["total"] for row in summary["by_category"]},
        [row["name"] for row in summary["not_met"]],
    )


def dashboard_counts(client, plan: Plan, year: int | None) -> tuple[int, dict, dict, list]:
    query = f"?plan={plan.pk}" + (f"&year={year}" if year is not None else "")
    context = client.get(reverse("admin:plan_dashboard") + query).context
    board = context["board"]
    return (
        context["year"],
        {status.value: count for status, count in board.status_counts if count},
        {category: total for category, _counts, total in board.categories},
        [row.name for row in board.summary.not_met],
    )


def report_counts(plan: Plan, year: int) -> tuple[dict, dict, list, dict]:
    """Statuses and categories of the monitoring report's table (main indicators), its not-met list,
    and the statuses of the task bulletin's sub-targets (one row per unit there: counted once)."""
    table = builders.indicator_data([plan.pk], year, with_paths=False).table
    not_met = table[table["status"] == "not_met"]
    tasks = builders.collect(ReportKind.TASKS, plans=[plan], year=year).tables["tasks"]  # one row per unit
    targets = tasks[tasks["target"].fillna("") != ""].drop_duplicates(
        ["task_number", "target", "target_text"]
    )
    return (
        dict(Counter(table["status"])),
        dict(Counter(table["category"])),
        list(not_met.sort_values("binding", ascending=False, kind="stable")["name"]),
        dict(Counter(targets["status"])),
    )


def summary_by_origin(client, plan: Plan, year: int) -> tuple[dict, dict, list, dict]:
    """The same four, from the summary behind the dashboard."""
    query = f"?plan={plan.pk}&year={year}"
    rows = client.get(reverse("admin:plan_dashboard") + query).context["board"].summary.rows
    main = [row for row in rows if row.origin in MAIN_ORIGINS]
    return (
        dict(Counter(row.status for row in main)),
        dict(Counter(row.category for row in main)),
        [row.name for row in sorted((r for r in main if r.status == "not_met"), key=lambda r: not r.binding)],
        dict(Counter(row.status for row in rows if row.origin not in MAIN_ORIGINS)),
    )


def test_api_dashboard_and_reports_give_the_same_counts(seeded, client):
    api = APIClient()
    api.force_authenticate(seeded)
    client.force_login(seeded)
    statuses: Counter[str] = Counter()
    for plan in Plan.objects.order_by("pk"):
        for year in plan.years:
            counts = api_counts(api, plan, year)
            assert counts == dashboard_counts(client, plan, year), (plan.key, year)
            assert summary_by_origin(client, plan, year) == report_counts(plan, year), (plan.key, year)
            statuses.update(counts[1])
    assert {"on_track", "lagging", "no_data"} <= set(statuses)  # the comparison saw real differences


def test_the_three_surfaces_open_on_the_same_default_year(seeded, client):
    api = APIClient()
    api.force_authenticate(seeded)
    client.force_login(seeded)
    for plan in Plan.objects.order_by("pk"):
        year = default_year(plan)
        assert api_counts(api, plan, None)[0] == dashboard_counts(client, plan, None)[0] == year
        assert report_scope_plans(kind=ReportKind.MONITORING, year=None, plan=plan)[0] == year


def test_the_default_year_is_the_latest_with_an_approved_figure(db, world):
    assert default_year(world.plan, today=date(2030, 3, 1)) == 2025
    assert default_year(world.plan, today=date(2023, 3, 1)) == 2022
    ProgressEntry.objects.create(
        indicator=world.industry_indicator, year=2024, value=Decimal("1"), state=EntryState.SUBMITTED
    )
    assert default_year(world.plan, today=date(2030, 3, 1)) == 2025
    ProgressEntry.objects.create(
        indicator=world.science_indicator, year=2023, value=Decimal("1"), state=EntryState.APPROVED
    )
    assert default_year(world.plan, today=date(2030, 3, 1)) == 2023
