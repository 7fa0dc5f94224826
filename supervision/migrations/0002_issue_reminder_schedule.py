"""The daily reminder about supervision issues (督办事项), editable afterwards in the admin."""

from django.db import migrations

from tracker.schedules import crontab_tasks

SCHEDULE = {
    "name": "督办事项提醒（每日）",
    "task": "supervision.tasks.send_issue_reminders",
    "kwargs": {"days_before": [3, 1], "days_after": [1, 7]},
    "crontab": {"minute": "30", "hour": "9", "day_of_month": "*", "month_of_year": "*"},
    "description": "督办事项答复期限前后按天数提醒尚未答复的责任单位。",
}


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_task_supervision"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_tasks(SCHEDULE)]
