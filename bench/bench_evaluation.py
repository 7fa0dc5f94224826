"""Evaluating every indicator of the province for one year, against the bare fetch of the same rows.

The second line adds the end-of-plan forecast and the warning colour of each indicator (issue 14:
it must stay within twice the evaluation alone).
"""

from __future__ import annotations

from django.db import connection

from bench.timing import median_seconds, paired_seconds, report, report_paired
from indicators.models import Indicator
from indicators.selectors import assess_indicators, evaluate_indicators

YEAR = 2020


def main() -> None:
    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, baseline_value, target_value FROM indicators_indicator")
            rows = cursor.fetchall()
            cursor.execute(
                "SELECT indicator_id, year, value FROM indicators_progressentry WHERE state = 'approved'"
            )
            rows += cursor.fetchall()

    # The selectors read the indicators' columns themselves, without model objects, as their
    # callers in the product do (evaluations_refresh).
    province = Indicator.objects.filter(plan__key__startswith="bench-")

    def evaluated() -> None:
        evaluate_indicators(province, YEAR)

    def judged() -> None:
        assess_indicators(province, YEAR)

    count = province.count()
    paired = paired_seconds(bare, evaluated, repeat=5)
    report_paired(
        f"bare SQL: {count} indicators and their figures", f"evaluate {count} indicators for {YEAR}", paired
    )
    evaluated_s = paired.work
    judged_s = median_seconds(judged, repeat=3)
    report(f"evaluate + forecast + warn {count} ({judged_s / evaluated_s:.1f}× evaluate)", judged_s)
