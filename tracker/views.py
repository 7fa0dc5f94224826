"""Project-wide error pages: the API answers in its JSON shape, the admin with Django's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

from tracker.middleware import api_error, is_api


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL no route matches (e.g. `/api/v1/reports/abc/`): JSON under /api/, the HTML page elsewhere."""
    if is_api(request):
        return api_error(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)
