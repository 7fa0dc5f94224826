"""The admin's one gate: every model admin scopes its rows and actions through these mixins.

Rows come from `Model.objects.for_user(user)`; plan content is changed by the plan's office. The
pieces for reported figures (entry forms, inlines, review actions) are in `progress.admin_base`.
Also here: the list filters by plan and by responsible unit every app's changelists use.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.policy import is_administrator, may_configure, may_use_admin
from plans.models import Plan, Unit
from plans.years import parse_year


class ScopedAdmin(admin.ModelAdmin):
    """Rows come from `Model.objects.for_user(user)`; plan content is changed by the plan's office.

    `plan_path` is the attribute path from an object to its plan's jurisdiction id, used for the
    object-level check (e.g. "plan.jurisdiction_id").
    """

    plan_path = "plan.jurisdiction_id"
    # Keys and the curators' working notes (in English, from the fixtures): for administrators only.
    curation_fields: tuple[str, ...] = ()

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if is_administrator(request.user) or not self.curation_fields:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in self.curation_fields]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._default_manager.for_user(request.user).select_related(
            *self.list_select_related_fields()
        )

    def get_list_filter(self, request: HttpRequest) -> Any:
        """A filter on a related field offers only the values among the caller's rows.

        Django's default lists every row of the related model: another jurisdiction's plans, units.
        """
        return [
            (entry, admin.RelatedOnlyFieldListFilter) if self.is_relation(entry) else entry
            for entry in super().get_list_filter(request)
        ]

    def is_relation(self, entry: Any) -> bool:
        if not isinstance(entry, str) or "__" in entry:
            return False
        try:
            return bool(self.model._meta.get_field(entry).is_relation)
        except FieldDoesNotExist:  # a name that is no field (a custom lookup) is left as it is
            return False

    def list_select_related_fields(self) -> tuple[str, ...]:
        related = self.list_select_related
        return tuple(related) if isinstance(related, list | tuple) else ()

    def jurisdiction_of(self, obj: Model) -> int | None:
        value: Any = obj
        for part in self.plan_path.split("."):
            value = getattr(value, part, None)
        return value

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_use_admin(request.user) and may_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not (may_use_admin(request.user) and may_configure(request.user)):
            return False
        return obj is None or may_configure(request.user, self.jurisdiction_of(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)


class ScopedInline:
    """Inlines follow the parent's rule: editable by whoever may change the parent object."""

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        if not may_use_admin(request.user):
            return False
        jurisdiction_id = getattr(getattr(obj, "plan", None), "jurisdiction_id", None) if obj else None
        if obj is not None and jurisdiction_id is None:  # the parent is the plan itself
            jurisdiction_id = getattr(obj, "jurisdiction_id", None)
        return may_configure(request.user, jurisdiction_id)


# --- history: who, when, before and after, why ----------------------------------------------


class HistoryContextHelper(HistoricalRecordContextHelper):
    """Changes as people read them: choice labels rather than codes, numbers without trailing zeros,
    local times in Chinese format, "—" for nothing; the optimistic-lock version is left out."""

    hidden_fields = frozenset({"version"})

    def context_for_delta_changes(self, delta: Any) -> list[dict[str, Any]]:
        kept = [change for change in delta.changes if change.field not in self.hidden_fields]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=kept))

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or (isinstance(value, Model | DeletedObject) and value.pk is None):
            return "—"  # a foreign key that was empty comes as a "deleted" placeholder without a key
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().prepare_delta_change_value(change, value)


class ScopedHistoryMixin:
    """django-simple-history's history pages behind the same gate as the object, and read-only.

    Its history view would otherwise fall back to the history rows of an object outside the
    user's queryset, and its revert form would write a past version around the services.
    """

    object_history_list_template = "admin/history/object_history_list.html"

    def get_historical_record_context_helper(self, request: HttpRequest, record: Any) -> Any:
        return HistoryContextHelper(self.model, record)

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def require_visible(self, request: HttpRequest, object_id: str) -> None:
        """404 unless the object is in the user's queryset (and the id is an id at all)."""
        queryset = self.get_queryset(request)
        try:
            visible = queryset.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        self.require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self.require_visible(request, object_id)
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- list filters ------------------------------------------------------------------------


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


def unit_names(responsibilities: Any) -> str:
    return "、".join(r.unit.name for r in responsibilities.all())


def requested_year(request: HttpRequest, name: str = "year", *, plan: Plan | None = None) -> int | None:
    """The year asked for in `?name=`, or None for the page's default year.

    A year the page cannot use (not a year, outside 1949–2100 or outside the plan) is not refused
    as the API refuses it: the page shows its default year and says so, once per request.
    """
    try:
        year = parse_year(request.GET.get(name))
    except ValidationError as error:
        problem = str(error.messages[0])
    else:
        if year is None or plan is None or plan.start_year <= year <= plan.end_year:
            return year
        problem = gettext("Year %(year)s is outside the plan period %(start)s–%(end)s.") % {
            "year": year,
            "start": plan.start_year,
            "end": plan.end_year,
        }
    warned: set[str] = request.__dict__.setdefault("_year_warnings", set())
    if name not in warned:
        warned.add(name)
        messages.warning(
            request,
            gettext("%(problem)s The default year is shown instead.") % {"problem": problem},
        )
    return None
