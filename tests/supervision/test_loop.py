"""Closing the loop: contributions of co-operating units, milestones, 督办事项 and their reminders,
and a task's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_celery_beat.models import PeriodicTask

from supervision.models import IssueReminderLog, Milestone, TaskContribution
from supervision.selectors import overdue_milestones, task_timeline
from supervision.services import (
    contribution_save,
    contribution_send,
    feedback_approve,
    feedback_save,
    feedback_submit,
    issue_answer,
    issue_close,
    issue_open,
    issue_reminders_send,
    milestone_complete,
)
from supervision.tasks import send_issue_reminders
from tests.supervision.conftest import feedback_for

pytestmark = pytest.mark.django_db


def contribution(story, **fields):
    period = story.this_month
    values = {"completion": "on_schedule", "progress": "配合举办活动2场。"}
    values.update(fields)
    return TaskContribution(task=story.task, year=period.year, month=period.month, **values)


def test_a_cooperating_unit_sends_its_part_and_cannot_change_it_afterwards(world, story):
    part = contribution_save(contribution=contribution(story), user=world.bob)
    assert part.unit == world.industry and part.state == "draft"
    part = contribution_send(contribution=part, user=world.bob)
    assert part.state == "sent" and part.sent_at is not None
    part.progress = "改了"
    with pytest.raises(ValidationError):
        contribution_save(contribution=part, user=world.bob)


def test_the_lead_unit_does_not_send_a_part(world, story):
    with pytest.raises(ValidationError) as caught:
        contribution_save(contribution=contribution(story), user=world.alice)
    assert "task" in caught.value.message_dict
    assert not TaskContribution.objects.exists()


def test_the_office_and_the_lead_see_the_parts_a_stranger_does_not(world, story):
    contribution_send(
        contribution=contribution_save(contribution=contribution(story), user=world.bob), user=world.bob
    )
    assert TaskContribution.objects.for_user(world.office).count() == 1
    assert TaskContribution.objects.for_user(world.alice).count() == 1
    assert TaskContribution.objects.for_user(world.charlie).count() == 0


def test_overdue_milestones_are_flagged_for_the_warnings(world, story):
    late = Milestone.objects.create(
        task=story.task, title="出台工作方案", due_date=story.today - timedelta(days=5), owner=world.science
    )
    Milestone.objects.create(
        task=story.task, title="年底验收", due_date=story.today + timedelta(days=5), owner=world.science
    )
    assert list(overdue_milestones(today=story.today)) == [late]
    assert list(overdue_milestones(today=story.today, user=world.charlie)) == []
    milestone_complete(milestone=late, user=world.alice)
    assert not overdue_milestones(today=story.today).exists()


def test_only_the_owner_or_the_office_completes_a_milestone(world, story):
    milestone = Milestone.objects.create(
        task=story.task, title="出台工作方案", due_date=story.today, owner=world.science
    )
    with pytest.raises(PermissionDenied):
        milestone_complete(milestone=milestone, user=world.bob)
    milestone_complete(milestone=milestone, user=world.office)
    assert Milestone.objects.get().completed_by == world.office


def test_an_issue_is_opened_answered_and_closed(world, story):
    issue = issue_open(
        task=story.task,
        user=world.office,
        text="请说明平台落地进度",
        deadline=story.today + timedelta(days=7),
    )
    with pytest.raises(PermissionDenied):
        issue_open(task=story.task, user=world.alice, text="x", deadline=story.today)
    with pytest.raises(ValidationError):
        issue_close(issue=issue, user=world.office)  # not answered yet
    issue = issue_answer(issue=issue, user=world.alice, answer="已落地3个平台，其余年底前落地。")
    with pytest.raises(PermissionDenied):
        issue_close(issue=issue, user=world.alice)
    issue = issue_close(issue=issue, user=world.office, expected_version=issue.version)
    assert issue.state == "closed" and issue.closed_by == world.office


def test_reminders_go_before_and_after_the_deadline_once(world, story):
    world.alice.email, world.bob.email = "alice@example.cn", "bob@example.cn"
    world.alice.save(), world.bob.save()
    due = story.today + timedelta(days=3)
    issue = issue_open(task=story.task, user=world.office, text="请说明平台落地进度", deadline=due)
    assert issue_reminders_send(today=story.today) == 1
    assert issue_reminders_send(today=story.today) == 0  # once per offset
    assert sorted(mail.outbox[0].to) == ["alice@example.cn", "bob@example.cn"]
    assert "还有 3 天" in mail.outbox[0].subject
    assert send_issue_reminders.delay(days_before=[], days_after=[1]).get() == 0
    assert issue_reminders_send(today=due + timedelta(days=1)) == 1
    assert "逾期" in mail.outbox[1].subject
    issue_answer(issue=issue, user=world.alice, answer="已落地")
    assert issue_reminders_send(today=due + timedelta(days=7)) == 0  # answered: no more reminders
    assert IssueReminderLog.objects.count() == 2


def test_the_daily_reminder_is_a_beat_entry():
    entry = PeriodicTask.objects.get(task="supervision.tasks.send_issue_reminders")
    assert entry.enabled and entry.crontab.hour == "9"


def test_the_timeline_reads_assigned_feedback_review_done(world, story):
    feedback = feedback_save(feedback=feedback_for(story, completion="completed"), user=world.alice)
    feedback = feedback_submit(feedback=feedback, user=world.alice)
    feedback_approve(feedback=feedback, user=world.office)
    issue_open(
        task=story.task, user=world.office, text="请报送佐证材料", deadline=story.today + timedelta(days=7)
    )
    stages = [event.label for event in task_timeline(story.task)]
    assert stages[:3] == ["交办", "反馈", "办结"] and "督办" in stages
    done = next(event for event in task_timeline(story.task) if event.stage == "done")
    assert "office" in done.who and "市发展改革委" in done.who
