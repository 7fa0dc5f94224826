from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indicators.admin import PlanFilter, ResponsibleUnitFilter, unit_names
from plans.admin_base import EntryAdmin, EntryInline, ReportedItemAdmin, ScopedAdmin, ScopedInline
from projects.models import KeyProject, ProjectBox, ProjectProgress, ProjectResponsibility
from projects.services import project_progress_save


class KeyProjectInline(ScopedInline, admin.TabularInline):
    model = KeyProject
    fields = ["order", "group", "name", "stage", "planned_investment", "completed_investment"]
    extra = 0
    show_change_link = True
    ordering = ["order"]


@admin.register(ProjectBox)
class ProjectBoxAdmin(ScopedAdmin):
    list_display = ["title_as_written", "plan", "kind", "section", "project_count"]
    list_filter = [PlanFilter, "kind"]
    list_select_related = ["plan", "section"]
    search_fields = ["title", "text"]
    raw_id_fields = ["section"]
    readonly_fields = ["plan", "key", "line"]
    inlines = [KeyProjectInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProjectBox]:
        return super().get_queryset(request).annotate(project_total=Count("projects"))

    @admin.display(description=_("key projects"), ordering="project_total")
    def project_count(self, box: ProjectBox) -> int:
        return box.project_total  # type: ignore[attr-defined]


class ProjectResponsibilityInline(ScopedInline, admin.TabularInline):
    model = ProjectResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class ProjectProgressInline(EntryInline):
    model = ProjectProgress
    fields = ["year", "quarter", "stage", "investment_in_period", "explanation", "state", "created_by"]


class ProjectUnitFilter(ResponsibleUnitFilter):
    unit_path = "responsibilities__unit"


@admin.register(KeyProject)
class KeyProjectAdmin(ReportedItemAdmin):
    list_display = [
        "name",
        "plan",
        "box",
        "group",
        "stage",
        "planned_investment",
        "completed_investment",
        "responsible_units",
    ]
    list_filter = [PlanFilter, "stage", ProjectUnitFilter]
    list_select_related = ["plan", "box"]
    search_fields = ["name", "group", "description"]
    readonly_fields = ["plan", "key", "line"]
    raw_id_fields = ["box"]
    inlines = [ProjectResponsibilityInline, ProjectProgressInline]
    entry_inline = ProjectProgressInline

    def get_queryset(self, request: HttpRequest) -> QuerySet[KeyProject]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("responsibilities", queryset=ProjectResponsibility.objects.select_related("unit"))
            )
        )

    @admin.display(description=_("responsible units"))
    def responsible_units(self, project: KeyProject) -> str:
        return unit_names(project.responsibilities)

    def save_entry(self, entry: ProjectProgress, user: Any) -> None:
        project_progress_save(entry=entry, user=user)


@admin.register(ProjectProgress)
class ProjectProgressAdmin(EntryAdmin):
    list_display = ["project", "year", "quarter", "stage", "investment_in_period", "state", "created_by"]
    list_filter = ["state", "year", "stage"]
    list_select_related = ["project", "project__plan", "created_by"]
    search_fields = ["project__name"]
    autocomplete_fields = ["project"]
    readonly_fields = [
        "state",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    exclude = ["version"]
    item_field = "project"

    def save_entry(self, entry: ProjectProgress, user: Any) -> None:
        project_progress_save(entry=entry, user=user)
