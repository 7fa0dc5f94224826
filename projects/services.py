"""Writes with rules for key projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators.services import reviewed_entry_save
from projects.models import KeyProject, ProjectProgress

if TYPE_CHECKING:
    from accounts.models import User


def project_progress_save(*, entry: ProjectProgress, user: User) -> ProjectProgress:
    reviewed_entry_save(
        entry=entry, user=user, visible_items=KeyProject.objects.for_user(user), item_id=entry.project_id
    )
    return entry
