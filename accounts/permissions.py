"""What each role may do. Visibility (which rows) lives in accounts/scoping.py; this is about actions.

- Administrators (superusers) may do everything.
- Planning-office staff configure the plans of their own jurisdiction (plans, sections, indicators,
  tasks, projects, units, quotas), enter figures, and approve or return entries.
- Unit reporters enter and submit figures for what their unit is responsible for.
- Viewers read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from accounts.scoping import EVERYTHING, can_manage_plan, is_unrestricted

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


def entries_in_view_q(user: User, jurisdiction_path: str) -> Q:
    """Which of the entries of visible items the user sees: approved ones, and those still in the
    workflow (draft, submitted, returned) for whoever may enter or approve them.

    Those are reporters (who see only their unit's items anyway) and the office of the plan's
    jurisdiction (`jurisdiction_path` leads from the entry to it). Viewers and offices above or
    beside the plan's jurisdiction see approved figures only.
    """
    if is_unrestricted(user) or (can_enter_figures(user) and user.role == user.Role.REPORTER):
        return EVERYTHING
    approved = Q(state="approved")
    if not can_enter_figures(user) or not user.unit_id:
        return approved
    return approved | Q(**{jurisdiction_path: user.unit.jurisdiction_id})


def sees_entries_in_progress(user: User, plan_jurisdiction_id: int) -> bool:
    """`entries_in_view_q` for the items of one plan: whether drafts are seen too."""
    if not can_enter_figures(user):
        return False
    if user.role == user.Role.REPORTER and not user.is_superuser:
        return True
    return can_manage_plan(user, plan_jurisdiction_id)


def can_read_reports(user: User) -> bool:
    """Reports (a plan's, a jurisdiction's) are for its planning office and viewers, not for reporters.

    A report shows every unit's figures; a reporter sees only their own unit's items. (A unit's own
    extract of a report is not built yet: reporters export their figures from the admin.)
    """
    return bool(
        user.is_active
        and (
            user.is_superuser or (user.unit_id and user.role in {user.Role.PLANNING_OFFICE, user.Role.VIEWER})
        )
    )
