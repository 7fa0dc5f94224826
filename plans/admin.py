from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_administrator
from plans.admin_base import ScopedAdmin, ScopedInline
from plans.models import Jurisdiction, Plan, Section, Unit
from plans.services import plan_links_check


@admin.register(Jurisdiction)
class JurisdictionAdmin(ScopedAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    plan_path = "pk"

    def has_change_permission(self, request: HttpRequest, obj: Jurisdiction | None = None) -> bool:
        return is_administrator(request.user)


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

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "parent":
            plan_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Section.objects.filter(plan_id=plan_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanForm(forms.ModelForm):
    """A plan's parent and predecessor are checked like in the service: no loops, places in order."""

    class Meta:
        model = Plan
        fields = ["jurisdiction", "start_year", "parent", "predecessor"]  # the admin adds its fieldsets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("jurisdiction") is None or data.get("start_year") is None:
            return data
        probe = Plan(pk=self.instance.pk, jurisdiction=data["jurisdiction"], start_year=data["start_year"])
        try:
            plan_links_check(plan=probe, parent=data.get("parent"), predecessor=data.get("predecessor"))
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                self.add_error(field, texts)
        return data


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    form = PlanForm
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
    readonly_fields = ["key", "source_document", "dates_written"]
    curation_fields = ("key", "dates_note", "note")
    fieldsets = [
        (None, {"fields": ["key", "title", "short_title", "kind", "state", "jurisdiction"]}),
        (_("Plan family"), {"fields": ["parent", "predecessor"]}),
        (
            _("Issue"),
            {
                "fields": [
                    "issuer",
                    "document_number",
                    "signed_on",
                    "published_on",
                    "dates_written",
                    "dates_note",
                ]
            },
        ),
        (_("Period"), {"fields": ["base_year", "start_year", "end_year", "vision_year"]}),
        (_("Source"), {"fields": ["source_document", "note"]}),
    ]
    inlines = [SectionInline]

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

    @admin.display(description=_("dates as written"))
    def dates_written(self, plan: Plan) -> str:
        return "、".join(str(date) for date in plan.dates_as_written or []) or "—"

    @admin.display(description=_("indicators"), ordering="indicator_total")
    def indicator_count(self, plan: Plan) -> int:
        return plan.indicator_total

    @admin.display(description=_("tasks"), ordering="task_total")
    def task_count(self, plan: Plan) -> int:
        return plan.task_total

    @admin.display(description=_("key projects"), ordering="project_total")
    def project_count(self, plan: Plan) -> int:
        return plan.project_total


@admin.register(Section)
class SectionAdmin(ScopedAdmin):
    list_display = ["__str__", "plan", "parent", "line"]
    list_filter = ["plan"]
    list_select_related = ["plan", "parent"]
    search_fields = ["title", "number"]
    autocomplete_fields = ["parent"]
