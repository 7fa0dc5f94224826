"""Liveness and readiness: is the database reachable, and the broker when one is configured."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from kombu.connection import Connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:  # type: ignore[no-untyped-call]
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # kombu raises transport-specific errors; any of them means unreachable
        return "unreachable"


def healthz(request: HttpRequest) -> JsonResponse:
    db = database_ok()
    broker = broker_status()
    healthy = db and broker != "unreachable"
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": "ok" if db else "unreachable",
            "broker": broker,
        },
        status=200 if healthy else 503,
    )
