"""Every role rule in one place: who sees, enters, approves, configures, and which reports they get.

Nothing outside this module reads `user.role`, `User.Role`, `is_superuser` or `is_staff` to decide
anything (tests/test_policy.py checks the source), so a new role touches two files: the choices on
`accounts.models.User` and this module. The rules, role by role:

- **administrators** (superusers) may do everything, everywhere;
- **planning-office staff** see their unit's jurisdiction and every jurisdiction below it; they
  configure, enter figures for, approve and publish the plans of their *own* jurisdiction, see
  figures still in review there, and request reports on what they see;
- **unit reporters** see only the items their unit answers for (the caller says which, through
  `reporter_q`), enter figures for them, see their own figures before approval, and request and
  download their unit's own extract of a report;
- **viewers** read their jurisdiction and below, approved figures only, and download the reports
  of what they see;
- an inactive user, or one with no unit, sees and does nothing.

The API, for callers:

Visibility (filters to put on a queryset; `*_path` is the lookup from the row to a jurisdiction,
a plan or a unit):
    `scope_q(user, jurisdiction_path=, reporter_q=)`  rows of an item model the user sees
    `configure_q(user, jurisdiction_path)`             rows of the plans the user configures
    `own_unit_q(user, unit_path)`                      rows reporters see for their own unit only
    `report_runs_q(user, plans_q=)`                    report runs the user sees and downloads
    `import_jurisdictions_q(user)`                     jurisdictions the user files imported plans under
    `jurisdiction_subtree_q(jurisdiction_id, path)`    a jurisdiction and those below it
Questions (booleans):
    `is_administrator(user)`, `may_use_admin(user)`, `follows_whole_plans(user)`, `may_see_dashboard(user)`,
    `may_configure(user, jurisdiction_id=None)`, `may_enter_figures(user)`, `may_enter(user, item)`,
    `enterable_items(user, items)` (the batch form of `may_enter`; `read_in_scope` marks an item
    read through the user's scope, which for a reporter answers it),
    `may_approve(user, entry)`, `sees_unapproved(user, plan)`,
    `may_request_report(user, plan=None, jurisdiction=None, unit=None)`, `requests_own_extract_only(user)`,
    `may_download_report(user, run)`,
    `may_import_into(user, jurisdiction)`, `may_create_jurisdiction(user)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from accounts.models import User

NOTHING = Q(pk__in=[])
EVERYTHING = Q()
# Nation → province → city → district/county: four levels from a unit's jurisdiction cover every plan.
JURISDICTION_DEPTH = 4

ADMIN = "administrator"  # not a choice of User.role: the superuser flag
OFFICE, REPORTER, VIEWER = User.Role.PLANNING_OFFICE, User.Role.REPORTER, User.Role.VIEWER


def _role(user: User) -> str | None:
    """The role that decides: ADMIN for administrators, None for an inactive user or one without a unit."""
    if not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    if not user.unit_id:
        return None
    return str(user.role)


def _is(user: User, *roles: str) -> bool:
    return _role(user) in roles


# --- visibility ---------------------------------------------------------------------------------


def jurisdiction_subtree_q(jurisdiction_id: int, path: str) -> Q:
    """Rows whose jurisdiction (at `path`) is `jurisdiction_id` or lies below it."""
    q = Q(**{path: jurisdiction_id})
    for depth in range(1, JURISDICTION_DEPTH):
        q |= Q(**{f"{path}{'__parent' * depth}": jurisdiction_id})
    return q


def scope_q(user: User, *, jurisdiction_path: str, reporter_q: Callable[[int], Q]) -> Q:
    """Rows of an item model the user sees; `reporter_q(unit_id)` says which items a unit answers for."""
    role = _role(user)
    if role == ADMIN:
        return EVERYTHING
    if role in (OFFICE, VIEWER):
        return jurisdiction_subtree_q(user.unit.jurisdiction_id, jurisdiction_path)
    if role == REPORTER:
        return reporter_q(user.unit_id)
    return NOTHING


def configure_q(user: User, jurisdiction_path: str) -> Q:
    """Rows of the plans the user configures: an office its own jurisdiction's, an administrator all."""
    role = _role(user)
    if role == ADMIN:
        return EVERYTHING
    if role == OFFICE:
        return Q(**{jurisdiction_path: user.unit.jurisdiction_id})
    return NOTHING


def own_unit_q(user: User, unit_path: str) -> Q:
    """Rows about units (lock exceptions): a reporter sees their own unit's, everyone else all they see."""
    return Q(**{unit_path: user.unit_id}) if _is(user, REPORTER) else EVERYTHING


def report_runs_q(user: User) -> Q:
    """Runs a user sees and downloads: a report covers a whole plan or jurisdiction (every unit's
    figures), so it is for the offices and viewers whose jurisdiction covers it, a unit's extract
    too. Reporters see a plan only through their unit's items: they get their own unit's extracts."""
    role = _role(user)
    if role == ADMIN:
        return EVERYTHING
    if role == REPORTER:
        return Q(unit_id=user.unit_id)
    if role not in (OFFICE, VIEWER):
        return NOTHING
    own = user.unit.jurisdiction_id
    return jurisdiction_subtree_q(own, "plan__jurisdiction") | (
        Q(plan__isnull=True) & jurisdiction_subtree_q(own, "jurisdiction")
    )


def entries_in_view_q(user: User, jurisdiction_path: str, state_path: str = "state") -> Q:
    """Which entries of the items a user sees are shown: approved ones to everyone, and those still
    in the workflow (draft, submitted, returned) to whoever may enter or approve them: reporters
    (who see only their unit's items anyway) and the office of the plan's jurisdiction
    (`jurisdiction_path` leads from the entry to it). Viewers and other offices: approved only."""
    role = _role(user)
    if role in (ADMIN, REPORTER):
        return EVERYTHING
    approved = Q(**{state_path: "approved"})
    if role != OFFICE:
        return approved
    return approved | Q(**{jurisdiction_path: user.unit.jurisdiction_id})


# --- actions ------------------------------------------------------------------------------------


def is_administrator(user: User) -> bool:
    """Administrators are bound to no jurisdiction and manage users, tokens and jurisdictions."""
    return _is(user, ADMIN)


def may_use_admin(user: User) -> bool:
    return bool(user.is_staff) and _role(user) is not None


def follows_whole_plans(user: User) -> bool:
    """Administrators, planning-office staff and viewers: those who compare units and read whole plans."""
    return _is(user, ADMIN, OFFICE, VIEWER)


def may_see_dashboard(user: User) -> bool:
    return may_use_admin(user) and follows_whole_plans(user)


def may_configure(user: User, jurisdiction_id: int | None = None) -> bool:
    """May change plan content (and approve, publish) in that jurisdiction; without one, anywhere."""
    role = _role(user)
    if role == ADMIN:
        return True
    if role != OFFICE:
        return False
    return jurisdiction_id is None or user.unit.jurisdiction_id == jurisdiction_id


def may_enter_figures(user: User) -> bool:
    """Whether the user enters figures at all (for what: `may_enter`)."""
    return _is(user, ADMIN, OFFICE, REPORTER)


def enterable_items(user: User, items: Iterable[Any]) -> set[tuple[type, int]]:
    """The plan items (indicators, key projects) the user may enter figures for, as (model, pk):
    the office of each item's plan, or a reporter of a unit responsible for it. One query per
    model for reporters, none for the office; each item has a `plan` and a manager with `for_user`."""
    items = list(items)
    role = _role(user)
    if role in (ADMIN, OFFICE):
        return {(type(item), item.pk) for item in items if may_configure(user, item.plan.jurisdiction_id)}
    if role != REPORTER:
        return set()
    # An item read through the reporter's own scope (see `read_in_scope`) is one of their unit's.
    enterable = {(type(item), item.pk) for item in items if getattr(item, IN_SCOPE_OF, None) == user.pk}
    for model in {type(item) for item in items if (type(item), item.pk) not in enterable}:
        visible = model._default_manager.for_user(user).filter(
            pk__in=[item.pk for item in items if type(item) is model]
        )
        enterable |= {(model, pk) for pk in visible.values_list("pk", flat=True)}
    return enterable


IN_SCOPE_OF = "_in_scope_of"


def read_in_scope(item: Any, user: User) -> Any:
    """Mark an item just read through its manager's `for_user(user)`: for a reporter that scope is
    what `enterable_items` asks, so the request does not ask it twice."""
    setattr(item, IN_SCOPE_OF, user.pk)
    return item


def may_enter(user: User, item: Any) -> bool:
    """Enter figures for one plan item (see `enterable_items`)."""
    return (type(item), item.pk) in enterable_items(user, [item])


def may_approve(user: User, entry: Any) -> bool:
    """Approve, return or revise an entry: the office of its plan's jurisdiction."""
    return may_configure(user, entry.item.plan.jurisdiction_id)


def sees_unapproved(user: User, plan: Any) -> bool:
    """Who sees figures still in the workflow: those who may enter or review figures for the item.

    Reporters only see items their unit answers for, so for them it is every visible item; the
    office sees them for its own jurisdiction's plans. Viewers see approved figures only.
    """
    if _is(user, REPORTER):
        return True
    return may_configure(user, plan.jurisdiction_id)


def import_jurisdictions_q(user: User) -> Q:
    """Jurisdictions (rows of that model) the user may file an imported plan under: an office its
    own and those below it, an administrator any."""
    role = _role(user)
    if role == ADMIN:
        return EVERYTHING
    if role != OFFICE:
        return NOTHING
    return _own_and_below_q(user)


def may_import_into(user: User, jurisdiction: Any) -> bool:
    """File an imported plan under the jurisdiction (one query)."""
    return _role(user) == ADMIN or _in(jurisdiction, import_jurisdictions_q(user))


def may_create_jurisdiction(user: User) -> bool:
    """Add a jurisdiction a document names and the database lacks: administrators only."""
    return is_administrator(user)


def _own_and_below_q(user: User) -> Q:
    """Jurisdiction rows that are the user's unit's jurisdiction or lie below it."""
    own = user.unit.jurisdiction_id
    subtree = Q(pk=own)
    for depth in range(JURISDICTION_DEPTH - 1):
        subtree |= Q(**{f"parent{'__parent' * depth}_id": own})
    return subtree


def _in(row: Any, q: Q) -> bool:
    return bool(type(row)._default_manager.filter(q, pk=row.pk).exists())


def _covers(user: User, jurisdiction: Any) -> bool:
    """The user's unit is in the jurisdiction or one above it (one query)."""
    return _in(jurisdiction, _own_and_below_q(user))


def may_request_report(user: User, plan: Any = None, *, jurisdiction: Any = None, unit: Any = None) -> bool:
    """Request a report: planning-office staff on the plans they see (a plan, or a jurisdiction's
    plans), with or without a unit (its extract); a reporter their own unit's extract of a plan
    (the caller checks that they see the plan: their unit answers for something in it). Without a
    plan or jurisdiction, whether they may request reports at all."""
    role = _role(user)
    if role == ADMIN:
        return True
    if role == REPORTER:
        if plan is None:
            return jurisdiction is None and unit is None
        return unit is not None and unit.pk == user.unit_id
    if role != OFFICE:
        return False
    place = plan.jurisdiction if plan is not None else jurisdiction
    return place is None or _covers(user, place)


def requests_own_extract_only(user: User) -> bool:
    """Whether every report the user requests is their own unit's extract (reporters)."""
    return _is(user, REPORTER)


def may_download_report(user: User, run: Any) -> bool:
    """Download a run's file: whoever sees the run (`report_runs_q`)."""
    return bool(type(run)._default_manager.filter(report_runs_q(user), pk=run.pk).exists())


def plan_office_staff_q(jurisdiction_ids: Iterable[int]) -> Q:
    """Users who run the plans of these jurisdictions (told of their warnings): active office staff
    of a unit there."""
    return Q(is_active=True, role=OFFICE, unit__jurisdiction_id__in=list(jurisdiction_ids))
