"""Request guards that run before any view, and how API answers may be cached."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, message: str) -> JsonResponse:
    """The API's one error shape (api/errors.py), for answers given before DRF runs."""
    body = {"errors": [{"field": None, "code": code, "message": message}]}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class RequestSizeLimitMiddleware:
    """Refuses a body larger than MAX_REQUEST_BYTES from its Content-Length, before reading any of it.

    Django itself refuses large non-file bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) only when a view reads
    them, and streams uploaded files to disk whatever their size; the proxy in front refuses earlier
    still (nginx `client_max_body_size`, see README "Security").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            message = _("The request is larger than %(size)s MB.") % {
                "size": settings.MAX_REQUEST_BYTES // 2**20
            }
            if is_api(request):
                return api_error(413, "too_large", message)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ApiNoStoreMiddleware:
    """API answers carry one user's data: no shared or browser cache keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api(request):
            response["Cache-Control"] = "private, no-store"
        return response
