"""What every deadline reminder shares (figures, 督办事项, task feedback): which deadlines are due a
reminder today, and where each unit's reminders go."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone


def reminder_days(
    today: date | None, days_before: Iterable[int], days_after: Iterable[int]
) -> dict[date, int]:
    """The deadlines a reminder is due for today: deadline → offset in days (negative before it)."""
    today = today or timezone.localdate()
    offsets = {-int(d) for d in days_before} | {int(d) for d in days_after}
    return {today - timedelta(days=offset): offset for offset in sorted(offsets)}


def unit_emails(unit_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mail addresses of each unit's active users: one query."""
    from accounts.models import User

    emails: dict[int, list[str]] = {}
    for unit_id, email in (
        User.objects.filter(unit_id__in=list(unit_ids), is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("unit_id", "email")
    ):
        emails.setdefault(unit_id, []).append(email)
    return emails
