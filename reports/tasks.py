"""Celery tasks: thin wrappers taking ids and calling reports.services."""

from __future__ import annotations

from celery import Task, shared_task

from reports import services

REPORT_TIME_LIMIT = services.report_time_limit()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    time_limit=REPORT_TIME_LIMIT,
    soft_time_limit=max(REPORT_TIME_LIMIT - 60, 30),
)
def build_report(self: Task, run_id: int) -> str:
    """Build one report run; transient errors are retried with backoff, then recorded as failed."""
    final = self.request.retries >= self.max_retries
    try:
        run = services.report_run_execute(run_id=run_id, task_id=self.request.id or "", final_attempt=final)
    except services.TransientReportError as exc:
        if self.request.is_eager:  # no broker to come back later: try again in place, without waiting
            return build_report.apply(  # type: ignore[no-any-return]
                args=[run_id], task_id=self.request.id, retries=self.request.retries + 1
            ).get()
        raise self.retry(exc=exc, countdown=services.retry_delay(self.request.retries)) from exc
    return run.state if run is not None else "skipped"


@shared_task
def build_scheduled_reports(kind: str, fmt: str = "xlsx") -> int:
    """Request the kind's report for every plan it applies to (django-celery-beat schedules this)."""
    return len(services.scheduled_reports_request(kind=kind, fmt=fmt))


@shared_task
def send_deadline_reminders(days_before: list[int] | None = None, days_after: list[int] | None = None) -> int:
    return services.deadline_reminders_send(
        days_before=days_before if days_before is not None else (7, 1),
        days_after=days_after if days_after is not None else (1, 7),
    )


@shared_task
def sweep_report_runs() -> dict[str, int]:
    return services.report_runs_sweep()
