"""Task feedback reminders: the log that sends each at most once, and the daily schedule."""

import django.db.models.deletion
from django.db import migrations, models

from tracker.schedules import crontab_tasks

SCHEDULE = {
    "name": "任务进展反馈提醒（每日）",
    "task": "supervision.tasks.send_feedback_reminders",
    "kwargs": {"days_before": [3, 1], "days_after": [1, 7]},
    "crontab": {"minute": "45", "hour": "9", "day_of_month": "*", "month_of_year": "*"},
    "description": "反馈期限前后按天数提醒尚未报送重点任务进展反馈的牵头单位（仅限已设置督查的规划）。",
}


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_jurisdiction_level_national'),
        ('supervision', '0002_issue_reminder_schedule'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackReminderLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(max_length=16, verbose_name='feedback period')),
                ('offset_days', models.SmallIntegerField(help_text='Negative before the deadline, positive after it.', verbose_name='days from the deadline')),
                ('recipients', models.PositiveSmallIntegerField(default=0, verbose_name='recipients')),
                ('tasks', models.PositiveSmallIntegerField(default=0, verbose_name='tasks')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.plan', verbose_name='plan')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'feedback reminder sent',
                'verbose_name_plural': 'feedback reminders sent',
                'ordering': ['-sent_at'],
                'constraints': [models.UniqueConstraint(fields=('plan', 'period', 'unit', 'offset_days'), name='feedback_reminder_once_per_offset')],
            },
        ),
        crontab_tasks(SCHEDULE),
    ]
