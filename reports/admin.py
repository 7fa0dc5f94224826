"""Report runs in the admin: scoped like everything else, with a download link and "generate now"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.policy import is_administrator, may_request_report, may_use_admin
from plans.admin_base import ScopedAdmin
from plans.models import Plan
from reports.models import ReminderLog, ReportRun, RunState
from reports.services import report_request

STATE_COLOURS = {"queued": "#777", "running": "#1f5fa8", "done": "#1b7837", "failed": "#d73027"}


@admin.register(ReportRun)
class ReportRunAdmin(ScopedAdmin):
    list_display = [
        "id",
        "kind",
        "scope",
        "year",
        "format",
        "coloured_state",
        "trigger",
        "requested_by",
        "requested_at",
        "duration",
        "download",
    ]
    list_filter = ["kind", "state", "trigger", "format", "year"]
    list_select_related = ["plan", "jurisdiction", "jurisdiction__parent", "requested_by"]
    search_fields = ["plan__title", "plan__key", "jurisdiction__name"]
    date_hierarchy = "requested_at"
    actions = ["generate_now"]
    readonly_fields = [
        "kind",
        "format",
        "plan",
        "jurisdiction",
        "year",
        "trigger",
        "requested_by",
        "requested_at",
        "state",
        "started_at",
        "finished_at",
        "attempts",
        "task_id",
        "enqueue_error",
        "error",
        "download",
        "summary",
    ]
    fields = readonly_fields

    @admin.display(description=_("scope"))
    def scope(self, run: ReportRun) -> str:
        return run.scope_name

    @admin.display(description=_("state"), ordering="state")
    def coloured_state(self, run: ReportRun) -> str:
        return format_html(
            '<b style="color:{}">{}</b>', STATE_COLOURS.get(run.state, "#000"), run.get_state_display()
        )

    @admin.display(description=_("download"))
    def download(self, run: ReportRun) -> str:
        if run.state != RunState.DONE or not run.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("report-run-download", kwargs={"pk": run.pk}), _("Download")
        )

    def jurisdiction_of(self, obj: Model) -> int | None:
        run: Any = obj
        return run.plan.jurisdiction_id if run.plan_id else run.jurisdiction_id

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # runs are requested: the API, the schedules, "generate now", the shell

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_administrator(request.user)

    def has_generate_now_permission(self, request: HttpRequest) -> bool:
        return may_request_report(request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Generate now"), permissions=["generate_now"])
    def generate_now(self, request: HttpRequest, queryset: QuerySet[ReportRun]) -> None:
        """Request each selected run's report again (an identical one still queued or running is reused)."""
        started = 0
        for run in queryset.select_related("plan", "jurisdiction"):
            try:
                report_request(
                    kind=run.kind,
                    year=run.year,
                    fmt=run.format,
                    plan=run.plan,
                    jurisdiction=run.jurisdiction,
                    user=request.user,  # type: ignore[arg-type]
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"{run}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
                continue
            started += 1
        if started:
            self.message_user(
                request,
                ngettext("%(count)d report requested.", "%(count)d reports requested.", started)
                % {"count": started},
                messages.SUCCESS,
            )


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["deadline", "unit", "offset_days", "recipients", "items", "sent_at"]
    list_select_related = ["deadline__plan", "unit"]
    list_filter = ["offset_days"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReminderLog]:
        visible = Plan.objects.for_user(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(deadline__plan__in=visible)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
