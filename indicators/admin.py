from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indicators.models import (
    Indicator,
    IndicatorQuota,
    IndicatorResponsibility,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from indicators.services import progress_entry_save
from plans.admin_base import EntryAdmin, EntryInline, ReportedItemAdmin, ScopedAdmin, ScopedInline
from plans.models import Plan, Unit


class ResponsibleUnitFilter(admin.SimpleListFilter):
    """Filter by responsible unit, offering only the units the user can see."""

    title = _("responsible unit")
    parameter_name = "unit"
    unit_path = "responsibilities__unit"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        return [(unit.pk, unit.name) for unit in Unit.objects.for_user(request.user).only("pk", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{self.unit_path: self.value()}).distinct()
        return queryset


class PlanFilter(admin.SimpleListFilter):
    title = _("plan")
    parameter_name = "plan"
    plan_path = "plan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        return [
            (plan.pk, str(plan))
            for plan in Plan.objects.for_user(request.user).only("pk", "title", "short_title")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(**{self.plan_path: self.value()}) if self.value() else queryset


class EntryPlanFilter(PlanFilter):
    plan_path = "indicator__plan"


class EntryUnitFilter(ResponsibleUnitFilter):
    unit_path = "indicator__responsibilities__unit"


def responsible_units_prefetch() -> Prefetch:
    return Prefetch("responsibilities", queryset=IndicatorResponsibility.objects.select_related("unit"))


def unit_names(responsibilities: Any) -> str:
    return "、".join(r.unit.name for r in responsibilities.all())


class IndicatorResponsibilityInline(ScopedInline, admin.TabularInline):
    model = IndicatorResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class IndicatorQuotaInline(ScopedInline, admin.TabularInline):
    model = IndicatorQuota
    extra = 0


class ProgressEntryInline(EntryInline):
    model = ProgressEntry
    fields = ["year", "quarter", "value", "judgement", "explanation", "data_source", "state", "created_by"]


@admin.register(Indicator)
class IndicatorAdmin(ReportedItemAdmin):
    list_display = [
        "number",
        "name",
        "plan",
        "category",
        "unit_of_measure",
        "attribute",
        "baseline_text",
        "target_text",
        "annual_text",
        "lead_units",
    ]
    list_display_links = ["number", "name"]
    list_filter = [PlanFilter, "category", "attribute", "origin", ResponsibleUnitFilter]
    list_select_related = ["plan"]
    search_fields = ["name", "name_as_written", "category"]
    autocomplete_fields = ["parent", "relative_to", "data_source_unit"]
    raw_id_fields = ["task", "section"]
    readonly_fields = [
        "key",
        "plan",
        "origin",
        "line",
        "target_kind",
        "target_comparator",
        "target_value",
        "target_unit",
        "annual_kind",
        "annual_comparator",
        "annual_value",
        "baseline_value",
    ]
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
                    "parent",
                    "task",
                    "section",
                ]
            },
        ),
        (
            _("Baseline"),
            {"fields": ["baseline_year", "baseline_text", "baseline_value", "baseline_is_estimate"]},
        ),
        (
            _("Target"),
            {
                "fields": [
                    "target_year",
                    "target_text",
                    "target_kind",
                    "target_comparator",
                    "target_value",
                    "target_unit",
                    "relative_to",
                ]
            },
        ),
        (
            _("Yearly growth / [cumulative]"),
            {"fields": ["annual_text", "annual_kind", "annual_comparator", "annual_value"]},
        ),
        (_("Source"), {"fields": ["origin", "line", "source_text", "data_source_unit", "footnote", "note"]}),
    ]
    inlines = [IndicatorResponsibilityInline, IndicatorQuotaInline, ProgressEntryInline]
    entry_inline = ProgressEntryInline

    def get_queryset(self, request: HttpRequest) -> QuerySet[Indicator]:
        return super().get_queryset(request).prefetch_related(responsible_units_prefetch())

    @admin.display(description=_("lead units"))
    def lead_units(self, indicator: Indicator) -> str:
        return unit_names(indicator.responsibilities)

    def save_entry(self, entry: ProgressEntry, user: Any) -> None:
        progress_entry_save(entry=entry, user=user)


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
class TaskAdmin(ScopedAdmin):
    list_display = ["number", "title", "plan", "section", "responsible_units", "target_count"]
    list_display_links = ["number", "title"]
    list_filter = [PlanFilter, ResponsibleUnitFilter]
    list_select_related = ["plan", "section"]
    search_fields = ["title", "text"]
    raw_id_fields = ["section"]
    readonly_fields = ["plan", "line"]
    inlines = [TaskResponsibilityInline, TaskTargetInline]

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
class ProgressEntryAdmin(EntryAdmin):
    list_display = [
        "indicator",
        "plan",
        "year",
        "quarter",
        "value",
        "judgement",
        "state",
        "created_by",
        "updated_at",
    ]
    list_filter = ["state", "year", EntryPlanFilter, EntryUnitFilter]
    list_select_related = ["indicator", "indicator__plan", "created_by"]
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
        "state",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    readonly_fields = [
        "state",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    autocomplete_fields = ["indicator"]
    item_field = "indicator"

    @admin.display(description=_("plan"), ordering="indicator__plan")
    def plan(self, entry: ProgressEntry) -> Plan:
        return entry.indicator.plan

    def save_entry(self, entry: ProgressEntry, user: Any) -> None:
        progress_entry_save(entry=entry, user=user)
