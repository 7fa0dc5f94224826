"""The default report schedules, editable afterwards in the admin (django-celery-beat).

- the annual monitoring report of every plan, on 15 January (for the year just ended);
- the task progress bulletin, at the start of every quarter (for the quarter just ended);
- reminders to units with figures not yet submitted, checked every morning;
- the sweeper that fails runs stuck in "running" and re-sends runs the broker never got.
"""

from django.db import migrations

from tracker.schedules import crontab_tasks

SCHEDULES = [
    {
        "name": "年度监测报告（每年1月15日）",
        "task": "reports.tasks.build_scheduled_reports",
        "kwargs": {"kind": "monitoring"},
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "15", "month_of_year": "1"},
        "description": "为每个规划生成上一年度的指标监测报告。",
    },
    {
        "name": "重点任务进展通报（每季度）",
        "task": "reports.tasks.build_scheduled_reports",
        "kwargs": {"kind": "tasks"},
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "5", "month_of_year": "1,4,7,10"},
        "description": "每季度初为有重点任务的规划生成上一季度所在年度的任务进展通报。",
    },
    {
        "name": "填报截止提醒（每日）",
        "task": "reports.tasks.send_deadline_reminders",
        "kwargs": {"days_before": [7, 1], "days_after": [1, 7]},
        "crontab": {"minute": "0", "hour": "9", "day_of_month": "*", "month_of_year": "*"},
        "description": "截止日前后按天数提醒尚未报送指标数据的责任单位。",
    },
]
SWEEPER = {
    "name": "清理超时的报告任务（每10分钟）",
    "task": "reports.tasks.sweep_report_runs",
    "description": "运行超时的报告标记为失败；未能送达消息队列的请求重新排队。",
}


def create_sweeper(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEPER["name"],
        defaults={"task": SWEEPER["task"], "interval": interval, "description": SWEEPER["description"]},
    )


def remove_sweeper(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEPER["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [crontab_tasks(*SCHEDULES), migrations.RunPython(create_sweeper, remove_sweeper)]
