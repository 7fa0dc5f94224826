"""Entry deadlines and lock exceptions: set by the plan's office, read by everyone who reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.policy import configure_q, may_use_admin, own_unit_q
from plans.admin_base import PlanFilter, ScopedAdmin
from plans.models import Plan, Unit
from progress.models import EntryDeadline, LockException


def managed_plans(request: HttpRequest) -> QuerySet[Plan]:
    """The plans whose deadlines the user sets: an office its own jurisdiction's, an administrator all."""
    return Plan.objects.for_user(request.user).filter(configure_q(request.user, "jurisdiction"))


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
        return data  # type: ignore[return-value]


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
        return super().get_queryset(request).filter(own_unit_q(request.user, "unit"))

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, exception: LockException) -> bool:
        return timezone.now() < exception.expires_at

    def save_model(self, request: HttpRequest, obj: LockException, form: Any, change: bool) -> None:
        obj.granted_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class SentReminderAdmin(admin.ModelAdmin):
    """The reminders a daily job sent, for the office to see whom they reached: read only, and kept
    (deleting a row would send its reminder again). Rows of the caller's plans, `plan_path` being
    the lookup from a row to its plan."""

    plan_path = "plan"
    list_filter = ["offset_days"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = Plan.objects.for_user(request.user)
        return super().get_queryset(request).filter(**{f"{self.plan_path}__in": visible})

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
