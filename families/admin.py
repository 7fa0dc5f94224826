"""The admin of plan families: the catalogue, decompositions, link suggestions and the comparison page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import may_configure, may_use_admin
from families.comparison_sheet import comparison_workbook
from families.models import CommonIndicator, Decomposition
from families.selectors import (
    baseline_offers,
    comparison,
    comparison_year,
    family_counts,
    link_suggestions,
    roll_ups,
)
from families.services import baseline_replace, decomposition_check, indicator_link
from indicators.domain.early_warning import Colour
from indicators.domain.evaluation import Status
from indicators.models import Indicator
from indicators.summary import default_year
from plans.admin_base import requested_year
from plans.models import Plan

NAME = "families_commonindicator"
STATUS_LABELS = {status.value: status.label for status in Status}
COLOUR_LABELS = {colour.value: colour.label for colour in Colour}


def chosen_plan(request: HttpRequest, plans: list[Plan]) -> Plan | None:
    """The plan asked for, else the first five-year plan (the ones with indicator tables)."""
    asked = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    five_year = next((p for p in plans if p.kind == Plan.Kind.FIVE_YEAR), None)
    return asked or five_year or (plans[0] if plans else None)


class CatalogueAdmin(admin.ModelAdmin):
    """Everyone in the admin reads the catalogue; offices and administrators change it."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user) and may_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)


@admin.register(CommonIndicator)
class CommonIndicatorAdmin(CatalogueAdmin):
    list_display = ["name", "unit_of_measure", "direction", "roll_up", "weight", "link_count", "compare"]
    list_select_related = ["weight"]
    search_fields = ["name", "definition"]
    autocomplete_fields = ["weight"]
    fields = ["name", "unit_of_measure", "direction", "definition", "aliases", "roll_up", "weight"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommonIndicator]:
        return super().get_queryset(request).annotate(link_total=Count("links"))

    @admin.display(description=gettext_lazy("linked indicators"), ordering="link_total")
    def link_count(self, obj: CommonIndicator) -> int:
        return getattr(obj, "link_total", 0)

    @admin.display(description=gettext_lazy("comparison"))
    def compare(self, obj: CommonIndicator) -> Any:
        url = reverse("admin:families_commonindicator_comparison", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Compare"))

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/comparison/", wrap(self.comparison_view), name=f"{NAME}_comparison"),
            path("suggestions/", wrap(self.suggestions_view), name=f"{NAME}_suggestions"),
            path("family/", wrap(self.family_view), name=f"{NAME}_family"),
            *super().get_urls(),
        ]

    def comparison_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        common = get_object_or_404(CommonIndicator, pk=pk)
        year = requested_year(request) or comparison_year(user=request.user, common=common)
        result = comparison(user=request.user, common=common, year=year)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                comparison_workbook(result),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="comparison-{common.pk}-{year}.xlsx"'
            return response
        peak = max((abs(row.value) for row in result.rows if row.value is not None), default=None)
        bars = [
            (row, float(abs(row.value) / peak * 100) if row.value is not None and peak else 0.0)
            for row in result.rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(name)s across jurisdictions") % {"name": common.name},
            "common": common,
            "year": year,
            "years": list(range(year - 5, year + 6)),
            "bars": bars,
            "status_labels": STATUS_LABELS,
            "colour_labels": COLOUR_LABELS,
            "per_capita": any(row.per_capita is not None for row in result.rows),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/families/comparison.html", context)

    def suggestions_view(self, request: HttpRequest) -> HttpResponse:
        """A plan's indicators with their link and the common indicators they are likely to be."""
        plans = list(Plan.objects.for_user(request.user).select_related("jurisdiction__parent"))
        plan = chosen_plan(request, plans)
        may_link = plan is not None and may_configure(request.user, plan.jurisdiction_id)
        if request.method == "POST":
            if plan is None or not may_link:
                raise PermissionDenied
            in_plan = Indicator.objects.filter(plan=plan)
            indicator = get_object_or_404(in_plan, pk=request.POST.get("indicator"))
            common = get_object_or_404(CommonIndicator, pk=request.POST.get("common"))
            try:
                indicator_link(indicator=indicator, common=common, user=request.user)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, f"{indicator.name}：{text}")
            else:
                done = _("Linked “%(indicator)s” to “%(common)s”.")
                messages.success(request, done % {"indicator": indicator, "common": common})
            return HttpResponseRedirect(f"{request.path}?plan={plan.pk}")
        rows: list[Any] = []
        if plan is not None:
            indicators = list(
                Indicator.objects.for_user(request.user)
                .filter(plan=plan, task__isnull=True)
                .select_related("common_link__common")
                .order_by("order", "pk")
            )
            suggestions = link_suggestions(indicators)
            rows = [(i, getattr(i, "common_link", None), suggestions[i.pk]) for i in indicators]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Link plan indicators to the catalogue"),
            "plans": plans,
            "plan": plan,
            "rows": rows,
            "may_link": may_link,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/families/suggestions.html", context)

    def family_view(self, request: HttpRequest) -> HttpResponse:
        """A plan with every plan below it: counts per status, roll-ups, baselines to update."""
        plans = list(Plan.objects.for_user(request.user).select_related("jurisdiction__parent"))
        plan = chosen_plan(request, plans)
        if plan is None:
            raise PermissionDenied
        may_change = may_configure(request.user, plan.jurisdiction_id)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            visible = Indicator.objects.for_user(request.user).filter(plan=plan).select_related("plan")
            indicator = get_object_or_404(visible, pk=request.POST.get("indicator"))
            try:
                baseline_replace(indicator=indicator, user=request.user)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, f"{indicator.name}：{text}")
            else:
                messages.success(request, _("Baseline of “%(name)s” updated.") % {"name": indicator.name})
            return HttpResponseRedirect(f"{request.path}?plan={plan.pk}")
        year = requested_year(request, plan=plan) or default_year(plan)
        members = family_counts(user=request.user, plan=plan, year=year)
        statuses = [status for status in Status]
        indicators = list(
            Indicator.objects.for_user(request.user)
            .filter(plan=plan)
            .select_related("plan")
            .order_by("order", "pk")
        )
        by_id = {indicator.pk: indicator for indicator in indicators}
        changelist = reverse("admin:indicators_indicator_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Plan family of %(plan)s") % {"plan": plan},
            "plans": plans,
            "plan": plan,
            "year": year,
            "years": list(plan.years),
            "statuses": statuses,
            "members": [
                (
                    member,
                    [
                        (
                            member.counts.get(status.value, 0),
                            f"{changelist}?plan={member.plan.pk}&eval_year={year}&eval_status={status.value}",
                        )
                        for status in statuses
                    ],
                )
                for member in members
            ],
            "roll_ups": [(by_id[view.indicator_id], view) for view in roll_ups(indicators, year).values()],
            "offers": list(baseline_offers(indicators).values()),
            "may_change": may_change,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/families/family.html", context)


class DecompositionForm(forms.ModelForm):
    class Meta:
        model = Decomposition
        fields = ["parent", "child"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent, child = data.get("parent"), data.get("child")
        if parent is not None and child is not None:
            try:
                decomposition_check(parent=parent, child=child)
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, texts)
        return data


@admin.register(Decomposition)
class DecompositionAdmin(admin.ModelAdmin):
    form = DecompositionForm
    list_display = ["parent", "parent_plan", "child", "child_plan"]
    list_select_related = ["parent__plan", "child__plan"]
    autocomplete_fields = ["parent", "child"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decomposition]:
        visible = Indicator.objects.for_user(request.user).order_by()
        return super().get_queryset(request).filter(parent__in=visible)

    @admin.display(description=gettext_lazy("higher-level plan"))
    def parent_plan(self, obj: Decomposition) -> Plan:
        return obj.parent.plan

    @admin.display(description=gettext_lazy("lower-level plan"))
    def child_plan(self, obj: Decomposition) -> Plan:
        return obj.child.plan

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user) and may_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Decomposition | None = None) -> bool:
        if not self.has_add_permission(request):
            return False
        return obj is None or may_configure(request.user, obj.parent.plan.jurisdiction_id)

    def has_delete_permission(self, request: HttpRequest, obj: Decomposition | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Decomposition, form: Any, change: bool) -> None:
        if not may_configure(request.user, obj.parent.plan.jurisdiction_id):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
