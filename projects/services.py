"""Writes with rules for key projects: their progress goes through the shared review workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators.services import entry_save
from projects.models import ProjectProgress

if TYPE_CHECKING:
    from accounts.models import User


def project_progress_save(
    *, entry: ProjectProgress, user: User, expected_version: int | None = None
) -> ProjectProgress:
    return entry_save(entry=entry, user=user, expected_version=expected_version)
