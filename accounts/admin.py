from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Only administrators manage accounts (Django's own rule: superusers hold every permission)."""

    list_display = ["username", "last_name", "first_name", "unit", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "unit__jurisdiction"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Unit and role"), {"fields": ["unit", "role"]}),
        *DjangoUserAdmin.fieldsets[1:],
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "unit", "role", "password1", "password2"]}),
    ]
