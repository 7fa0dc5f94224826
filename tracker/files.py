"""Stored files (entry attachments, reports, task-feedback evidence) only for those who see their owner.

Each file belongs to one row; the row is looked up through its model's `for_user` queryset, so the
rules that hide an entry or a report hide its file too (404 otherwise). In production the web server
can send the bytes: with FILES_ACCEL_REDIRECT_PREFIX set (nginx `internal` location over MEDIA_ROOT),
the answer is an `X-Accel-Redirect` header; with FILES_X_SENDFILE (Apache, lighttpd) an `X-Sendfile`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from indicators.models import ProgressEntry
from projects.models import ProjectProgress
from reports.models import ReportRun
from supervision.models import FeedbackAttachment

OWNERS = (
    (ProgressEntry, "attachment"),
    (ProjectProgress, "attachment"),
    (ReportRun, "file"),
    (FeedbackAttachment, "file"),
)


def may_read(user: object, name: str) -> bool:
    return any(model.objects.for_user(user).filter(**{field: name}).exists() for model, field in OWNERS)  # type: ignore[attr-defined]


@login_required
def stored_file(request: HttpRequest, name: str) -> HttpResponse:
    if not name or not may_read(request.user, name) or not default_storage.exists(name):
        raise Http404
    if settings.FILES_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type="")
        response["X-Accel-Redirect"] = settings.FILES_ACCEL_REDIRECT_PREFIX.rstrip("/") + "/" + name
    elif settings.FILES_X_SENDFILE:
        response = HttpResponse(content_type="")
        response["X-Sendfile"] = default_storage.path(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response
