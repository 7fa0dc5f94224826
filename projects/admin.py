from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from plans.admin_base import PlanFilter, ResponsibleUnitFilter, ScopedAdmin, ScopedInline, unit_names
from plans.exports import EXPORT_FORMATS, ExportForm
from progress.admin_base import EntryAdmin, EntryInline, ReportedItemAdmin, state_badge
from progress.models import EntryState
from progress.worklist import figure_with_unit
from projects.models import KeyProject, ProjectBox, ProjectProgress, ProjectResponsibility
from projects.resources import KeyProjectResource, ProjectProgressResource

TEN_THOUSAND_YUAN = "万元"


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
        return box.project_total


class ProjectResponsibilityInline(ScopedInline, admin.TabularInline):
    model = ProjectResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class ProjectProgressInline(EntryInline):
    """A project's progress rows, each with last year's approved stage and investment beside it."""

    model = ProjectProgress
    fields = [
        "year",
        "quarter",
        "stage",
        "investment_in_period",
        "explanation",
        "version",
        "previous_progress",
        "entry_state",
        "return_reason",
        "created_by",
    ]
    readonly_fields = ["previous_progress", "entry_state", "return_reason", "created_by"]

    def approved(self, project_id: int) -> dict[tuple[int, int | None], tuple[str, Decimal | None]]:
        cache: dict[int, Any] = self.__dict__.setdefault("_approved", {})
        if project_id not in cache:
            cache[project_id] = {
                (year, quarter): (stage, investment)
                for year, quarter, stage, investment in ProjectProgress.objects.filter(
                    project_id=project_id, state=EntryState.APPROVED
                ).values_list("year", "quarter", "stage", "investment_in_period")
            }
        return cache[project_id]

    @admin.display(description=_("last year's progress"))
    def previous_progress(self, entry: ProjectProgress) -> str:
        if not entry.project_id or not entry.year:
            return "—"
        previous = self.approved(entry.project_id).get((entry.year - 1, entry.quarter))
        if previous is None:
            return "—"
        stage, investment = previous
        label = dict(ProjectProgress._meta.get_field("stage").flatchoices).get(stage, stage)
        return f"{label}，{figure_with_unit(investment, TEN_THOUSAND_YUAN)}"


class ProjectUnitFilter(ResponsibleUnitFilter):
    unit_path = "responsibilities__unit"


@admin.register(KeyProject)
class KeyProjectAdmin(ExportMixin, ReportedItemAdmin):
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
    # Declared, so that a reporter's page can make every one of them read-only.
    fields = [
        "plan",
        "key",
        "box",
        "group",
        "name",
        "description",
        "stage",
        "planned_investment",
        "completed_investment",
        "line",
        "order",
        "is_imported",
    ]
    readonly_fields = ["plan", "key", "line"]
    raw_id_fields = ["box"]
    inlines = [ProjectResponsibilityInline, ProjectProgressInline]
    entry_inline = ProjectProgressInline
    resource_classes = [KeyProjectResource]
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm

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


@admin.register(ProjectProgress)
class ProjectProgressAdmin(ExportMixin, EntryAdmin):
    list_display = [
        "project",
        "year",
        "quarter",
        "stage",
        "investment",
        "state_label",
        "return_reason",
        "created_by",
    ]
    list_filter = ["state", "year", "stage"]
    list_select_related = ["project", "project__plan", "created_by"]
    search_fields = ["project__name"]
    autocomplete_fields = ["project"]
    fields = [
        "project",
        "year",
        "quarter",
        "stage",
        "investment_in_period",
        "explanation",
        "data_source",
        "attachment",
        "version",
        *EntryAdmin.readonly_fields,  # the workflow's own fields, as every entry admin shows them
    ]
    item_field = "project"
    resource_classes = [ProjectProgressResource]
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm

    @admin.display(description=_("investment completed in the period"), ordering="investment_in_period")
    def investment(self, entry: ProjectProgress) -> str:
        return figure_with_unit(entry.investment_in_period, TEN_THOUSAND_YUAN)

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, entry: ProjectProgress) -> str:
        return state_badge(entry.state, entry.get_state_display())
