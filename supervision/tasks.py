"""Celery tasks: thin wrappers calling supervision.services."""

from __future__ import annotations

from celery import shared_task

from supervision import services


@shared_task
def send_issue_reminders(days_before: list[int] | None = None, days_after: list[int] | None = None) -> int:
    return services.issue_reminders_send(
        days_before=days_before if days_before is not None else (3, 1),
        days_after=days_after if days_after is not None else (1, 7),
    )


@shared_task
def send_feedback_reminders(days_before: list[int] | None = None, days_after: list[int] | None = None) -> int:
    return services.feedback_reminders_send(
        days_before=days_before if days_before is not None else (3, 1),
        days_after=days_after if days_after is not None else (1, 7),
    )
