from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ApiToken, User
from accounts.policy import is_administrator


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Only administrators manage accounts (Django's own rule: superusers hold every permission)."""

    list_display = ["username", "last_name", "first_name", "unit", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "unit__jurisdiction"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],  # type: ignore[index]
        (_("Unit and role"), {"fields": ["unit", "role"]}),
        *DjangoUserAdmin.fieldsets[1:],  # type: ignore[index]
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "unit", "role", "password1", "password2"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for reporting systems. Only administrators (superusers) issue, see and revoke them.

    Issuing goes through `ApiToken.issue`: the clear key is shown once, in a message after saving,
    and only its hash is stored. Revoking (the list action) stops a token at once; it is kept, with
    its last use, for the record.
    """

    list_display = ["name", "prefix", "user", "read_only", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return self.has_module_permission(request)

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return ["user", "name", "read_only"]
        return ["user", "name", "read_only", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["user", *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued, key = ApiToken.issue(user=obj.user, name=obj.name, read_only=obj.read_only)
        for name in ("pk", "prefix", "key_hash", "created_at"):
            setattr(obj, name, getattr(issued, name))
        self.message_user(
            request,
            _("The key of token “%(name)s” is %(key)s — copy it now: it is shown only this once.")
            % {"name": issued.name, "key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
