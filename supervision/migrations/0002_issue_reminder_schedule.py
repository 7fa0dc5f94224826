"""The daily reminder about supervision issues (督办事项), editable afterwards in the admin."""

import json

from django.db import migrations

SCHEDULE = {
    "name": "督办事项提醒（每日）",
    "task": "supervision.tasks.send_issue_reminders",
    "kwargs": {"days_before": [3, 1], "days_after": [1, 7]},
    "crontab": {"minute": "30", "hour": "9", "day_of_month": "*", "month_of_year": "*"},
    "description": "督办事项答复期限前后按天数提醒尚未答复的责任单位。",
}


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        day_of_week="*", timezone="Asia/Shanghai", **SCHEDULE["crontab"]
    )
    PeriodicTask.objects.get_or_create(
        name=SCHEDULE["name"],
        defaults={
            "task": SCHEDULE["task"],
            "crontab": crontab,
            "kwargs": json.dumps(SCHEDULE["kwargs"]),
            "description": SCHEDULE["description"],
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_task_supervision"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
