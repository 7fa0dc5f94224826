"""Writes with rules on indicators: the office's edits of targets, and the stored evaluations.

The review workflow of reported figures is `progress.services`; approving a figure comes back here
through the entry kind registered in `indicators.apps`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import may_configure
from indicators.domain.assessment import Assessment
from indicators.domain.evaluation import Evaluation
from indicators.domain.targets import Column, Target, parse_target
from indicators.models import Indicator, IndicatorEvaluation, IndicatorQuota
from indicators.selectors import evaluate_years
from progress.models import VALUE_DIGITS, VALUE_PLACES

if TYPE_CHECKING:
    from accounts.models import User


# --- targets ------------------------------------------------------------------------------


def parsed_fields(prefix: str, target: Target) -> dict[str, Any]:
    """The stored parse of a target cell: `target_kind`, `target_comparator`, `target_value`."""
    return {
        f"{prefix}_kind": target.kind.value,
        f"{prefix}_comparator": target.comparator.value if target.comparator else "",
        f"{prefix}_value": target.value,
    }


def indicator_save(*, indicator: Indicator, user: User) -> Indicator:
    """The office edits an indicator: its cells are parsed again and its evaluations recomputed."""
    if not may_configure(user, indicator.plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office changes the plan's indicators."))
    column = Column.TARGET if indicator.origin == Indicator.Origin.TABLE else Column.PROSE
    target = parse_target(indicator.target_text, column=column, indicator_name=indicator.name)
    annual = parse_target(indicator.annual_text, column=Column.ANNUAL, indicator_name=indicator.name)
    fields = {
        "baseline_value": parse_target(indicator.baseline_text, column=Column.BASELINE).value,
        "target_unit": target.unit,
        "relative_to_text": target.relative_to or annual.relative_to,
        **parsed_fields("target", target),
        **parsed_fields("annual", annual),
    }
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    with transaction.atomic():
        indicator._history_user = user  # type: ignore[attr-defined]
        indicator.save()
        evaluations_refresh(indicator_ids=[indicator.pk])
    return indicator


def indicator_link(*, indicator: Indicator, relative_to_id: int | None, user: User) -> Indicator:
    """The office links a relative target (与…同步) to the indicator of the same plan it is judged
    against, or unlinks it; evaluations are recomputed."""
    if not may_configure(user, indicator.plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office changes the plan's indicators."))
    linked = None
    if relative_to_id is not None:
        linked = Indicator.objects.filter(plan_id=indicator.plan_id, pk=relative_to_id).first()
        if linked is None:
            raise ValidationError({"relative_to": _("The linked indicator must belong to the same plan.")})
    indicator.relative_to = linked
    indicator.check_relative_link()
    with transaction.atomic():
        indicator._history_user = user  # type: ignore[attr-defined]
        indicator.save(update_fields=["relative_to"])
        evaluations_refresh(indicator_ids=[indicator.pk])
    return indicator


def yearly_targets_set(
    *, indicator: Indicator, targets: Iterable[Mapping[str, Any]], user: User
) -> list[IndicatorQuota]:
    """The office sets the targets of each year (quotas handed down, 6以上, 5.5左右): the given list
    replaces the stored one. All or nothing; a refused row names its index and field."""
    if not may_configure(user, indicator.plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office changes the plan's indicators."))
    rows = [IndicatorQuota(indicator=indicator, **target) for target in targets]
    errors: dict[str, list[str]] = {}
    years: set[int] = set()
    for index, row in enumerate(rows):
        try:
            row.full_clean(validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"yearly_targets[{index}].{field}", []).extend(messages)
        if row.year in years:
            errors.setdefault(f"yearly_targets[{index}].year", []).append(_("This year is given twice."))
        years.add(row.year)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        IndicatorQuota.objects.filter(indicator=indicator).delete()
        created = IndicatorQuota.objects.bulk_create(rows)
        evaluations_refresh(indicator_ids=[indicator.pk])
    return created


# --- stored evaluations ----------------------------------------------------------------------

REFRESH_BATCH = 500


def evaluations_refresh(
    *, indicator_ids: Iterable[int] | None = None, plan_ids: Iterable[int] | None = None
) -> int:
    """Recompute the stored evaluations of every year of the given indicators (or plans, or all).

    Indicators whose relative target is linked to a refreshed one are refreshed with it. Runs in
    batches, each a constant number of queries; returns the number of evaluations written.
    """
    queryset = Indicator.objects.select_related("plan").order_by("pk")
    if indicator_ids is not None:
        ids = set(indicator_ids)
        ids |= set(Indicator.objects.filter(relative_to_id__in=ids).values_list("pk", flat=True))
        queryset = queryset.filter(pk__in=ids)
    if plan_ids is not None:
        queryset = queryset.filter(plan_id__in=list(plan_ids))
    written = 0
    last_pk = 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:REFRESH_BATCH]):
        last_pk = batch[-1].pk
        rows = [
            IndicatorEvaluation(indicator_id=indicator.pk, **judged_fields(judged))
            for indicator, judged in evaluate_years(batch)
        ]
        with transaction.atomic():
            IndicatorEvaluation.objects.filter(indicator__in=batch).delete()
            IndicatorEvaluation.objects.bulk_create(rows)
        written += len(rows)
    return written


def evaluation_fields(evaluation: Evaluation) -> dict[str, object]:
    return {
        "year": evaluation.year,
        "status": evaluation.status.value,
        "time_progress": storable(evaluation.time_progress),
        "expected": storable(evaluation.expected),
        "completion": storable(evaluation.completion),
        "actual": storable(evaluation.actual),
        "assessed": storable(evaluation.assessed),
        "target_value": storable(evaluation.target_value),
        "rule": evaluation.rule,
        "explanation": evaluation.explanation,
    }


def judged_fields(judged: Assessment) -> dict[str, object]:
    """The stored row of an evaluation with its forecast and warning."""
    evaluation, projected, warning = judged.evaluation, judged.forecast, judged.warning
    return {
        **evaluation_fields(evaluation),
        "data_year": evaluation.data_year,
        "completed": evaluation.completed,
        "forecast_method": projected.method.value if projected.method else "",
        "forecast_value": storable(projected.projected),
        "forecast_completion": storable(projected.completion),
        "forecast_outlook": projected.outlook.value,
        "forecast_explanation": projected.explanation,
        "warning": warning.colour.value if warning.colour else "",
        "warning_explanation": warning.explanation if warning.colour else "",
    }


STORED_PLACES = Decimal(10) ** -VALUE_PLACES
STORED_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def storable(value: Decimal | None) -> Decimal | None:
    """Rounded to the column's places; a value the column cannot hold is not stored."""
    if value is None or not value.is_finite() or abs(value) >= STORED_LIMIT:
        return None
    return value.quantize(STORED_PLACES)
