"""Evaluating every indicator of the province for one year, against the bare fetch of the same rows.

The second line adds the end-of-plan forecast and the warning colour of each indicator (issue 14:
it must stay within twice the evaluation alone).
"""

from __future__ import annotations

from django.db import connection

from bench.timing import median_seconds, report
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
    bare_s = median_seconds(bare, repeat=3)
    report(f"bare SQL: {count} indicators and their figures", bare_s)
    evaluated_s = median_seconds(evaluated, repeat=3)
    report(f"evaluate {count} indicators for {YEAR}", evaluated_s, bare_s)
    judged_s = median_seconds(judged, repeat=3)
    report(f"evaluate + forecast + warn {count} ({judged_s / evaluated_s:.1f}× evaluate)", judged_s)
