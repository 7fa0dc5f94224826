"""/api/v1/reports/: request a report (202 and the run), follow its state, download its file.

Every run is fetched through `ReportRun.objects.for_user(user)`: a run of a plan the user cannot see
is a 404, as is a request naming such a plan. Planning-office staff and administrators request
reports; a reporter requests their own unit's extract of a plan (`unit`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.policy import may_download_report, may_request_report
from plans.models import Jurisdiction, Plan, Unit
from reports.models import ReportRun, RunState
from reports.serializers import ReportRequestSerializer, ReportRunSerializer
from reports.services import report_request

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class NotReady(APIException):
    """The run has no file yet: 409, in the API's one error shape (api/errors.py)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


LIST_ERRORS = {
    code: OpenApiResponse(description=description)
    for code, description in {
        400: gettext_lazy("A query parameter of the wrong type or out of range."),
        401: gettext_lazy("No token, or a bad or revoked one."),
        429: gettext_lazy("Too many requests: wait the seconds in `Retry-After`."),
    }.items()
}


@extend_schema_view(
    list=extend_schema(
        tags=["reports"],
        summary=gettext_lazy("List the reports you can see"),
        responses={200: ReportRunSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(tags=["reports"], summary=gettext_lazy("A report run: its state and file")),
)
class ReportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportRunSerializer
    filterset_fields = ["kind", "state", "year"]  # not "format": DRF reads ?format= as the renderer
    ordering_fields = ["requested_at", "year"]

    def get_queryset(self) -> QuerySet[ReportRun]:
        return ReportRun.objects.for_user(self.request.user).select_related(
            "plan", "jurisdiction", "requested_by"
        )

    @extend_schema(
        tags=["reports"],
        summary=gettext_lazy("Request a report (planning office; a reporter: their unit's extract)"),
        description=gettext_lazy(
            "Answers 202 with the run; follow it until `state` is `done`, then download its file. "
            "The same report requested again while it is being built returns that run."
        ),
        request=ReportRequestSerializer,
        responses={202: ReportRunSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        plan = jurisdiction = None
        if "plan" in values:
            plan = get_object_or_404(Plan.objects.for_user(user), key=values["plan"])
        else:
            jurisdiction = get_object_or_404(Jurisdiction.objects.all(), pk=values["jurisdiction"])
            if not Plan.objects.for_user(user).filter(jurisdiction=jurisdiction).exists():
                raise Http404
        if not may_request_report(user):
            raise PermissionDenied(_("Only the planning office requests reports."))
        unit = None
        if "unit" in values:
            unit = Unit.objects.filter(pk=values["unit"]).select_related("jurisdiction").first()
            if unit is None:
                raise ValidationError({"unit": [_("There is no such unit.")]})
        try:
            run, _created = report_request(
                kind=values["kind"],
                year=values.get("year"),
                fmt=values["format"],
                plan=plan,
                jurisdiction=jurisdiction,
                unit=unit,
                user=user,
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        run.refresh_from_db()  # eager mode (no broker) has built it already
        body = ReportRunSerializer(run, context=self.get_serializer_context()).data
        location = reverse("report-run-detail", kwargs={"pk": run.pk})
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(
        tags=["reports"],
        summary=gettext_lazy("Download a finished report (xlsx or docx)"),
        responses={(200, "application/octet-stream"): bytes},
    )
    def download(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse | Response:
        run = self.get_object()
        if not may_download_report(request.user, run):
            raise Http404
        if run.state != RunState.DONE or not run.file:
            message = _("The report is not ready: %(state)s.") % {"state": run.get_state_display()}
            raise NotReady(message)
        title = str(run.summary.get("title") or run)
        return FileResponse(
            run.file.open("rb"),
            as_attachment=True,
            filename=f"{title}.{run.format}",
            content_type=CONTENT_TYPES.get(run.format, "application/octet-stream"),
        )
