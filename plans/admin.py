from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.admin import PlanFilter
from plans import dashboard
from plans.admin_base import ScopedAdmin, ScopedInline
from plans.models import EntryDeadline, Jurisdiction, LockException, Plan, Section, Unit


@admin.register(Jurisdiction)
class JurisdictionAdmin(ScopedAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    plan_path = "pk"

    def has_change_permission(self, request: HttpRequest, obj: Jurisdiction | None = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "jurisdiction", "parent", "is_planning_office"]
    list_filter = ["kind", "is_planning_office", "jurisdiction"]
    list_select_related = ["jurisdiction", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    plan_path = "jurisdiction_id"


class SectionInline(ScopedInline, admin.TabularInline):
    model = Section
    fields = ["order", "number", "title", "parent", "line"]
    extra = 0
    show_change_link = True
    ordering = ["order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        return super().get_queryset(request).select_related("parent")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "parent":
            plan_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Section.objects.filter(plan_id=plan_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    list_display = [
        "title",
        "kind",
        "jurisdiction",
        "start_year",
        "end_year",
        "document_number",
        "state",
        "indicator_count",
        "task_count",
        "project_count",
    ]
    list_filter = ["kind", "state", "jurisdiction"]
    list_select_related = ["jurisdiction"]
    search_fields = ["title", "short_title", "document_number"]
    plan_path = "jurisdiction_id"
    readonly_fields = ["key", "source_document"]
    fieldsets = [
        (None, {"fields": ["key", "title", "short_title", "kind", "state", "jurisdiction", "parent"]}),
        (
            _("Issue"),
            {
                "fields": [
                    "issuer",
                    "document_number",
                    "signed_on",
                    "published_on",
                    "dates_as_written",
                    "dates_note",
                ]
            },
        ),
        (_("Period"), {"fields": ["base_year", "start_year", "end_year", "vision_year"]}),
        (_("Source"), {"fields": ["source_document", "note"]}),
    ]
    inlines = [SectionInline]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="plans_plan_dashboard"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        return dashboard.dashboard(request, self)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Plan]:
        # distinct=True: the three joins would otherwise multiply each other's counts.
        return (
            super()
            .get_queryset(request)
            .annotate(
                indicator_total=Count("indicators", distinct=True),
                task_total=Count("tasks", distinct=True),
                project_total=Count("projects", distinct=True),
            )
        )

    @admin.display(description=_("indicators"), ordering="indicator_total")
    def indicator_count(self, plan: Plan) -> int:
        return plan.indicator_total  # type: ignore[attr-defined]

    @admin.display(description=_("tasks"), ordering="task_total")
    def task_count(self, plan: Plan) -> int:
        return plan.task_total  # type: ignore[attr-defined]

    @admin.display(description=_("key projects"), ordering="project_total")
    def project_count(self, plan: Plan) -> int:
        return plan.project_total  # type: ignore[attr-defined]


@admin.register(Section)
class SectionAdmin(ScopedAdmin):
    list_display = ["__str__", "plan", "parent", "line"]
    list_filter = ["plan"]
    list_select_related = ["plan", "parent"]
    search_fields = ["title", "number"]
    autocomplete_fields = ["parent"]


# --- deadlines and lock exceptions ------------------------------------------------------------


def managed_plans(request: HttpRequest) -> QuerySet[Plan]:
    """The plans whose deadlines the user sets: an office its own jurisdiction's, an administrator all."""
    plans = Plan.objects.for_user(request.user)
    user = request.user
    if user.is_superuser:
        return plans
    return plans.filter(jurisdiction_id=user.unit.jurisdiction_id if user.unit_id else None)


class PlanYearForm(forms.ModelForm):
    """A plan year: the year must lie in the plan's period."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan is not None and year is not None and not plan.start_year <= year <= plan.end_year:
            self.add_error(
                "year",
                gettext("Year %(year)s is outside the plan period %(start)s–%(end)s.")
                % {"year": year, "start": plan.start_year, "end": plan.end_year},
            )
        return data


class PlanYearAdmin(ScopedAdmin):
    """Set by the plan's office; everyone who reports on the plan reads them."""

    form = PlanYearForm
    list_select_related = ["plan"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "plan":
            kwargs["queryset"] = managed_plans(request)
        elif db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(EntryDeadline)
class EntryDeadlineAdmin(PlanYearAdmin):
    list_display = ["plan", "year", "deadline", "is_open"]
    list_filter = [PlanFilter, "year"]
    fields = ["plan", "year", "deadline"]
    date_hierarchy = None

    @admin.display(description=_("open for entry"), boolean=True)
    def is_open(self, deadline: EntryDeadline) -> bool:
        return timezone.now() <= deadline.deadline


@admin.register(LockException)
class LockExceptionAdmin(PlanYearAdmin):
    list_display = ["plan", "year", "unit", "expires_at", "in_force", "reason", "granted_by", "granted_at"]
    list_filter = [PlanFilter, "year"]
    list_select_related = ["plan", "unit", "granted_by"]
    fields = ["plan", "year", "unit", "expires_at", "reason", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]
    autocomplete_fields = ["unit"]
    search_fields = ["unit__name", "reason"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LockException]:
        """A reporter sees the exceptions of their own unit only."""
        queryset = super().get_queryset(request)
        user = request.user
        if user.is_superuser or user.role != user.Role.REPORTER:
            return queryset
        return queryset.filter(unit_id=user.unit_id)

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, exception: LockException) -> bool:
        return timezone.now() < exception.expires_at

    def save_model(self, request: HttpRequest, obj: LockException, form: Any, change: bool) -> None:
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
