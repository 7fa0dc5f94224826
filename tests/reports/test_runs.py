"""Report runs under faults: broker down, worker killed, transient and permanent errors, duplicates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from reports import services, tasks
from reports.models import ReportRun, RunState, Trigger
from reports.services import report_request, report_run_execute, report_runs_sweep

pytestmark = pytest.mark.django_db


def request(world, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        run, created = report_request(
            kind=kwargs.pop("kind", "monitoring"),
            year=kwargs.pop("year", 2022),
            plan=world.plan,
            user=world.office,
            **kwargs,
        )
    run.refresh_from_db()
    return run, created


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(**kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_report, "apply_async", refuse)


@pytest.fixture
def no_worker(monkeypatch):
    """A broker that takes messages, and no worker to run them."""
    sent = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda **kwargs: sent.append(kwargs))
    return sent


def test_with_the_broker_down_the_request_is_kept_queued_and_says_why(
    world, broker_down, django_capture_on_commit_callbacks
):
    run, created = request(world, django_capture_on_commit_callbacks)
    assert created and run.state == RunState.QUEUED
    assert "Connection refused" in run.enqueue_error
    assert run.requested_by == world.office and run.trigger == Trigger.REQUEST


def test_the_sweeper_sends_it_again_when_the_broker_is_back(
    world, broker_down, monkeypatch, eager, django_capture_on_commit_callbacks
):
    run, _ = request(world, django_capture_on_commit_callbacks)
    monkeypatch.undo()  # the broker is back (eager here)
    assert report_runs_sweep() == {"failed": 0, "requeued": 1}
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.enqueue_error == ""


def test_the_next_identical_request_sends_a_stuck_run_again(
    world, broker_down, monkeypatch, eager, django_capture_on_commit_callbacks
):
    run, _ = request(world, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    again, created = request(world, django_capture_on_commit_callbacks)
    assert (again.pk, created) == (run.pk, False)
    assert again.state == RunState.DONE


def test_the_same_request_while_running_is_the_same_run(world, no_worker, django_capture_on_commit_callbacks):
    run, _ = request(world, django_capture_on_commit_callbacks)
    services.report_run_claim(run_id=run.pk, task_id=no_worker[0]["task_id"])
    again, created = request(world, django_capture_on_commit_callbacks)
    assert (again.pk, again.state, created) == (run.pk, RunState.RUNNING, False)
    assert len(no_worker) == 1  # nothing sent twice


def test_the_database_holds_one_active_run_per_request(world):
    fields = {"kind": "monitoring", "plan": world.plan, "year": 2022, "dedupe_key": "monitoring:xlsx:p1:2022"}
    ReportRun.objects.create(**fields)
    with pytest.raises(IntegrityError):
        ReportRun.objects.create(**fields)


def test_a_worker_killed_mid_run_is_failed_by_the_sweeper(
    world, no_worker, django_capture_on_commit_callbacks
):
    run, _ = request(world, django_capture_on_commit_callbacks)
    services.report_run_claim(
        run_id=run.pk, task_id="lost", now=timezone.now() - services.stale_after() - timedelta(minutes=1)
    )
    assert report_runs_sweep(requeue=False) == {"failed": 1, "requeued": 0}
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert run.error and run.finished_at


def test_a_stale_run_is_failed_on_the_next_request_which_starts_afresh(
    world, no_worker, django_capture_on_commit_callbacks
):
    run, _ = request(world, django_capture_on_commit_callbacks)
    services.report_run_claim(run_id=run.pk, task_id="lost", now=timezone.now() - timedelta(days=1))
    fresh, created = request(world, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert created and fresh.pk != run.pk and fresh.state == RunState.QUEUED


def test_a_redelivered_message_resumes_its_run_and_a_duplicate_does_nothing(
    world, no_worker, django_capture_on_commit_callbacks
):
    run, _ = request(world, django_capture_on_commit_callbacks)
    services.report_run_claim(run_id=run.pk, task_id="message-1")
    assert report_run_execute(run_id=run.pk, task_id="message-2") is None  # someone else is on it
    run.refresh_from_db()
    assert run.state == RunState.RUNNING
    done = report_run_execute(run_id=run.pk, task_id="message-1")  # the same message, after its worker died
    assert done.state == RunState.DONE and done.attempts == 2
    assert report_run_execute(run_id=run.pk, task_id="message-1") is None  # done is done


def test_transient_errors_are_retried_with_backoff(
    world, eager, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.report_generate
    calls = []

    def flaky(run):
        calls.append(run.attempts)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(run)

    monkeypatch.setattr(services, "report_generate", flaky)
    run, _ = request(world, django_capture_on_commit_callbacks)
    assert run.state == RunState.DONE
    assert calls == [1, 2] and run.attempts == 2
    assert services.retry_delay(0) == 30 and services.retry_delay(1) == 60 and services.retry_delay(10) == 600


def test_transient_errors_that_persist_fail_the_run_with_the_reason(
    world, eager, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(run):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "report_generate", broken)
    run, _ = request(world, django_capture_on_commit_callbacks)
    assert run.state == RunState.FAILED
    assert "could not connect to server" in run.error
    assert run.attempts == tasks.build_report.max_retries + 1


def test_a_bug_fails_the_run_at_once_with_the_reason(
    world, eager, monkeypatch, django_capture_on_commit_callbacks
):
    def bug(run):
        raise ValueError("bad data in row 7")

    monkeypatch.setattr(services, "report_generate", bug)
    run, _ = request(world, django_capture_on_commit_callbacks)
    assert run.state == RunState.FAILED and run.attempts == 1
    assert run.error == "ValueError: bad data in row 7"


def test_the_time_limit_fails_the_run(world, eager, monkeypatch, django_capture_on_commit_callbacks):
    def slow(run):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "report_generate", slow)
    run, _ = request(world, django_capture_on_commit_callbacks)
    assert run.state == RunState.FAILED
    assert str(services.report_time_limit()) in run.error


def test_a_run_that_keeps_losing_its_worker_is_given_up(world, no_worker, django_capture_on_commit_callbacks):
    run, _ = request(world, django_capture_on_commit_callbacks)
    ReportRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING, task_id="m", attempts=services.MAX_ATTEMPTS
    )
    assert report_run_execute(run_id=run.pk, task_id="m") is None
    run.refresh_from_db()
    assert run.state == RunState.FAILED and str(services.MAX_ATTEMPTS) in run.error
