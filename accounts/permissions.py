"""What each role may do. Visibility (which rows) lives in accounts/scoping.py; this is about actions.

- Administrators (superusers) may do everything.
- Planning-office staff configure the plans of their own jurisdiction (plans, sections, indicators,
  tasks, projects, units, quotas), enter figures, and approve or return entries.
- Unit reporters enter and submit figures for what their unit is responsible for.
- Viewers read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.scoping import can_manage_plan

if TYPE_CHECKING:
    from accounts.models import User


def can_use_admin(user: User) -> bool:
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.unit_id))


def can_configure(user: User, plan_jurisdiction_id: int | None = None) -> bool:
    """May change plan content; without a jurisdiction, whether the user may configure anything."""
    if plan_jurisdiction_id is None:
        return bool(user.is_active and (user.is_superuser or user.role == user.Role.PLANNING_OFFICE))
    return can_manage_plan(user, plan_jurisdiction_id)


def can_enter_figures(user: User) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.role in {user.Role.PLANNING_OFFICE, user.Role.REPORTER})
    )
