"""Writes with rules on plans: their place in plan trees (parent) and chains (predecessor).

Refusals are ValidationErrors with a Chinese message on the field, raised before anything is
written; the admin's plan form runs the same check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.policy import may_configure
from plans.models import Jurisdiction, Plan

if TYPE_CHECKING:
    from accounts.models import User


def creates_cycle(edges: dict[int, int | None], child: int, parent: int | None) -> bool:
    """Whether making `parent` the parent of `child` closes a loop, given each node's current parent."""
    seen = {child}
    node = parent
    while node is not None:
        if node in seen:
            return True
        seen.add(node)
        node = edges.get(node)
    return False


def is_below(lower: Jurisdiction, upper_id: int) -> bool:
    """Whether `upper_id` is one of the jurisdictions above `lower`."""
    seen: set[int] = set()
    node = lower.parent
    while node is not None and node.pk not in seen:
        if node.pk == upper_id:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def plan_links_check(*, plan: Plan, parent: Plan | None, predecessor: Plan | None) -> None:
    """Refuse a parent that closes a loop or sits below, and a predecessor elsewhere or later."""
    errors: dict[str, str] = {}
    if parent is not None:
        edges = dict(Plan.objects.values_list("pk", "parent_id"))
        if parent.pk == plan.pk or (plan.pk and creates_cycle(edges, plan.pk, parent.pk)):  # type: ignore[arg-type]
            errors["parent"] = _("This parent plan would make the plan tree a loop.")
        elif parent.jurisdiction_id != plan.jurisdiction_id and not is_below(
            plan.jurisdiction, parent.jurisdiction_id
        ):
            errors["parent"] = _("The parent plan must belong to the same jurisdiction or one above it.")
    if predecessor is not None:
        taken = Plan.objects.filter(predecessor=predecessor).exclude(pk=plan.pk).first()
        if predecessor.pk == plan.pk or predecessor.start_year >= plan.start_year:
            errors["predecessor"] = _("The preceding plan must start before this one.")
        elif predecessor.jurisdiction_id != plan.jurisdiction_id:
            errors["predecessor"] = _("A preceding plan belongs to the same jurisdiction.")
        elif taken is not None:
            errors["predecessor"] = _("That plan is already continued by “%(plan)s”.") % {"plan": taken}
    if errors:
        raise ValidationError(errors)


def plan_links_set(*, plan: Plan, parent: Plan | None, predecessor: Plan | None, user: User) -> Plan:
    """Place a plan in its tree (district → city, annual list → five-year plan) and chain."""
    if not may_configure(user, plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction may change this."))
    plan_links_check(plan=plan, parent=parent, predecessor=predecessor)
    plan.parent, plan.predecessor = parent, predecessor
    plan.save(update_fields=["parent", "predecessor"])
    return plan
