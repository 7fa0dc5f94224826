"""Celery tasks: thin wrappers taking ids and calling the services."""

from __future__ import annotations

from celery import shared_task

from indicators import services
from indicators.bulk import bulk_upload_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_bulk_upload(upload_id: int) -> str:
    """Run a large bulk upload (all or nothing); a second delivery of the same upload does nothing."""
    return str(bulk_upload_run(upload_id=upload_id).state)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def mail_warning_notices(notice_ids: list[int]) -> int:
    return services.warning_notices_mail(notice_ids=notice_ids)
