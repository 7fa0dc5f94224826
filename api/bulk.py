"""A bulk request's rows (a JSON list, or an uploaded .xlsx/.csv) and the report of what became of them.

Reading a row's values (numbers as text, judgements as words) and every rule are the service's
(indicators/bulk.py, indicators/spreadsheets.py); this only checks the request's shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from api.base import MAX_ID
from api.errors import ApiError, from_drf, from_messages, refusal
from api.inputs import BulkRowInput
from indicators.bulk import BulkResult, BulkRow, indicator_id
from indicators.models import BulkUpload, ProgressEntry
from indicators.spreadsheets import MAX_ROWS, read_figures

MAX_UPLOAD_MB = 10


def bulk_rows(request: Request) -> list[BulkRow]:
    """The rows sent: a file in the multipart field `file`, or a JSON list of objects."""
    if request.content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            raise refusal("file", _("Upload a file in the field “file”."), "required")
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise refusal(
                "file", _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB}, "too_large"
            )
        return plausible(read_figures(upload.name or "", upload.read()).rows)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:  # refused before the body is read
        raise refusal(
            None,
            _("At most %(count)s rows and %(size)s MB per upload; split the rows over several uploads.")
            % {"count": MAX_ROWS, "size": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)},
            "too_many",
        )
    data = request.data
    if not isinstance(data, list):
        raise refusal(None, _("Send a JSON list of rows, or upload a file in the field “file”."))
    if not data:
        raise refusal(None, _("Send at least one row."), "empty")
    if len(data) > MAX_ROWS:
        raise refusal(None, _("At most %(count)s rows per upload.") % {"count": MAX_ROWS}, "too_many")
    rows, errors = [], []
    for number, item in enumerate(data, start=1):
        values = BulkRowInput.plain(item)
        if values is None:
            serializer = BulkRowInput(data=item)
            if not serializer.is_valid():
                errors += [{**problem, "row": number} for problem in from_drf(serializer.errors)]
                continue
            values = serializer.validated_data
        rows.append(BulkRow(row=number, **{k: v for k, v in values.items() if v is not None}))
    if errors:
        raise ApiError(errors)
    return plausible(rows)


def plausible(rows: list[BulkRow]) -> list[BulkRow]:
    """An indicator id no database can hold names no indicator: the service says so for that row."""
    return [
        replace(row, indicator=None)
        if (ident := indicator_id(row.indicator)) is not None and ident > MAX_ID
        else row
        for row in rows
    ]


def bulk_report(
    result: BulkResult,
    options: dict[str, bool],
    *,
    with_errors: bool,
    represent: Callable[[ProgressEntry], dict[str, Any]],
) -> dict[str, Any]:
    """Row by row what became of the rows; a row refused for a stale version has the entry as it is now."""
    rows = []
    for outcome in result.outcomes:
        keep_id = result.committed or outcome.action in {"update", "unchanged"}
        row: dict[str, Any] = {
            "row": outcome.row,
            "action": outcome.action,
            "entry": outcome.entry_id if keep_id else None,
            "errors": from_messages(
                outcome.errors, code="invalid" if outcome.current is None else "conflict", row=outcome.row
            ),
        }
        if outcome.current is not None:
            row["current"] = represent(outcome.current)
        rows.append(row)
    report: dict[str, Any] = {
        "committed": result.committed,
        **options,
        "counts": {action: result.count(action) for action in ("create", "update", "unchanged", "refused")},
        "rows": rows,
    }
    if with_errors:
        report = {"errors": [problem for row in rows for problem in row["errors"]], **report}
    return report


def bulk_job(upload: BulkUpload, request: Request) -> dict[str, Any]:
    """A large upload's progress, and once done what became of each row (errors in the API's shape)."""
    report = upload.report
    if report is not None:
        report = {
            **report,
            "rows": [
                {
                    **row,
                    "errors": from_messages(
                        row["errors"], code="conflict" if "current" in row else "invalid", row=row["row"]
                    ),
                }
                for row in report["rows"]
            ],
        }
    return {
        "id": upload.pk,
        "url": request.build_absolute_uri(reverse("progress-bulk-job", kwargs={"job": upload.pk})),
        "state": upload.state,
        "total": upload.total,
        "checked": upload.checked,
        **upload.options,
        "report": report,
    }
