"""The real path: a request goes through Redis to a Celery worker started by the test.

Runs when CELERY_BROKER_URL is set (CI: redis://127.0.0.1:6379/0); skipped otherwise.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from reports.models import ReportRun, RunState
from reports.services import report_request
from tracker.celery import app

BROKER = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set: no broker to send reports through"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(settings):
    from celery.contrib.testing.worker import start_worker

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("the worker thread needs a database it can share: run with PostgreSQL or a file")
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    with app.connection_for_write() as conn:  # start from an empty queue
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous


def wait_for(run_id: int, timeout: float = 60) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.state in (RunState.DONE, RunState.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {ReportRun.objects.get(pk=run_id).state} after {timeout}s")


def test_a_report_goes_through_the_broker_to_a_worker(world, worker):
    run, created = report_request(kind="monitoring", year=2022, plan=world.plan, user=world.office)
    assert created and run.state == RunState.QUEUED
    done = wait_for(run.pk)
    assert done.state == RunState.DONE, done.error
    assert done.task_id and done.attempts == 1 and done.enqueue_error == ""
    assert done.file.size > 0
