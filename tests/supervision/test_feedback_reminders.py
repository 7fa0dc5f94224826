"""Reminders to the units whose task feedback for a period is missing, before and after the period's
reporting window closes (like the figures' deadline reminders)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from supervision.models import FeedbackReminderLog, SupervisionSetting, TaskFeedback
from supervision.periods import FeedbackPeriod
from supervision.services import feedback_reminders_send
from supervision.tasks import send_feedback_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(world, story) -> FeedbackPeriod:
    """March of last year: reported monthly, its window closes on 10 April."""
    world.alice.email, world.bob.email = "alice@example.cn", "bob@example.cn"
    world.alice.save(), world.bob.save()
    return FeedbackPeriod(story.today.year - 1, month=3)


def closes(period: FeedbackPeriod):
    return period.last_day + timedelta(days=10)


def test_each_unit_missing_feedback_is_reminded_once_before_and_after(world, story, march):
    TaskFeedback.objects.create(
        task=story.task, year=march.year, month=march.month, completion="on_schedule",
        progress="已举办学术交流活动6场。", state="submitted",
    )  # fmt: skip  # task 1 (市科技局) is in; task 2 (市工业和信息化局) is not
    assert feedback_reminders_send(today=closes(march) - timedelta(days=3)) == 1
    assert feedback_reminders_send(today=closes(march) - timedelta(days=3)) == 0  # once per offset
    (before,) = mail.outbox
    assert before.to == ["bob@example.cn"]
    assert f"{march.label()}" in before.subject and "还有 3 天" in before.subject
    assert story.other_task.title in before.body and story.task.title not in before.body
    assert str(closes(march)) in before.body
    assert feedback_reminders_send(today=closes(march) + timedelta(days=1)) == 1
    assert "逾期" in mail.outbox[1].subject
    assert FeedbackReminderLog.objects.filter(unit=world.industry).count() == 2


def test_a_draft_or_returned_feedback_still_counts_as_missing(world, story, march):
    TaskFeedback.objects.create(
        task=story.task, year=march.year, month=march.month, completion="on_schedule",
        progress="草稿", state="draft",
    )  # fmt: skip
    assert feedback_reminders_send(today=closes(march) - timedelta(days=1)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.cn", "bob@example.cn"]


def test_no_reminder_off_the_reminder_days_outside_the_plan_or_without_supervision(world, story, march):
    assert feedback_reminders_send(today=closes(march) - timedelta(days=2)) == 0  # not a reminder day
    before_plan = FeedbackPeriod(story.plan.start_year - 1, month=3)
    assert feedback_reminders_send(today=closes(before_plan) - timedelta(days=1)) == 0
    SupervisionSetting.objects.filter(plan=story.plan).delete()  # the office never set supervision up
    assert feedback_reminders_send(today=closes(march) - timedelta(days=1)) == 0
    assert mail.outbox == []


def test_the_daily_feedback_reminder_is_a_beat_entry_and_a_task(story):
    entry = PeriodicTask.objects.get(task="supervision.tasks.send_feedback_reminders")
    assert entry.enabled and entry.crontab.hour == "9"
    assert send_feedback_reminders.delay(days_before=[], days_after=[]).get() == 0
