"""One common indicator compared across every plan of the province, year by year.

Each of the ~150 bench plans links its first indicator to one common indicator; the selector puts
them side by side (figure in the common unit, status, rank) for each of the ten years. The bare fetch
reads the same rows (link, plan, jurisdiction, approved figure, stored status) as plain SQL. Goal:
a constant number of queries and under 3× the bare fetch.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.province import END, START
from bench.timing import median_seconds, report
from families.models import CommonIndicator, IndicatorLink
from families.selectors import comparison
from indicators.models import Indicator, IndicatorEvaluation
from indicators.services import evaluations_refresh

BARE = """
SELECT l.indicator_id, i.name, p.title, j.name, jp.name, e.value, ev.status
FROM families_indicatorlink l
JOIN indicators_indicator i ON i.id = l.indicator_id
JOIN plans_plan p ON p.id = i.plan_id
JOIN plans_jurisdiction j ON j.id = p.jurisdiction_id
LEFT JOIN plans_jurisdiction jp ON jp.id = j.parent_id
LEFT JOIN indicators_progressentry e
  ON e.indicator_id = l.indicator_id AND e.year = %s AND e.state = 'approved' AND e.quarter IS NULL
LEFT JOIN indicators_indicatorevaluation ev ON ev.indicator_id = l.indicator_id AND ev.year = %s
WHERE l.common_id = %s
ORDER BY j.name, p.start_year, l.id
"""


def ensure_links() -> CommonIndicator:
    common, created = CommonIndicator.objects.get_or_create(
        name="基准通用指标", defaults={"unit_of_measure": "%"}
    )
    if created or not IndicatorLink.objects.filter(common=common).exists():
        rows = list(Indicator.objects.filter(plan__key__startswith="bench-", key="r0"))
        IndicatorLink.objects.bulk_create(IndicatorLink(indicator=row, common=common) for row in rows)
        if not IndicatorEvaluation.objects.filter(indicator__in=rows).exists():
            evaluations_refresh(indicator_ids=[row.pk for row in rows])
    return common


def bare(common_id: int) -> int:
    total = 0
    with connection.cursor() as cursor:
        for year in range(START, END + 1):
            cursor.execute(BARE, [year, year, common_id])
            total += len(cursor.fetchall())
    return total


def main() -> None:
    common = ensure_links()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-admin")
    members = IndicatorLink.objects.filter(common=common).count()

    def selector() -> int:
        return sum(
            len(comparison(user=admin, common=common, year=year).rows) for year in range(START, END + 1)
        )

    baseline = median_seconds(lambda: bare(common.pk))
    seconds = median_seconds(selector)
    with CaptureQueriesContext(connection) as queries:
        comparison(user=admin, common=common, year=END)
    report(f"compare one common indicator, {members} plans × 10 years", seconds, baseline)
    print(f"  queries per year's comparison: {len(queries.captured_queries)}", flush=True)
