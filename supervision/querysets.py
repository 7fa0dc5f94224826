"""Scoped reads of supervision rows: each is visible to whoever may see its task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef

from accounts.policy import entries_in_view_q

if TYPE_CHECKING:
    from accounts.models import User


def visible_task(user: User, path: str = "task_id") -> Exists:
    from indicators.models import Task

    return Exists(Task.objects.for_user(user).filter(pk=OuterRef(path)))


class TaskScopedQuerySet(models.QuerySet[Any]):
    task_path = "task_id"

    def for_user(self, user: User) -> TaskScopedQuerySet:
        return self.filter(visible_task(user, self.task_path))


class FeedbackQuerySet(TaskScopedQuerySet):
    """Feedback still in the workflow is shown only to those who may enter or review it, as figures are."""

    entry_path = ""

    def for_user(self, user: User) -> TaskScopedQuerySet:
        jurisdiction, state = (f"{self.entry_path}{name}" for name in ("task__plan__jurisdiction", "state"))
        return super().for_user(user).filter(entries_in_view_q(user, jurisdiction, state))


class AttachmentQuerySet(FeedbackQuerySet):
    task_path = "feedback__task_id"
    entry_path = "feedback__"


class PlanScopedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> PlanScopedQuerySet:
        from plans.models import Plan

        return self.filter(Exists(Plan.objects.for_user(user).filter(pk=OuterRef("plan_id"))))
