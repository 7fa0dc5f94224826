"""Writes with rules for plan families: plan trees and chains, links, decompositions, baselines.

Every refusal is a ValidationError with a Chinese message on the field at fault, raised before
anything is written: nothing is ever half-linked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import may_configure
from families.domain import conversion_factor
from families.models import CommonIndicator, Decomposition, IndicatorLink
from families.selectors import predecessor_figure
from indicators.models import Indicator
from indicators.services import evaluations_refresh
from plans.models import Plan
from plans.services import creates_cycle, is_below

if TYPE_CHECKING:
    from accounts.models import User


def _require_office(user: User, plan: Plan) -> None:
    if not may_configure(user, plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction may change this."))


# --- the catalogue ---------------------------------------------------------------------------------


def link_check(*, indicator: Indicator, common: CommonIndicator) -> Decimal:
    """The factor from the indicator's unit into the common one; refuse units that cannot convert."""
    factor = conversion_factor(indicator.unit_of_measure, common.unit_of_measure)
    if factor is not None:
        return factor
    if indicator.unit_of_measure and common.unit_of_measure:
        raise ValidationError(
            {
                "common": _("“%(unit)s” cannot be converted to the common indicator's unit “%(common)s”.")
                % {"unit": indicator.unit_of_measure, "common": common.unit_of_measure}
            }
        )
    return Decimal(1)


def indicator_link(*, indicator: Indicator, common: CommonIndicator, user: User) -> IndicatorLink:
    """Link a plan indicator to a common indicator, keeping the unit factor."""
    _require_office(user, indicator.plan)
    factor = link_check(indicator=indicator, common=common)
    link, _created = IndicatorLink.objects.update_or_create(
        indicator=indicator, defaults={"common": common, "factor": factor, "linked_by": user}
    )
    return link


def indicator_unlink(*, indicator: Indicator, user: User) -> None:
    _require_office(user, indicator.plan)
    IndicatorLink.objects.filter(indicator=indicator).delete()


# --- decomposition ---------------------------------------------------------------------------------


def decomposition_check(*, parent: Indicator, child: Indicator) -> None:
    """Refuse a decomposition to a jurisdiction not below, in units that differ, or that loops."""
    if not is_below(child.plan.jurisdiction, parent.plan.jurisdiction_id):
        raise ValidationError(
            {
                "child": _("The lower-level indicator must be of a jurisdiction below “%(jurisdiction)s”.")
                % {"jurisdiction": parent.plan.jurisdiction}
            }
        )
    if (
        child.unit_of_measure
        and parent.unit_of_measure
        and conversion_factor(child.unit_of_measure, parent.unit_of_measure) is None
    ):
        raise ValidationError(
            {
                "child": _("“%(unit)s” cannot be converted to the higher-level unit “%(parent)s”.")
                % {"unit": child.unit_of_measure, "parent": parent.unit_of_measure}
            }
        )
    edges: dict[int, int | None] = dict(Decomposition.objects.values_list("child_id", "parent_id"))
    if creates_cycle(edges, child.pk, parent.pk):
        raise ValidationError({"child": _("This decomposition would make a loop.")})
    existing = Decomposition.objects.filter(child=child).exclude(parent=parent).first()
    if existing is not None:
        raise ValidationError(
            {"child": _("This indicator already breaks down “%(parent)s”.") % {"parent": existing.parent}}
        )


def decomposition_create(*, parent: Indicator, child: Indicator, user: User) -> Decomposition:
    """Hand a higher-level indicator's target down to a lower-level plan's indicator."""
    _require_office(user, parent.plan)
    decomposition_check(parent=parent, child=child)
    decomposition, _created = Decomposition.objects.get_or_create(parent=parent, child=child)
    return decomposition


# --- continuity ------------------------------------------------------------------------------------


def baseline_replace(*, indicator: Indicator, user: User) -> Indicator:
    """Replace a successor plan's estimated baseline with the predecessor's approved final figure.

    The old value stays in the indicator's history and its evaluations are recomputed.
    """
    _require_office(user, indicator.plan)
    if not indicator.baseline_is_estimate:
        raise ValidationError({"baseline_value": _("The baseline is not an estimate.")})
    figure = predecessor_figure(indicator)
    if figure is None:
        raise ValidationError(
            {"baseline_value": _("The preceding plan has no approved figure for the base year yet.")}
        )
    with transaction.atomic():
        indicator.baseline_value = figure.value
        indicator.baseline_is_estimate = False
        indicator._history_user = user  # type: ignore[attr-defined]
        indicator._change_reason = _("Baseline estimate replaced by the approved figure of %(year)s") % {  # type: ignore[attr-defined]
            "year": figure.year
        }
        indicator.save(update_fields=["baseline_value", "baseline_is_estimate"])
        evaluations_refresh(indicator_ids=[indicator.pk])
    return indicator
