"""The admin of tasks, progress entries (figures), per-plan warning rules and bulk uploads."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.policy import is_administrator, may_use_admin
from indicators import admin_views, entry_page
from indicators.admin_display import EntryPlanFilter, EntryUnitFilter, labelled, responsible_units
from indicators.entry_page import previous_figure, user_label
from indicators.models import (
    BulkUpload,
    Indicator,
    PlanWarningRules,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from indicators.resources import ProgressEntryResource, TaskResource
from indicators.services import evaluations_refresh
from plans.admin_base import (
    PlanFilter,
    ResponsibleUnitFilter,
    ScopedAdmin,
    ScopedHistoryMixin,
    ScopedInline,
    unit_names,
)
from plans.exports import EXPORT_FORMATS, ExportForm
from plans.models import Plan
from progress.admin_base import EntryAdmin, state_badge
from progress.models import EntryState
from progress.worklist import figure_with_unit, target_with_unit


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
        *EntryAdmin.readonly_fields,  # the workflow's own fields, as every entry admin shows them
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
        approved_before = entry.previous_quarterly if entry.quarter else entry.previous_yearly
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
    readonly_fields = fields  # type: ignore[assignment]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BulkUpload]:
        queryset = super().get_queryset(request).defer("rows")
        return queryset if is_administrator(request.user) else queryset.filter(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_use_admin(request.user) and (
            obj is None or obj.user_id == request.user.pk or is_administrator(request.user)
        )

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

    @admin.display(description=_("refused rows"))
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
