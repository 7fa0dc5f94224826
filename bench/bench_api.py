"""The indicator list over HTTP, against the bare SQL that fetches the same rows.

Full requests through the Django test client with a token of the province's planning office (who
sees every plan): authentication, scoping, the stored evaluation, pagination, JSON rendering. The
bare fetch reads the same indicators with their stored evaluation of the year and their responsible
units, as plain SQL rows. The goals (issue 18): a page of 1,000 evaluated indicators within 2× the
bare fetch, one plan's 40 indicators within 3×.

The database connection is kept between requests (as a server with DATABASE_CONN_MAX_AGE set keeps
it), so that both sides run on an open connection and connecting is not counted as the API's work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import connection
from django.test import Client, override_settings

from accounts.models import User
from bench.province import bench_user, token_key
from bench.timing import median_seconds, paired_seconds, report_paired
from plans.models import Plan

YEAR = 2020
PAGE = 1000
TOKEN_NAME = "bench-api"

COLUMNS = """i.id, i.plan_id, i.key, i.number, i.name, i.category, i.attribute, i.direction, i.measure,
       i.unit_of_measure, i.origin, i.task_id, i.parent_id, i.baseline_year, i.baseline_value,
       i.baseline_text, i.baseline_is_estimate, i.target_year, i.target_text, i.target_kind,
       i.target_comparator, i.target_value, i.target_unit, i.annual_text, i.annual_kind,
       i.annual_comparator, i.annual_value,
       e.year, e.status, e.explanation, e.expected, e.completion, e.time_progress"""
# Two plain formulations of the same rows; each database is faster with one of them, and the
# faster one is the baseline.
JOIN_THEN_LIMIT = f"""
SELECT {COLUMNS}
FROM indicators_indicator i
LEFT JOIN indicators_indicatorevaluation e ON e.indicator_id = i.id AND e.year = %s
WHERE {{where}}
ORDER BY i.plan_id, i."order", i.id
LIMIT %s
"""
LIMIT_THEN_JOIN = f"""
SELECT {COLUMNS}
FROM (SELECT * FROM indicators_indicator i WHERE {{where}} ORDER BY i.plan_id, i."order", i.id LIMIT %s) i
LEFT JOIN indicators_indicatorevaluation e ON e.indicator_id = i.id AND e.year = %s
ORDER BY i.plan_id, i."order", i.id
"""
UNITS_SQL = """
SELECT r.indicator_id, r.unit_id, u.name, r.role
FROM indicators_indicatorresponsibility r JOIN plans_unit u ON u.id = r.unit_id
WHERE r.indicator_id IN ({ids})
ORDER BY r."order", r.id
"""


def bare(where: str, params: list[object], limit: int, *, join_first: bool = True) -> int:
    with connection.cursor() as cursor:
        if join_first:
            cursor.execute(JOIN_THEN_LIMIT.format(where=where), [YEAR, *params, limit])  # type: ignore[list-item]
        else:
            cursor.execute(LIMIT_THEN_JOIN.format(where=where), [*params, limit, YEAR])  # type: ignore[list-item]
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        cursor.execute(UNITS_SQL.format(ids=", ".join(["%s"] * len(ids))), ids)
        cursor.fetchall()
    return len(rows)


def fastest_bare(where: str, params: list[object], limit: int) -> tuple[Callable[[], int], int]:
    """The faster of the two plain formulations, and how many rows it fetches."""
    formulations = [partial(bare, where, params, limit, join_first=first) for first in (True, False)]
    fastest = min(formulations, key=lambda fetch: median_seconds(fetch, repeat=5))
    return fastest, fastest()


def main() -> None:
    plan = Plan.objects.filter(key__startswith="bench-").order_by("pk").first()
    assert plan is not None
    key = token_key(bench_user("bench-office", User.Role.PLANNING_OFFICE), TOKEN_NAME, read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        response.content  # noqa: B018 - rendered in full

    connection.settings_dict["CONN_MAX_AGE"] = None  # keep the connection between requests
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        bare_plan, count = fastest_bare("i.plan_id = %s", [plan.pk], PAGE)
        url = f"/api/v1/indicators/?plan={plan.pk}&year={YEAR}"
        report_paired(
            f"bare SQL: one plan's {count} indicators, evaluation, units",
            f"GET {url}",
            paired_seconds(bare_plan, partial(get, url), repeat=31),
        )
        bare_page, count = fastest_bare("1 = 1", [], PAGE)
        url = f"/api/v1/indicators/?year={YEAR}&page_size={PAGE}"
        report_paired(
            f"bare SQL: {count} indicators, evaluation, units",
            f"GET {url}",
            paired_seconds(bare_page, partial(get, url), repeat=15),
        )
