from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.policy import is_administrator, may_use_admin
from indicators import admin_views, entry_page
from indicators.domain.early_warning import Colour
from indicators.domain.evaluation import Status
from indicators.domain.explain import num
from indicators.domain.targets import TargetKind
from indicators.entry_page import previous_figure, user_label
from indicators.models import (
    BulkUpload,
    Indicator,
    IndicatorEvaluation,
    IndicatorQuota,
    IndicatorResponsibility,
    PlanWarningRules,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from indicators.resources import IndicatorResource, ProgressEntryResource, TaskResource
from indicators.selectors import open_sdg_for
from indicators.services import evaluations_refresh, indicator_save
from plans.admin_base import (
    PlanFilter,
    ResponsibleUnitFilter,
    ScopedAdmin,
    ScopedHistoryMixin,
    ScopedInline,
    requested_year,
    unit_names,
)
from plans.exports import EXPORT_FORMATS, ExportForm, share
from plans.models import Plan
from progress.admin_base import EntryAdmin, EntryInline, ReportedItemAdmin, state_badge
from progress.models import EntryState
from progress.worklist import figure_with_unit, target_with_unit


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


STATUS_COLOURS = {
    Status.ACHIEVED_EARLY: "#1b5e20",
    Status.AHEAD: "#2e7d32",
    Status.ON_TRACK: "#1565c0",
    Status.LAGGING: "#e65100",
    Status.NOT_MET: "#c62828",
    Status.PENDING: "#616161",
    Status.NO_DATA: "#9e9e9e",
}


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
        from indicators.dashboard import dashboard  # it draws with this module's status colours

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
        status = indicator.eval_status  # type: ignore[attr-defined]
        pending = indicator.pending_state  # type: ignore[attr-defined]
        if status in (None, Status.NO_DATA.value) and pending:  # entered, not yet approved
            return state_badge(pending, dict(EntryState.choices)[pending])
        badge = status_badge(status, indicator.eval_explanation)  # type: ignore[attr-defined]
        year = indicator.eval_year  # type: ignore[attr-defined]
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
            '<td title="{}">{}<br>{}</td><td>{}</td></tr>',
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


class TaskResponsibilityInline(ScopedInline, admin.TabularInline):
    model = TaskResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class TaskTargetInline(ScopedInline, admin.TabularInline):
    model = Indicator
    fk_name = "task"
    fields = [
        "name_as_written",
        "target_text",
        "target_comparator",
        "target_value",
        "target_unit",
        "target_year",
    ]
    readonly_fields = ["target_comparator", "target_value", "target_unit"]
    extra = 0
    show_change_link = True
    verbose_name = _("sub-target")
    verbose_name_plural = _("sub-targets")


@admin.register(Task)
class TaskAdmin(ExportMixin, ScopedHistoryMixin, ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "title", "plan", "section", "responsible_units", "target_count"]
    list_display_links = ["number", "title"]
    list_filter = [PlanFilter, ResponsibleUnitFilter]
    list_select_related = ["plan", "section"]
    search_fields = ["title", "text"]
    raw_id_fields = ["section"]
    readonly_fields = ["plan", "line"]
    inlines = [TaskResponsibilityInline, TaskTargetInline]
    resource_classes = [TaskResource]
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Task]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("responsibilities", queryset=TaskResponsibility.objects.select_related("unit")),
                Prefetch("targets", queryset=Indicator.objects.only("pk", "task_id")),
            )
        )

    @admin.display(description=_("responsible units"))
    def responsible_units(self, task: Task) -> str:
        return unit_names(task.responsibilities)

    @admin.display(description=_("sub-targets"))
    def target_count(self, task: Task) -> int:
        return len(task.targets.all())


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ExportMixin, EntryAdmin):
    """The figures of every visible indicator: submit, approve and return as actions; the unit's
    start page, the spreadsheet template and its upload hang off this changelist."""

    # The review list: what the office needs to approve a row without opening it.
    list_display = [
        "indicator",
        "responsible_units",
        "period",
        "review_target",
        "previous_figure",
        "figure",
        "explanation_text",
        "evidence",
        "submitter",
        "state_label",
    ]
    list_filter = ["state", "year", EntryPlanFilter, EntryUnitFilter]
    list_select_related = [
        "indicator__plan",
        "indicator__task",
        "created_by__unit",
        "submitted_by__unit",
    ]
    search_fields = ["indicator__name"]
    fields = [
        "indicator",
        "year",
        "quarter",
        "value",
        "judgement",
        "explanation",
        "data_source",
        "attachment",
        "version",
        "state",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    autocomplete_fields = ["indicator"]
    item_field = "indicator"
    change_list_template = "admin/indicators/progressentry/change_list.html"
    resource_classes = [ProgressEntryResource]
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Titled by what the list shows: the figures awaiting approval, or all figures."""
        awaiting = request.GET.get("state__exact") == EntryState.SUBMITTED
        title = _("Figures awaiting approval") if awaiting else _("Reported figures")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("worklist/", wrap(self.worklist_view), name="indicators_progressentry_worklist"),
            path("template/", wrap(self.template_view), name="indicators_progressentry_template"),
            path("upload/", wrap(self.upload_view), name="indicators_progressentry_upload"),
            path(
                "enter/<int:indicator_id>/<int:year>/",
                wrap(self.entry_view),
                name="indicators_progressentry_enter",
            ),
            *super().get_urls(),
        ]

    def worklist_view(self, request: HttpRequest) -> HttpResponse:
        return admin_views.worklist(request, self)

    def template_view(self, request: HttpRequest) -> HttpResponse:
        return admin_views.template_download(request, self)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        return admin_views.upload(request, self)

    def entry_view(self, request: HttpRequest, indicator_id: int, year: int) -> HttpResponse:
        return entry_page.entry_page(request, self, indicator_id, year)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressEntry]:
        """Two more queries a page whatever its length: the units (prefetched) and last year's
        approved figure for the same period (a subquery)."""
        last_year = ProgressEntry.objects.filter(
            indicator_id=OuterRef("indicator_id"), year=OuterRef("year") - 1, state=EntryState.APPROVED
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("indicator__responsibilities", queryset=responsible_units()),
                Prefetch(
                    "indicator__task__responsibilities",
                    queryset=TaskResponsibility.objects.select_related("unit"),
                ),
            )
            .annotate(
                previous_yearly=Subquery(last_year.filter(quarter__isnull=True).values("value")[:1]),
                previous_quarterly=Subquery(
                    last_year.filter(quarter=OuterRef("quarter")).values("value")[:1]
                ),
            )
        )

    def review_summary(self, entry: ProgressEntry) -> str:
        figure = (
            figure_with_unit(entry.value, entry.indicator.unit_of_measure)
            if entry.value is not None
            else str(entry.get_judgement_display())
        )
        return gettext("%(figure)s, target %(target)s") % {
            "figure": figure,
            "target": target_with_unit(entry.indicator.target_text, entry.indicator.unit_of_measure),
        }

    @admin.display(description=_("responsible unit"))
    def responsible_units(self, entry: ProgressEntry) -> str:
        indicator = entry.indicator
        names = unit_names(indicator.responsibilities)
        if not names and indicator.task_id:  # a task's sub-target: the task's units answer for it
            names = unit_names(indicator.task.responsibilities)
        return labelled(_("responsible unit"), names or "—")

    @admin.display(description=_("period"), ordering="year")
    def period(self, entry: ProgressEntry) -> str:
        return f"{entry.year}年第{entry.quarter}季度" if entry.quarter else f"{entry.year}年"

    @admin.display(description=_("target"))
    def review_target(self, entry: ProgressEntry) -> str:
        return labelled(
            _("target"), target_with_unit(entry.indicator.target_text, entry.indicator.unit_of_measure)
        )

    @admin.display(description=_("last year's figure"))
    def previous_figure(self, entry: ProgressEntry) -> str:
        approved_before = entry.previous_quarterly if entry.quarter else entry.previous_yearly  # type: ignore[attr-defined]
        previous = (
            approved_before
            if entry.quarter
            else previous_figure(entry.indicator, entry.year, approved_before)
        )
        return labelled(_("last year's figure"), figure_with_unit(previous, entry.indicator.unit_of_measure))

    @admin.display(description=_("explanation"))
    def explanation_text(self, entry: ProgressEntry) -> str:
        text = " ".join(
            part for part in (entry.explanation, entry.data_source and f"（{entry.data_source}）") if part
        )
        return labelled(_("explanation"), text or "—")

    @admin.display(description=_("evidence"))
    def evidence(self, entry: ProgressEntry) -> str:
        if not entry.attachment:
            return labelled(_("evidence"), "—")
        name = entry.attachment.name.rsplit("/", 1)[-1]
        return labelled(_("evidence"), format_html('<a href="{}">{}</a>', entry.attachment.url, name))

    @admin.display(description=_("submitted by"), ordering="submitted_by")
    def submitter(self, entry: ProgressEntry) -> str:
        return labelled(_("submitted by"), user_label(entry.submitted_by or entry.created_by))

    @admin.display(description=_("value"), ordering="value")
    def figure(self, entry: ProgressEntry) -> str:
        """The number with its unit, or the judgement of a qualitative target."""
        if entry.value is None:
            return labelled(_("value"), entry.get_judgement_display() or "—")
        return labelled(_("value"), figure_with_unit(entry.value, entry.indicator.unit_of_measure))

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, entry: ProgressEntry) -> str:
        """The state; a returned figure's reason below it."""
        badge = state_badge(entry.state, entry.get_state_display())
        if entry.state == EntryState.RETURNED and entry.return_reason:
            return format_html('{}<div class="return-reason">{}</div>', badge, entry.return_reason)
        return badge


@admin.register(PlanWarningRules)
class PlanWarningRulesAdmin(ScopedAdmin):
    """预警 rules per plan; a plan without rules is warned with the documented defaults."""

    list_display = ["plan", "yellow_gap", "red_gap", "escalate_after"]
    list_select_related = ["plan"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "plan":
            kwargs["queryset"] = Plan.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: PlanWarningRules, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        evaluations_refresh(plan_ids=[obj.plan_id])  # the stored colours follow the new rules


@admin.register(BulkUpload)
class BulkUploadAdmin(admin.ModelAdmin):
    """Large uploads a worker runs: each uploader follows their own (administrators see all)."""

    list_display = ["id", "user", "created_at", "state", "progress", "outcome", "finished_at"]
    list_select_related = ["user"]
    list_filter = ["state"]
    fields = ["user", "created_at", "state", "progress", "outcome", "finished_at", "refused_rows", "error"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[BulkUpload]:
        queryset = super().get_queryset(request).defer("rows")
        return queryset if is_administrator(request.user) else queryset.filter(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_use_admin(request.user) and (
            obj is None or obj.user_id == request.user.pk or is_administrator(request.user)
        )  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress(self, upload: BulkUpload) -> str:
        return f"{upload.checked} / {upload.total}"

    @admin.display(description=_("report"))
    def outcome(self, upload: BulkUpload) -> str:
        report = upload.report
        if report is None:
            return "—"
        if not report["committed"]:
            return gettext("Nothing was saved: some rows were refused.")
        counts = report["counts"]
        return gettext("Saved: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.") % {
            "created": counts["create"],
            "updated": counts["update"],
            "unchanged": counts["unchanged"],
        }

    @admin.display(description=_("error"))
    def refused_rows(self, upload: BulkUpload) -> str:
        rows = [row for row in (upload.report or {}).get("rows", []) if row["action"] == "refused"]
        return format_html_join(
            "",
            "<div>{}：{}</div>",
            (
                (
                    gettext("Row %(row)s") % {"row": row["row"]},
                    "；".join(m for ms in row["errors"].values() for m in ms),
                )
                for row in rows[:200]
            ),
        )
