"""Figures in bulk: 2,000 new rows in one API request, and the office approving 6,000 figures.

Both run inside a transaction that is rolled back after each run, so the province stays as it was.
The bulk request posts a figure for every year of the province's own 200 indicators (their stored
figures are removed first, untimed), through the Django test client with a write token of the
province's planning office; its bare counterpart is one plain INSERT of the same rows (VALUES on
SQLite, one array per column on PostgreSQL; not `bulk_create`, whose per-value compilation costs
more than the database's work). Approval
submits 6,000 stored figures (untimed), then approves them as the admin's action does (one batch,
each affected indicator's evaluations refreshed once); its bare counterpart is one UPDATE of those rows.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from bench.province import END, START, bench_user, province_plans, token_key
from bench.timing import paired_seconds, report_paired
from indicators.models import Indicator, ProgressEntry
from progress.models import EntryState
from progress.services import entries_approve

APPROVALS = 6000


def main() -> None:
    office = bench_user("bench-office", User.Role.PLANNING_OFFICE)
    key = token_key(office, "bench-bulk", read_only=False)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    indicators = list(Indicator.objects.filter(plan__in=province_plans()[:5]).order_by("pk"))
    slots = [(item.pk, year) for item in indicators for year in range(START, END + 1)]
    body = json.dumps(
        [
            {"indicator": pk, "year": year, "value": f"{100 + n % 97}.5", "explanation": "统计快报"}
            for n, (pk, year) in enumerate(slots)
        ]
    )

    def clear() -> None:
        ProgressEntry.objects.filter(indicator__in=indicators).delete()

    def post() -> None:
        response = client.post("/api/v1/progress/bulk/", body, content_type="application/json")
        assert response.status_code == 200, response.content[:500]
        assert response.json()["counts"]["create"] == len(slots), response.content[:500]

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = [
        (pk, year, Decimal(f"{100 + n % 97}.5"), "统计快报", "", "", "draft", "", office.pk, now, now, 1, "")
        for n, (pk, year) in enumerate(slots)
    ]
    insert = (
        "INSERT INTO indicators_progressentry (indicator_id, year, value, explanation, data_source, "
        "attachment, state, return_reason, created_by_id, created_at, updated_at, version, judgement) "
    )
    if connection.vendor == "postgresql":  # one array per column: the driver binds on the client
        types = ["bigint", "smallint", "numeric", "text", "varchar", "varchar", "varchar", "text", "bigint"]
        types += ["timestamptz", "timestamptz", "integer", "varchar"]
        insert += f"SELECT * FROM UNNEST({', '.join(f'%s::{kind}[]' for kind in types)})"
        params: list[Any] = [list(column) for column in zip(*values, strict=True)]
    else:
        insert += f"VALUES {', '.join(['(' + ', '.join(['%s'] * len(values[0])) + ')'] * len(values))}"
        params = [value for row in values for value in row]

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(insert, params)

    connection.settings_dict["CONN_MAX_AGE"] = None
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        paired = paired_seconds(bare, post, repeat=3, prepare=clear)
        report_paired(
            f"bare SQL: INSERT {len(slots)} figures",
            f"POST /api/v1/progress/bulk/ with {len(slots)} new rows",
            paired,
            f"  {len(slots) / paired.work:,.0f} rows/s",
        )

    approver = bench_user("bench-admin", User.Role.PLANNING_OFFICE, superuser=True)
    chosen = list(
        ProgressEntry.objects.filter(quarter__isnull=True, indicator__plan__key__startswith="bench-")
        .order_by("indicator_id", "year")
        .values_list("pk", flat=True)[:APPROVALS]
    )

    def submit() -> None:
        ProgressEntry.objects.filter(pk__in=chosen).update(state=EntryState.SUBMITTED, submitted_by=office)

    def approve_all() -> None:
        entries = list(ProgressEntry.objects.filter(pk__in=chosen).select_related("indicator__plan"))
        _approved, refused = entries_approve(entries=entries, user=approver)
        assert not refused, refused[:3]

    def bare_update() -> None:
        ProgressEntry.objects.filter(pk__in=chosen).update(state=EntryState.APPROVED, reviewed_by=approver)

    report_paired(
        f"bare SQL: UPDATE {len(chosen)} figures to approved",
        f"approve {len(chosen)} figures, evaluations refreshed",
        paired_seconds(bare_update, approve_all, repeat=1, warmup=0, prepare=submit),
    )
