"""What every API view shares: the error shape, pagination, the read-only-token rule, query helpers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.serializers import Serializer

from accounts.authentication import ReadOnlyTokenLimit
from api.errors import refusal
from plans.models import Plan
from plans.years import parse_year

MAX_PAGE_SIZE = 1000
MAX_ID = 2**63 - 1  # the largest id a database holds: a larger one names nothing


class Paginator(DjangoPaginator):
    """Django's, fetching the page before counting: a page that is not full ends the list, so the
    count is the rows before it and on it, and the COUNT query is spared (most lists fit one page)."""

    def page(self, number: Any) -> Page:
        text = str(number)
        wanted = int(text) if text.isascii() and text.isdigit() else 0
        bottom = (wanted - 1) * self.per_page
        if self.orphans or wanted < 1 or bottom + self.per_page > MAX_ID:
            return super().page(number)  # Django's rules for orphans and the numbers it refuses
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if len(rows) < self.per_page and (rows or wanted == 1):
            self.__dict__["count"] = bottom + len(rows)  # the cached_property, known without a query
        return Page(rows, self.validate_number(wanted), self)


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, at most 1000)."""

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class JSONParser(parsers.JSONParser):
    """DRF's, refusing JSON nested too deep for Python to read (otherwise a RecursionError, a 500)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        except ParseError as refused:  # DRF's message is English and quotes the decoder
            cause = refused.__context__
            where = {"line": getattr(cause, "lineno", 1), "column": getattr(cause, "colno", 1)}
            raise ParseError(
                _("The body is not valid JSON (line %(line)s, column %(column)s).") % where
            ) from None


PARSERS = [JSONParser]  # bodies are JSON; only the bulk upload also takes multipart files


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
    parser_classes = PARSERS
    permission_classes = [IsAuthenticated, ReadOnlyTokenLimitAfterLookup]

    @property
    def schema_only(self) -> bool:
        """drf-spectacular builds the schema with a fake view and no real user."""
        return bool(getattr(self, "swagger_fake_view", False))

    def valid(self, input_class: type[Serializer], **kwargs: Any) -> dict[str, Any]:
        """The request body read by `input_class`, or a 400 in the one error shape."""
        view: Any = self
        serializer = input_class(data=view.request.data, context=view.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


def year_param(request: Request, name: str = "year") -> int | None:
    """An optional year in the query string; anything else is a 400 naming the parameter."""
    try:
        return parse_year(request.query_params.get(name))
    except ValidationError as error:
        raise refusal(name, str(error.messages[0])) from None


def plan_year(plan: Plan, year: int) -> int:
    """The year, if it falls inside the plan's period (400 otherwise)."""
    return period_year(plan.start_year, plan.end_year, year)


def period_year(start: int, end: int, year: int) -> int:
    """The year, if it falls inside the period start–end of a plan (400 otherwise)."""
    if not start <= year <= end:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Year %(year)s is outside the plan period %(start)s–%(end)s."),
                    code="invalid",
                    params={"year": year, "start": start, "end": end},
                )
            }
        )
    return year
