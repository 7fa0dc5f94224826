"""The admin's one gate: every model admin scopes its rows and actions through these mixins."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from accounts.permissions import can_configure, can_enter_figures, can_use_admin


class ScopedAdmin(admin.ModelAdmin):
    """Rows come from `Model.objects.for_user(user)`; plan content is changed by the plan's office.

    `plan_path` is the attribute path from an object to its plan's jurisdiction id, used for the
    object-level check (e.g. "plan.jurisdiction_id").
    """

    plan_path = "plan.jurisdiction_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._default_manager.for_user(request.user).select_related(
            *self.list_select_related_fields()
        )

    def list_select_related_fields(self) -> tuple[str, ...]:
        related = self.list_select_related
        return tuple(related) if isinstance(related, list | tuple) else ()

    def jurisdiction_of(self, obj: Model) -> int | None:
        value: Any = obj
        for part in self.plan_path.split("."):
            value = getattr(value, part, None)
        return value

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_use_admin(request.user) and can_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not (can_use_admin(request.user) and can_configure(request.user)):
            return False
        return obj is None or can_configure(request.user, self.jurisdiction_of(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)


class ScopedInline:
    """Inlines follow the parent's rule: editable by whoever may change the parent object."""

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        if not can_use_admin(request.user):
            return False
        jurisdiction_id = getattr(getattr(obj, "plan", None), "jurisdiction_id", None) if obj else None
        if obj is not None and jurisdiction_id is None:  # the parent is the plan itself
            jurisdiction_id = getattr(obj, "jurisdiction_id", None)
        return can_configure(request.user, jurisdiction_id)


class EntryInline(admin.TabularInline):
    """Reported figures under their item: whoever may enter figures may add and edit them here."""

    readonly_fields = ["state", "created_by"]
    extra = 0
    ordering = ["year", "quarter"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("created_by")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user) and can_enter_figures(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReportedItemAdmin(ScopedAdmin):
    """An item figures are reported against (indicator, key project).

    The plan's office edits the item; a reporter opens it only to enter figures in the entry
    inline, with every field of the item itself read-only.
    """

    entry_inline: type[EntryInline]

    def save_entry(self, entry: Any, user: Any) -> None:
        raise NotImplementedError

    def office_may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.office_may_change(request, obj) or (
            can_use_admin(request.user) and can_enter_figures(request.user)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if self.office_may_change(request, obj):
            return list(self.readonly_fields)
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def get_inlines(self, request: HttpRequest, obj: Model | None) -> list[type]:
        if self.office_may_change(request, obj):
            return list(self.inlines)
        return [self.entry_inline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not self.entry_inline.model:
            super().save_formset(request, form, formset, change)
            return
        for entry in formset.save(commit=False):
            self.save_entry(entry, request.user)


class EntryAdmin(ScopedAdmin):
    """The changelist of reported figures; `item_field` names the item (indicator, project)."""

    item_field: str

    def item_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._meta.get_field(self.item_field).related_model._default_manager.for_user(
            request.user
        )

    def save_entry(self, entry: Any, user: Any) -> None:
        raise NotImplementedError

    def jurisdiction_of(self, obj: Model) -> int | None:
        return getattr(obj, self.item_field).plan.jurisdiction_id

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_use_admin(request.user) and can_enter_figures(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == self.item_field:
            kwargs["queryset"] = self.item_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.save_entry(obj, request.user)
