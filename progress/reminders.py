"""What every deadline reminder shares (figures, 督办事项, task feedback): which deadlines are due a
reminder today, and where each unit's reminders go."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation


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


def send_reminder(templates: str, context: dict[str, Any], recipients: list[str]) -> None:
    """One reminder e-mail in the site's language, from `<templates>_subject.txt` and `_body.txt`."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{templates}_subject.txt", context).strip()
        body = render_to_string(f"{templates}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
