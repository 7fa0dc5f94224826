"""Writes with rules on indicators: the office's edits of targets, and the stored evaluations.

The review workflow of reported figures is `progress.services`; approving a figure comes back here
through the entry kind registered in `indicators.apps`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.policy import may_configure, plan_office_staff_q
from indicators.domain.assessment import Assessment
from indicators.domain.early_warning import Colour, WarningRules, escalate
from indicators.domain.evaluation import Evaluation
from indicators.domain.targets import Column, Target, parse_target
from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorQuota,
    WarningNotice,
)
from indicators.selectors import Evaluated, evaluate_years, evaluated, lead_units, warning_rules
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
    *,
    indicator_ids: Iterable[int] | None = None,
    plan_ids: Iterable[int] | None = None,
    notify: bool = True,
) -> int:
    """Recompute the stored evaluations of every year of the given indicators (or plans, or all).

    Indicators whose relative target is linked to a refreshed one are refreshed with it. Runs in
    batches, each a constant number of queries; returns the number of evaluations written. With
    `notify`, a warning that worsened is recorded (WarningNotice) and e-mailed after the commit.
    """
    queryset = Indicator.objects.order_by("pk")
    if indicator_ids is not None:
        ids = set(indicator_ids)
        ids |= set(Indicator.objects.filter(relative_to_id__in=ids).values_list("pk", flat=True))
        queryset = queryset.filter(pk__in=ids)
    if plan_ids is not None:
        queryset = queryset.filter(plan_id__in=list(plan_ids))
    written = 0
    last_pk = 0
    noticed: list[int] = []
    while batch := evaluated(queryset.filter(pk__gt=last_pk)[:REFRESH_BATCH]):
        last_pk = batch[-1].pk
        rules = warning_rules(indicator.plan_id for indicator in batch)
        rows = [
            IndicatorEvaluation(indicator_id=indicator.pk, **judged_fields(judged))
            for indicator, judged in evaluate_years(batch, rules)
        ]
        with transaction.atomic():
            stored = IndicatorEvaluation.objects.filter(
                indicator_id__in=[indicator.pk for indicator in batch]
            )
            before = (
                warning_histories(stored.values_list("indicator_id", "year", "warning", "data_year"))
                if notify
                else {}
            )
            stored.delete()
            IndicatorEvaluation.objects.bulk_create(rows)
            if notify:
                created = warning_notices_record(batch=batch, before=before, rows=rows, rules=rules)
                noticed += [notice.pk for notice in created]
        written += len(rows)
    if noticed:
        # One mailing job for the whole refresh (an approved batch, a plan), not one per batch.
        from indicators.tasks import mail_warning_notices

        transaction.on_commit(lambda: mail_warning_notices.delay(noticed))
    return written


# --- warning notices ------------------------------------------------------------------------

WarningHistories = dict[int, dict[int, Colour]]
SEVERITY = {None: 0, Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


def warning_histories(rows: Iterable[tuple[int, int, str, int | None]]) -> WarningHistories:
    """Each indicator's colours by year, from (indicator, year, warning, data_year) rows. A year
    judged on an earlier year's figure (lagged data) is no period of its own: it is left out."""
    histories: WarningHistories = defaultdict(dict)
    for indicator_id, year, colour, data_year in rows:
        if colour and data_year is None:
            histories[indicator_id][year] = Colour(colour)
    return histories


def attention_at(history: Mapping[int, Colour], year: int, rules: WarningRules) -> Colour | None:
    """The attention due in `year` from the colours up to it; None when the year has no colour."""
    if year not in history:
        return None
    return escalate({y: c for y, c in history.items() if y <= year}, rules=rules).attention


def warning_notices_record(
    *,
    batch: Sequence[Evaluated],
    before: WarningHistories,
    rows: Sequence[IndicatorEvaluation],
    rules: Mapping[int, WarningRules],
) -> list[WarningNotice]:
    """Record every year whose attention due rose with this refresh (none → yellow → red, or two
    yellows in a row calling for red) above the year before, once per indicator, year and level
    (the caller has them e-mailed after the commit). Two queries (and one to write the notices,
    when there are any)."""
    after = warning_histories((row.indicator_id, row.year, row.warning, row.data_year) for row in rows)
    explanations = {(row.indicator_id, row.year): row.warning_explanation for row in rows}
    plan_of = {indicator.pk: indicator.plan_id for indicator in batch}
    known = set(
        WarningNotice.objects.filter(indicator_id__in=list(plan_of)).values_list(
            "indicator_id", "year", "attention"
        )
    )
    notices = []
    for indicator_id, history in after.items():
        indicator_rules = rules[plan_of[indicator_id]]
        old = before.get(indicator_id, {})
        for year in sorted(history):
            streak = escalate({y: c for y, c in history.items() if y <= year}, rules=indicator_rules)
            if streak.attention is None or streak.colour is None or streak.since is None:
                continue
            # Worse than this year was before the refresh, and worse than the year before: a colour
            # that stays red (or an escalation that holds) from one year to the next is no news.
            was = attention_at(old, year, indicator_rules)
            previous = attention_at(history, year - 1, indicator_rules)
            if SEVERITY[streak.attention] <= max(SEVERITY[was], SEVERITY[previous]):
                continue
            if (indicator_id, year, streak.attention.value) in known:
                continue
            notices.append(
                WarningNotice(
                    indicator_id=indicator_id,
                    year=year,
                    colour=streak.colour.value,
                    attention=streak.attention.value,
                    since=streak.since,
                    periods=streak.periods,
                    explanation=explanations[(indicator_id, year)],
                )
            )
    return WarningNotice.objects.bulk_create(notices)


def warning_notices_mail(*, notice_ids: Iterable[int]) -> int:
    """E-mail each notice not yet mailed to the users of the indicator's lead units and the plan's
    office; a notice is claimed before sending, so a retried or duplicated task mails it once.
    Returns the number of e-mails sent."""
    from accounts.models import User

    notices = list(
        WarningNotice.objects.filter(pk__in=list(notice_ids), mailed_at__isnull=True)
        .select_related("indicator__plan")
        .order_by("pk")
    )
    if not notices:
        return 0
    leads = lead_units(notice.indicator_id for notice in notices)
    units_of = {indicator_id: {unit_id for unit_id, _name in units} for indicator_id, units in leads.items()}
    unit_ids = {unit_id for units in units_of.values() for unit_id in units}
    jurisdictions = {notice.indicator.plan.jurisdiction_id for notice in notices}
    unit_emails: dict[int, list[str]] = defaultdict(list)
    office_emails: dict[int, list[str]] = defaultdict(list)
    for unit_id, jurisdiction_id, email, is_office in (
        User.objects.filter(Q(unit_id__in=unit_ids, is_active=True) | plan_office_staff_q(jurisdictions))
        .exclude(email="")
        .annotate(
            is_office=ExpressionWrapper(plan_office_staff_q(jurisdictions), output_field=BooleanField())
        )
        .order_by("pk")
        .values_list("unit_id", "unit__jurisdiction_id", "email", "is_office")
    ):
        if unit_id in unit_ids:
            unit_emails[unit_id].append(email)
        if is_office:
            office_emails[jurisdiction_id].append(email)
    units = {indicator_id: "、".join(name for _id, name in names) for indicator_id, names in leads.items()}
    sent = 0
    # One SMTP session for the whole job, not one per e-mail.
    with get_connection() as mailer:
        for notice in notices:
            indicator = notice.indicator
            recipients = sorted(
                {email for unit_id in units_of.get(indicator.pk, ()) for email in unit_emails[unit_id]}
                | set(office_emails[indicator.plan.jurisdiction_id])
            )
            claimed = WarningNotice.objects.filter(pk=notice.pk, mailed_at__isnull=True).update(
                mailed_at=timezone.now()
            )
            if not claimed or not recipients:
                continue
            context = {
                "indicator": indicator.name,
                "plan": indicator.plan.short_title or indicator.plan.title,
                "year": notice.year,
                "colour": notice.get_colour_display(),
                "attention": notice.get_attention_display(),
                "escalated": notice.attention != notice.colour,
                "since": notice.since,
                "periods": notice.periods,
                "units": units.get(indicator.pk, ""),
                "explanation": notice.explanation,
            }
            with translation.override(settings.LANGUAGE_CODE):
                subject = render_to_string("indicators/email/warning_subject.txt", context).strip()
                body = render_to_string("indicators/email/warning_body.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, connection=mailer)
            sent += 1
    return sent


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
        "binding_annual": judged.binding.annual if judged.binding else None,
        "binding_cumulative": judged.binding.cumulative if judged.binding else None,
        "binding_explanation": judged.binding.explanation if judged.binding else "",
    }


STORED_PLACES = Decimal(10) ** -VALUE_PLACES
STORED_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def storable(value: Decimal | None) -> Decimal | None:
    """Rounded to the column's places; a value the column cannot hold is not stored."""
    if value is None or not value.is_finite() or abs(value) >= STORED_LIMIT:
        return None
    return value.quantize(STORED_PLACES)
