"""Who sees what: the one place that turns a user into a filter.

Administrators see everything. Planning-office staff and viewers see the plans of their unit's
jurisdiction and of the jurisdictions below it. Reporters see only the items their unit is
responsible for. Anyone else (no unit, inactive) sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from accounts.models import User

NOTHING = Q(pk__in=[])
EVERYTHING = Q()
# Province → city → district/county: three levels below a unit's jurisdiction cover every plan.
JURISDICTION_DEPTH = 3


def jurisdiction_subtree_q(jurisdiction_id: int, path: str) -> Q:
    """Rows whose jurisdiction (at `path`) is `jurisdiction_id` or lies below it."""
    q = Q(**{path: jurisdiction_id})
    for depth in range(1, JURISDICTION_DEPTH):
        q |= Q(**{f"{path}{'__parent' * depth}": jurisdiction_id})
    return q


def is_unrestricted(user: User) -> bool:
    return bool(user.is_active and user.is_superuser)


def office_scope_q(user: User, jurisdiction_path: str) -> Q | None:
    """The filter for office staff and viewers, or None when the user is not one of them."""
    if user.role in {user.Role.PLANNING_OFFICE, user.Role.VIEWER} and user.unit_id:
        return jurisdiction_subtree_q(user.unit.jurisdiction_id, jurisdiction_path)
    return None


def can_manage_plan(user: User, plan_jurisdiction_id: int) -> bool:
    """Planning-office staff manage (approve, configure) the plans of their own jurisdiction only."""
    if is_unrestricted(user):
        return True
    return bool(
        user.is_active
        and user.role == user.Role.PLANNING_OFFICE
        and user.unit_id
        and user.unit.jurisdiction_id == plan_jurisdiction_id
    )


def scope_q(user: User, *, jurisdiction_path: str, reporter_q: Callable[[int], Q]) -> Q:
    """Rows of an item model the user sees; `reporter_q(unit_id)` says which items a unit answers for."""
    if not user.is_active:
        return NOTHING
    if is_unrestricted(user):
        return EVERYTHING
    office = office_scope_q(user, jurisdiction_path)
    if office is not None:
        return office
    if user.role == user.Role.REPORTER and user.unit_id:
        return reporter_q(user.unit_id)
    return NOTHING
