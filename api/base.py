"""What every API view shares: the error shape, pagination, the read-only-token rule, query helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from accounts.authentication import ReadOnlyTokenLimit
from api.errors import exception_handler, refusal
from plans.models import Plan

MAX_PAGE_SIZE = 1000


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, at most 1000)."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ReadOnlyTokenLimitAfterLookup(ReadOnlyTokenLimit):
    """A read-only token may only read; on one object the check waits until the object is found.

    So a write to an object outside the caller's scope answers 404 like every other request for it,
    and 403 only where the caller can see what they may not change.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if view.lookup_url_kwarg in view.kwargs or view.lookup_field in view.kwargs:
            return True
        return super().has_permission(request, view)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return super().has_permission(request, view)


class ApiViewMixin:
    """Mixed into every API viewset: one error shape (see api/errors.py), one pagination, one gate."""

    pagination_class = Pagination
    permission_classes = [IsAuthenticated, ReadOnlyTokenLimitAfterLookup]

    def get_exception_handler(self) -> Callable[..., Any]:
        return exception_handler

    @property
    def schema_only(self) -> bool:
        """drf-spectacular builds the schema with a fake view and no real user."""
        return bool(getattr(self, "swagger_fake_view", False))


def whole_number_param(request: Request, name: str) -> int | None:
    """An optional whole-number query parameter; anything else is a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise refusal(name, _("Enter a whole number.")) from None


def plan_year(plan: Plan, year: int) -> int:
    """The year, if it falls inside the plan's period (400 otherwise)."""
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Year %(year)s is outside the plan period %(start)s–%(end)s."),
                    code="invalid",
                    params={"year": year, "start": plan.start_year, "end": plan.end_year},
                )
            }
        )
    return year
