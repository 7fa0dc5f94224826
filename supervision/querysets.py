"""Scoped reads of supervision rows: each is visible to whoever may see its task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef

if TYPE_CHECKING:
    from accounts.models import User


def visible_task(user: User, path: str = "task_id") -> Exists:
    from indicators.models import Task

    return Exists(Task.objects.for_user(user).filter(pk=OuterRef(path)))


class TaskScopedQuerySet(models.QuerySet[Any]):
    task_path = "task_id"

    def for_user(self, user: User) -> TaskScopedQuerySet:
        return self.filter(visible_task(user, self.task_path))


class AttachmentQuerySet(TaskScopedQuerySet):
    task_path = "feedback__task_id"


class PlanScopedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> PlanScopedQuerySet:
        from plans.models import Plan

        return self.filter(Exists(Plan.objects.for_user(user).filter(pk=OuterRef("plan_id"))))
