"""The pieces every indicator admin page shares: readings of a target, status and warning badges
and colours, the list filters by plan, unit, evaluation year and status, unit prefetches."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.domain.early_warning import Colour
from indicators.domain.evaluation import Status
from indicators.models import (
    IndicatorResponsibility,
)
from indicators.palette import STATUS_COLOURS
from plans.admin_base import (
    PlanFilter,
    ResponsibleUnitFilter,
)
from plans.exports import share
from plans.models import Plan
from progress.worklist import figure_with_unit


def percent(value: Decimal | None) -> str:
    return share(value) or "—"


COMPARATOR_WORDS = {
    "eq": "",
    "ge": _("at least "),
    "gt": _("above "),
    "le": _("at most "),
    "lt": _("below "),
    "approx": _("about "),
}


def reading(kind: str, comparator: str, value: Decimal | None, unit: str) -> str:
    """How the system read a target cell, in words: 目标年水平值：不低于91%."""
    if value is None:
        return str(kind) or "—"
    return f"{kind}：{COMPARATOR_WORDS.get(comparator, '')}{figure_with_unit(value, unit)}"


class EntryPlanFilter(PlanFilter):
    plan_path = "indicator__plan"


class EntryUnitFilter(ResponsibleUnitFilter):
    unit_path = "indicator__responsibilities__unit"


def status_badge(status: str | None, explanation: str | None) -> str:
    """The published status class as a coloured badge; the explanation shows on hover."""
    known = Status(status) if status else Status.NO_DATA
    return format_html(
        '<span class="evaluation-status" data-status="{}" title="{}" style="background:{};color:#fff;'
        'padding:1px 6px;border-radius:3px;white-space:nowrap">{}</span>',
        known.value,
        explanation or _("No approved figure yet."),
        STATUS_COLOURS[known],
        known.label,
    )


WARNING_COLOURS = {Colour.GREEN: "#2e7d32", Colour.YELLOW: "#f9a825", Colour.RED: "#c62828"}


def warning_badge(colour: str, explanation: str) -> str:
    """The 预警 colour as a badge (its reasons on hover); a dash when the year cannot be judged."""
    if not colour:
        return "—"
    known = Colour(colour)
    return format_html(
        '<span class="warning-colour" data-colour="{}" title="{}" style="background:{};color:#fff;'
        'padding:1px 6px;border-radius:3px;white-space:nowrap">{}</span>',
        known.value,
        explanation,
        WARNING_COLOURS[known],
        known.label,
    )


class EvaluationStatusFilter(admin.SimpleListFilter):
    """Indicators by the status of the evaluated year (the dashboard links here)."""

    title = _("evaluation status")
    parameter_name = "eval_status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(status.value, status.label) for status in Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        if self.value() == Status.NO_DATA.value:
            return queryset.filter(Q(eval_status__isnull=True) | Q(eval_status=Status.NO_DATA.value))
        return queryset.filter(eval_status=self.value())


class EvaluationYearFilter(admin.SimpleListFilter):
    """Which year the status column evaluates; by default each indicator's latest year with data.

    The sidebar's list of years: IndicatorAdmin.get_queryset reads the year (requested_year) because
    the status column needs it on every row, filtered or not.
    """

    title = _("evaluation year")
    parameter_name = "eval_year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        span = Plan.objects.for_user(request.user).aggregate(first=Min("start_year"), last=Max("end_year"))
        if span["first"] is None:
            return []
        return [(year, str(year)) for year in range(span["last"], span["first"] - 1, -1)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset  # chooses the year get_queryset evaluates; it removes no row


def responsible_units() -> QuerySet[IndicatorResponsibility]:
    return IndicatorResponsibility.objects.select_related("unit")


def responsible_units_prefetch() -> Prefetch:
    return Prefetch("responsibilities", queryset=responsible_units())


def labelled(label: Any, value: str) -> str:
    """A list cell whose column name shows before it on a phone, where the list turns into cards."""
    return format_html('<span class="cell-label">{}：</span>{}', label, value)
