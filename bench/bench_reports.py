"""The monitoring report for the whole generated province (~150 plans, 6,000 indicators), year 2020.

Compared with fetching the same rows with bare SQL: the indicators, their stored evaluations of
the year, their approved figures up to the year and their responsible units. Statuses are read
from the stored IndicatorEvaluation rows (refreshed once here if the benchmark data predates them).
Per-indicator charts are drawn only for single-plan reports, so the province report draws the
status overview only; the single-plan report with its 40 charts is timed too, for scale.
"""

from __future__ import annotations

import resource

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bench.timing import paired_seconds, report_paired
from plans.models import Plan
from reports import builders, writers

YEAR = 2020


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    plans = list(Plan.objects.filter(key__startswith="bench-").select_related("jurisdiction").order_by("pk"))
    ids = [plan.pk for plan in plans]
    id_list = ",".join(str(pk) for pk in ids)

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, plan_id, category, name, unit_of_measure, attribute, baseline_text, target_text "
                f"FROM indicators_indicator WHERE plan_id IN ({id_list})"
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT e.indicator_id, e.status, e.expected, e.completion, e.time_progress, e.explanation "
                "FROM indicators_indicatorevaluation e JOIN indicators_indicator i ON i.id = e.indicator_id "
                f"WHERE i.plan_id IN ({id_list}) AND e.year = {YEAR}"
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT p.indicator_id, p.year, p.value FROM indicators_progressentry p "
                "JOIN indicators_indicator i ON i.id = p.indicator_id "
                f"WHERE i.plan_id IN ({id_list}) AND p.state = 'approved' AND p.year <= {YEAR}"
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT r.indicator_id, u.name FROM indicators_indicatorresponsibility r "
                "JOIN plans_unit u ON u.id = r.unit_id JOIN indicators_indicator i ON i.id = r.indicator_id "
                f"WHERE i.plan_id IN ({id_list})"
            )
            cursor.fetchall()

    def tables() -> builders.IndicatorData:
        return builders.indicator_data(ids, YEAR, with_paths=False)

    def province_report() -> bytes:
        with translation.override("zh-hans"):
            content = builders.build(
                "monitoring", plans=plans, year=YEAR, jurisdiction_name="基准省（全部规划）"
            )
            return writers.render(content, "xlsx")

    def single_plan_report() -> bytes:
        with translation.override("zh-hans"):
            return writers.render(builders.build("monitoring", plans=plans[:1], year=YEAR), "xlsx")

    rows = len(tables().table)
    before = peak_mb()
    with CaptureQueriesContext(connection) as queries:
        size = len(province_report())
    bare_label = f"bare SQL: the same rows of {len(plans)} plans ({rows} indicators)"
    report_paired(
        bare_label,
        "DataFrames: the monitoring table from values() querysets",
        paired_seconds(bare, tables, repeat=5),
    )
    report_paired(
        bare_label,
        f"monitoring report {YEAR}, all plans, xlsx ({size // 1024} KiB, {len(queries)} queries)",
        paired_seconds(bare, province_report, repeat=3),
    )
    report_paired(
        bare_label,
        "monitoring report, one plan with its 40 charts, xlsx",
        paired_seconds(bare, single_plan_report, repeat=5),
    )
    print(
        f"  peak memory of the process: {peak_mb():.0f} MB (was {before:.0f} MB before the first report)",
        flush=True,
    )
