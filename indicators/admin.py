"""The admin of indicators: targets, responsibilities, quotas, figures and the stored evaluation.

The shared filters and badges are in `indicators/admin_display.py`; tasks, progress entries,
warning rules and bulk uploads in `indicators/admin_entries.py`, registered from here.

Why this module is long: one ModelAdmin per indicator model; the display helpers and entry admins
already live in admin_display.py and admin_entries.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from indicators import (
    admin_entries,  # noqa: F401  (registers the task and entry admins)
)
from indicators.admin_display import (
    EvaluationStatusFilter,
    EvaluationYearFilter,
    percent,
    reading,
    responsible_units_prefetch,
    status_badge,
    warning_badge,
)
from indicators.dashboard import dashboard
from indicators.domain.evaluation import Status
from indicators.domain.explain import num
from indicators.domain.targets import TargetKind
from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorQuota,
    IndicatorResponsibility,
    ProgressEntry,
    TaskResponsibility,
)
from indicators.resources import IndicatorResource
from indicators.selectors import open_sdg_for
from indicators.services import evaluations_refresh, indicator_save
from plans.admin_base import (
    PlanFilter,
    ResponsibleUnitFilter,
    ScopedInline,
    requested_year,
    unit_names,
)
from plans.exports import EXPORT_FORMATS, ExportForm
from progress.admin_base import EntryInline, ReportedItemAdmin, state_badge
from progress.models import EntryState
from progress.worklist import figure_with_unit


class IndicatorResponsibilityInline(ScopedInline, admin.TabularInline):
    model = IndicatorResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class IndicatorQuotaInline(ScopedInline, admin.TabularInline):
    model = IndicatorQuota
    extra = 0


class ProgressEntryInline(EntryInline):
    """Figures under their indicator, each row with the target (and the value expected for its year),
    last year's approved figure and the stored evaluation of the year beside the fields."""

    model = ProgressEntry
    fields = [
        "year",
        "quarter",
        "value",
        "judgement",
        "explanation",
        "data_source",
        "version",
        "target_for_year",
        "previous_figure",
        "evaluation",
        "entry_state",
        "return_reason",
        "created_by",
    ]
    readonly_fields = [
        "target_for_year",
        "previous_figure",
        "evaluation",
        "entry_state",
        "return_reason",
        "created_by",
    ]

    def figures(
        self, indicator_id: int
    ) -> tuple[str, str, dict[tuple[int, int | None], Decimal | None], Any]:
        """The indicator's unit and target, approved figures and stored evaluations: three queries a page."""
        cache: dict[int, Any] = self.__dict__.setdefault("_figures", {})
        if indicator_id not in cache:
            unit, target = Indicator.objects.filter(pk=indicator_id).values_list(
                "unit_of_measure", "target_text"
            ).first() or ("", "")
            approved = {
                (year, quarter): value
                for year, quarter, value in ProgressEntry.objects.filter(
                    indicator_id=indicator_id, state=EntryState.APPROVED
                ).values_list("year", "quarter", "value")
            }
            evaluations = {e.year: e for e in IndicatorEvaluation.objects.filter(indicator_id=indicator_id)}
            cache[indicator_id] = (unit, target, approved, evaluations)
        return cache[indicator_id]

    @admin.display(description=_("target"))
    def target_for_year(self, entry: ProgressEntry) -> str:
        """The target as written, and the value expected for the row's year once one is evaluated."""
        if not entry.indicator_id:
            return "—"
        unit, target, _approved, evaluations = self.figures(entry.indicator_id)
        evaluation = evaluations.get(entry.year) if entry.year else None
        if evaluation is None or evaluation.expected is None or evaluation.data_year is not None:
            return target or "—"
        return gettext("%(target)s (expected this year: %(expected)s)") % {
            "target": target or "—",
            "expected": figure_with_unit(evaluation.expected, unit),
        }

    @admin.display(description=_("last year's figure"))
    def previous_figure(self, entry: ProgressEntry) -> str:
        if not entry.indicator_id or not entry.year:
            return "—"
        unit, _target, approved, _evaluations = self.figures(entry.indicator_id)
        return figure_with_unit(approved.get((entry.year - 1, entry.quarter)), unit)

    @admin.display(description=_("evaluation"))
    def evaluation(self, entry: ProgressEntry) -> str:
        if not entry.indicator_id or not entry.year:
            return "—"
        if entry.pk and entry.state != EntryState.APPROVED:
            return format_html('<span class="muted">{}</span>', _("Evaluated once approved"))
        _unit, _target, _approved, evaluations = self.figures(entry.indicator_id)
        stored = evaluations.get(entry.year)
        return status_badge(stored.status if stored else None, stored.explanation if stored else None)


# What a reporter sees of an indicator above the figures they enter.
REPORTER_FIELDSETS = [
    (
        None,
        {
            "fields": [
                "plan",
                "number",
                "name",
                "category",
                "task",
                "unit_of_measure",
                "attribute",
                "direction",
            ]
        },
    ),
    (
        _("Target"),
        {
            "fields": [
                "baseline_year",
                "baseline_text",
                "target_year",
                "target_text",
                "annual_text",
                "data_source_unit",
                "footnote",
            ]
        },
    ),
    (_("Evaluation"), {"fields": ["evaluation_by_year", "open_sdg_method"]}),
]


@admin.register(Indicator)
class IndicatorAdmin(ExportMixin, ReportedItemAdmin):
    list_display = [
        "number",
        "name",
        "plan",
        "category",
        "unit_of_measure",
        "attribute",
        "baseline_text",
        "target_text",
        "lead_units",
        "status",
    ]
    list_display_links = ["number", "name"]
    list_filter = [
        PlanFilter,
        "category",
        "attribute",
        "origin",
        ResponsibleUnitFilter,
        EvaluationYearFilter,
        EvaluationStatusFilter,
    ]
    list_select_related = ["plan", "task"]
    search_fields = ["name", "name_as_written", "category"]
    resource_classes = [IndicatorResource]
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm
    autocomplete_fields = ["parent", "relative_to", "data_source_unit"]
    raw_id_fields = ["task", "section"]
    readonly_fields = [
        "evaluation_by_year",
        "open_sdg_method",
        "key",
        "plan",
        "origin",
        "line",
        "target_reading",
        "annual_reading",
        "baseline_number",
    ]
    curation_fields = ("key", "note")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "plan",
                    "key",
                    "number",
                    "name",
                    "name_as_written",
                    "category",
                    "unit_of_measure",
                    "attribute",
                    "direction",
                    "measure",
                    "reports_quarterly",
                    "parent",
                    "task",
                    "section",
                ]
            },
        ),
        (
            _("Baseline"),
            {"fields": ["baseline_year", "baseline_text", "baseline_number", "baseline_is_estimate"]},
        ),
        (
            _("Target"),
            {
                "fields": [
                    "target_year",
                    "target_text",
                    "target_reading",
                    "relative_to",
                ]
            },
        ),
        (
            _("Yearly growth / [cumulative]"),
            {"fields": ["annual_text", "annual_reading"]},
        ),
        (_("Source"), {"fields": ["origin", "line", "source_text", "data_source_unit", "footnote", "note"]}),
        (_("Evaluation"), {"fields": ["evaluation_by_year", "open_sdg_method"]}),
    ]
    inlines = [IndicatorResponsibilityInline, IndicatorQuotaInline, ProgressEntryInline]
    entry_inline = ProgressEntryInline

    def get_fieldsets(self, request: HttpRequest, obj: Indicator | None = None) -> Any:
        if obj is not None and not self.office_may_change(request, obj):
            return REPORTER_FIELDSETS
        return super().get_fieldsets(request, obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [path("dashboard/", wrap(self.dashboard_view), name="plan_dashboard"), *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """The planning office's dashboard of one plan year."""
        return dashboard(request, self)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Indicator]:
        """With the evaluation of the chosen (or latest) year and, for indicators not evaluated, the
        state of the newest figure not yet approved: "no data" is shown only when nothing was entered."""
        year = requested_year(request, EvaluationYearFilter.parameter_name)
        unapproved = ProgressEntry.objects.filter(indicator=OuterRef("pk"), quarter__isnull=True).exclude(
            state=EntryState.APPROVED
        )
        if year is not None:
            unapproved = unapproved.filter(year=year)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                responsible_units_prefetch(),
                Prefetch(
                    "task__responsibilities", queryset=TaskResponsibility.objects.select_related("unit")
                ),
            )
            .with_evaluation(year)
            .annotate(pending_state=Subquery(unapproved.order_by("-year").values("state")[:1]))
        )

    @admin.display(description=_("lead units"))
    def lead_units(self, indicator: Indicator) -> str:
        """The indicator's own units; a task's sub-target is answered for by the task's units."""
        names = unit_names(indicator.responsibilities)
        if not names and indicator.task_id:
            names = unit_names(indicator.task.responsibilities)
        return names

    @admin.display(description=_("status"), ordering="eval_status")
    def status(self, indicator: Indicator) -> str:
        status = indicator.eval_status
        pending = indicator.pending_state
        if status in (None, Status.NO_DATA.value) and pending:  # entered, not yet approved
            return state_badge(pending, dict(EntryState.choices)[pending])
        badge = status_badge(status, indicator.eval_explanation)
        year = indicator.eval_year
        return format_html('{} <span class="muted">{}</span>', badge, f"{year}年") if year else badge

    @admin.display(description=_("baseline value"))
    def baseline_number(self, indicator: Indicator) -> str:
        return figure_with_unit(indicator.baseline_value, indicator.unit_of_measure)

    @admin.display(description=_("target as read"))
    def target_reading(self, indicator: Indicator) -> str:
        return reading(
            indicator.get_target_kind_display(),
            indicator.target_comparator,
            indicator.target_value,
            indicator.target_unit or indicator.unit_of_measure,
        )

    @admin.display(description=_("yearly growth as read"))
    def annual_reading(self, indicator: Indicator) -> str:
        if not indicator.annual_kind:
            return "—"
        unit = "%" if indicator.annual_kind == TargetKind.RATE else indicator.unit_of_measure
        return reading(
            indicator.get_annual_kind_display(), indicator.annual_comparator, indicator.annual_value, unit
        )

    @admin.display(description=_("compound growth check"))
    def open_sdg_method(self, indicator: Indicator) -> str:
        result = open_sdg_for(indicator)
        return f"{result.label}：{result.explanation}"

    @admin.display(description=_("evaluation by year"))
    def evaluation_by_year(self, indicator: Indicator) -> str:
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            '<td title="{}">{}<br>{}</td><td>{}{}</td></tr>',
            (
                (
                    item.year,
                    status_badge(item.status, item.explanation),
                    percent(item.time_progress),
                    figure_with_unit(item.expected, ""),
                    figure_with_unit(item.actual, ""),
                    percent(item.completion),
                    item.explanation,
                    item.forecast_explanation,
                    item.get_forecast_outlook_display(),
                    num(item.forecast_value) if item.forecast_value is not None else "",
                    warning_badge(item.warning, item.warning_explanation),
                    format_html('<div class="binding-assessment">{}</div>', item.binding_explanation)
                    if item.binding_explanation
                    else "",
                )
                for item in indicator.evaluations.all()
            ),
        )
        header = format_html_join(
            "",
            "<th>{}</th>",
            (
                (label,)
                for label in (
                    _("year"),
                    _("status"),
                    _("time progress"),
                    _("expected value"),
                    _("actual value"),
                    _("completion"),
                    _("explanation"),
                    _("forecast"),
                    _("warning"),
                )
            ),
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", header, rows)

    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        if self.office_may_change(request, obj):  # a reporter's form holds only figures
            indicator_save(indicator=obj, user=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if self.office_may_change(request, form.instance):
            evaluations_refresh(indicator_ids=[form.instance.pk])  # quotas may have changed
