"""Report runs in the admin: scoped like everything else. The office requests any report kind for
any plan (or jurisdiction), or a unit's extract of a plan, and year from the add form; a reporter
their own unit's extract; the list shows progress (it reloads while a
run is queued or running) and a download link when done; two finished editions can be compared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_administrator, may_request_report, requests_own_extract_only
from plans.admin_base import ScopedAdmin
from plans.models import Jurisdiction, Plan, Unit
from progress.admin import SentReminderAdmin
from reports.builders import Snapshot
from reports.editions import editions_compare
from reports.models import ReminderLog, ReportRun, RunState
from reports.services import report_request, report_scope_plans


class ReportRequestForm(forms.ModelForm):
    """What the office asks for: a kind, a plan or a jurisdiction, perhaps a unit (its extract of the
    plan), a year (blank: the latest year with approved figures) and a format. A reporter asks for
    their own unit's extract of a plan they report on: the unit is theirs, fixed."""

    class Meta:
        model = ReportRun
        fields = ["kind", "plan", "jurisdiction", "unit", "year", "format"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = Plan.objects.for_user(user).order_by("jurisdiction__name", "-start_year")
        self.fields["plan"].queryset = visible
        self.fields["year"].required = False
        self.fields["year"].help_text = _("Leave blank for the latest year with approved figures.")
        unit = self.fields["unit"]
        if requests_own_extract_only(user):
            self.fields.pop("jurisdiction", None)  # the admin leaves it out (get_fields)
            self.fields["plan"].required = True
            unit.queryset = Unit.objects.filter(pk=user.unit_id)
            unit.initial, unit.required, unit.disabled = user.unit_id, True, True
        else:
            self.fields["jurisdiction"].queryset = Jurisdiction.objects.filter(plans__in=visible).distinct()
            unit.queryset = Unit.objects.for_user(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["year"], _plans = report_scope_plans(
                kind=data.get("kind", ""),
                year=data.get("year"),
                plan=data.get("plan"),
                jurisdiction=data.get("jurisdiction"),
                unit=data.get("unit"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "unit" in error.error_dict:
                self.add_error("unit", error.error_dict["unit"])
                return data
            raise ValidationError(error.messages) from error
        return data


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
        "time_taken",
        "download",
    ]
    list_filter = ["kind", "state", "trigger", "format", "year"]
    list_select_related = ["plan", "jurisdiction", "jurisdiction__parent", "requested_by"]
    search_fields = ["plan__title", "plan__key", "jurisdiction__name"]
    date_hierarchy = "requested_at"
    actions = ["generate_now", "compare_editions"]
    change_list_template = "admin/reports/reportrun/change_list.html"
    readonly_fields = [
        "kind",
        "format",
        "plan",
        "jurisdiction",
        "unit",
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
    fields = readonly_fields  # type: ignore[assignment]

    @admin.display(description=_("time taken"))
    def time_taken(self, run: ReportRun) -> str:
        if run.duration is None:
            return "—"
        return gettext("%(seconds).1f s") % {"seconds": run.duration.total_seconds()}

    @admin.display(description=_("scope"))
    def scope(self, run: ReportRun) -> str:
        return run.scope_name

    @admin.display(description=_("state"), ordering="state")
    def coloured_state(self, run: ReportRun) -> str:
        state = format_html(
            '<b style="color:{}">{}</b>', STATE_COLOURS.get(run.state, "#000"), run.get_state_display()
        )
        if run.state == RunState.FAILED and run.error:
            return format_html('{} <span title="{}">ⓘ</span>', state, run.error)
        return state

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
        return may_request_report(request.user)

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if obj is not None:
            return self.readonly_fields
        if requests_own_extract_only(request.user):  # an extract is of a plan: no jurisdiction to pick
            return [name for name in ReportRequestForm.Meta.fields if name != "jurisdiction"]
        return ReportRequestForm.Meta.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class BoundRequestForm(ReportRequestForm):
            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, user=user, **form_kwargs)

        return BoundRequestForm

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        """A request goes through the service (permissions, dedupe, enqueue after commit)."""
        data = form.cleaned_data
        run, created = report_request(
            kind=data["kind"],
            year=data["year"],
            fmt=data["format"],
            plan=data.get("plan"),
            jurisdiction=data.get("jurisdiction"),
            unit=data.get("unit"),
            user=request.user,
        )
        if not created:
            self.message_user(request, _("The same report is already being built: it is shown below."))
        return run

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        """Saved by report_request in save_form."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A run has nothing related to save."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        busy = self.get_queryset(request).active().exists()
        return super().changelist_view(request, {**(extra_context or {}), "reload_seconds": 5 if busy else 0})

    def get_urls(self) -> list[URLPattern]:
        compare = path(
            "<int:pk>/compare/<int:other>/",
            self.admin_site.admin_view(self.compare_view),
            name="reports_reportrun_compare",
        )
        return [compare, *super().get_urls()]

    def compare_view(self, request: HttpRequest, pk: int, other: int) -> HttpResponse:
        runs = {
            run.pk: run for run in self.get_queryset(request).filter(pk__in=[pk, other], state=RunState.DONE)
        }
        if len(runs) != 2 or not all(run.snapshot for run in runs.values()):
            raise Http404(_("Both editions must be finished reports that kept their figures."))
        before, after = sorted(runs.values(), key=lambda run: (run.finished_at, run.pk))
        if before.kind != after.kind:
            raise Http404(_("Only editions of the same report kind can be compared."))
        changes = editions_compare(Snapshot.from_json(before.snapshot), Snapshot.from_json(after.snapshot))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes between two editions"),
            "opts": self.model._meta,
            "before": before,
            "after": after,
            "changes": changes,
        }
        return TemplateResponse(request, "admin/reports/reportrun/compare.html", context)

    @admin.action(description=_("Compare the two selected editions"))
    def compare_editions(self, request: HttpRequest, queryset: QuerySet[ReportRun]) -> HttpResponse | None:
        ids = sorted(queryset.values_list("pk", flat=True))
        if len(ids) != 2:
            self.message_user(
                request, _("Select exactly two finished editions to compare."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:reports_reportrun_compare", args=ids))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_administrator(request.user)

    def has_generate_now_permission(self, request: HttpRequest) -> bool:
        return may_request_report(request.user)

    @admin.action(description=_("Generate now"), permissions=["generate_now"])
    def generate_now(self, request: HttpRequest, queryset: QuerySet[ReportRun]) -> None:
        """Request each selected run's report again (an identical one still queued or running is reused)."""
        started = 0
        for run in queryset.select_related("plan", "jurisdiction", "unit"):
            try:
                report_request(
                    kind=run.kind,
                    year=run.year,
                    fmt=run.format,
                    plan=run.plan,
                    jurisdiction=run.jurisdiction,
                    unit=run.unit,
                    user=request.user,
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
class ReminderLogAdmin(SentReminderAdmin):
    list_display = ["unit", "deadline", "offset_days", "recipients", "items", "sent_at"]
    list_select_related = ["deadline__plan", "unit"]
    plan_path = "deadline__plan"
