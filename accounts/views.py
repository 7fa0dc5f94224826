"""Pages of the sign-in itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' answer to a sign-in after too many wrong passwords: a page in the admin's look."""
    context = {**admin.site.each_context(request), "title": "", "cooloff_hours": settings.AXES_COOLOFF_TIME}
    return render(request, "admin/locked_out.html", context, status=429)
