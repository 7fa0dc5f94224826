"""Default periodic tasks that migrations install (django-celery-beat), editable afterwards in the admin.

Migrations call `crontab_tasks(...)` with plain dicts (name, task, kwargs, crontab, description) so a
schedule is written once, read through the historical models, and removed again on reversal.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations


def crontab_tasks(*schedules: dict[str, Any]) -> migrations.RunPython:
    """A migration operation creating these crontab tasks in Asia/Shanghai time (kept if present)."""

    def create(apps: Any, schema_editor: Any) -> None:
        crontabs = apps.get_model("django_celery_beat", "CrontabSchedule")
        tasks = apps.get_model("django_celery_beat", "PeriodicTask")
        for item in schedules:
            crontab, _ = crontabs.objects.get_or_create(
                day_of_week="*", timezone="Asia/Shanghai", **item["crontab"]
            )
            tasks.objects.get_or_create(
                name=item["name"],
                defaults={
                    "task": item["task"],
                    "crontab": crontab,
                    "kwargs": json.dumps(item["kwargs"]),
                    "description": item["description"],
                },
            )

    def remove(apps: Any, schema_editor: Any) -> None:
        tasks = apps.get_model("django_celery_beat", "PeriodicTask")
        tasks.objects.filter(name__in=[item["name"] for item in schedules]).delete()

    return migrations.RunPython(create, remove)
