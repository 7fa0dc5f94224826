"""One error shape for every refusal the API gives, whatever raised it.

    {"errors": [{"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。",
                 "row": 3}]}

`field` is null for errors about the request as a whole; nested fields read "rows.2.year"; `row` and
`column` appear when the error is about a row of an uploaded file or of a bulk list. A stale write
(409) adds `current`: the entry as it is now, so the caller can merge and retry.

The handler maps Django's ValidationError and PermissionDenied (what the services raise), the
services' EntryConflict, the spreadsheet reader's SheetError, a database integrity error (a race
the services' checks could not see) and every DRF error (parse, authentication, 404, 405, …).
Anything else is a bug and stays a 500.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from indicators.spreadsheets import SheetError
from progress.services import EntryConflict

Error = dict[str, Any]
WHOLE_REQUEST_KEYS = {NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY}


def error(field: str | None, code: str | None, message: str, **where: Any) -> Error:
    """One error of the shape; `where` adds `row`/`column` when they are known."""
    item: Error = {"field": field, "code": code or "invalid", "message": str(message)}
    item.update({key: value for key, value in where.items() if value is not None})
    return item


def body(errors: list[Error], **extra: Any) -> dict[str, Any]:
    return {"errors": errors, **extra}


def field_name(parent: str | None, key: object) -> str | None:
    if key in WHOLE_REQUEST_KEYS:
        return parent
    return str(key) if parent is None else f"{parent}.{key}"


def from_drf(detail: Any, field: str | None = None) -> Iterator[Error]:
    """DRF error details (nested dicts and lists of ErrorDetail) → flat errors."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            yield from from_drf(value, field_name(field, key))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, Mapping | list):  # a list serializer: one entry per item
                yield from from_drf(value, field_name(field, index))
            else:
                yield from from_drf(value, field)
    else:
        yield error(field, getattr(detail, "code", None), str(detail))


def from_django(exc: DjangoValidationError, **where: Any) -> list[Error]:
    """Django's ValidationError (a dict of fields, or a list) → flat errors, each with its code."""
    if hasattr(exc, "error_dict"):
        return [
            error(field_name(None, field), item.code, message, **where)  # type: ignore[arg-type]
            for field, items in exc.error_dict.items()
            for item in items
            for message in item
        ]
    return [error(None, item.code, message, **where) for item in exc.error_list for message in item]  # type: ignore[arg-type]


def from_messages(messages: Mapping[str, list[str]], code: str = "invalid", **where: Any) -> list[Error]:
    """A {field: [message]} mapping (the bulk service's row errors) → flat errors."""
    return [
        error(field_name(None, field), code, message, **where)
        for field, items in messages.items()
        for message in items
    ]


def refusal(field: str | None, message: str, code: str = "invalid") -> DjangoValidationError:
    """A ValidationError about one field (or the request, with no field) that keeps its code."""
    error = DjangoValidationError(message, code=code)
    return DjangoValidationError({field: error}) if field else error


class ApiError(Exception):
    """Errors already in the API's shape (e.g. several rows of a bulk request), answered as they are."""

    def __init__(self, errors: list[Error], status_code: int = status.HTTP_400_BAD_REQUEST) -> None:
        super().__init__(errors)
        self.errors, self.status_code = errors, status_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApiError):
        set_rollback()
        return Response(body(exc.errors), status=exc.status_code)
    if isinstance(exc, EntryConflict):
        return conflict_response(exc, context)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(body(from_django(exc)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SheetError):
        set_rollback()
        item = error("file", "invalid_file", exc.message, row=exc.row, column=exc.column)
        return Response(body([item]), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        message = _("The request body is too large or has too many fields.")
        return Response(
            body([error(None, "too_large", message)]), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, IntegrityError):
        set_rollback()
        message = _("The data changed while your request ran; reload and try again.")
        return Response(body([error(None, "conflict", message)]), status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)  # keeps WWW-Authenticate and Retry-After headers
    if response is None:
        return None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # Django's message names the model, in English
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    assert isinstance(exc, exceptions.APIException)
    detail = exc.detail
    if not isinstance(detail, Mapping | list):
        detail = exceptions.ErrorDetail(str(detail), code=getattr(detail, "code", None) or exc.default_code)
    response.data = body(list(from_drf(detail)))
    return response


def conflict_response(exc: EntryConflict, context: dict[str, Any]) -> Response:
    """409 with the entry as it is now (and its ETag), for views that can represent it."""
    set_rollback()
    view = context.get("view")
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    represent = getattr(view, "represent", None)
    if represent is not None:
        extra["current"] = represent(exc.current)
        headers["ETag"] = view.etag(exc.current)  # type: ignore[union-attr]
    return Response(
        body([error("version", "conflict", str(exc))], **extra),
        status=status.HTTP_409_CONFLICT,
        headers=headers,
    )
