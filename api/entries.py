"""Reported figures over HTTP: one viewset base for indicator figures and project progress.

Every write fetches the entry through the caller's scoped queryset (404 outside it), then calls the
service in progress/services.py, which decides who may do what. Writes state the version read,
as `If-Match: "v<version>"` (the ETag every entry response carries) or a `version` field; a stale
one answers 409 with the entry as it is now.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.policy import read_in_scope
from api.base import ApiViewMixin
from api.errors import refusal
from api.inputs import ReturnInput, VersionInput
from api.selectors import entry_history
from api.serializers import HistorySerializer
from progress.models import ReviewedEntry
from progress.services import (
    entry_approve,
    entry_return,
    entry_revise,
    entry_save,
    entry_submit,
    stored_decimals,
)
from tracker.db import read_back

ETAG = re.compile(r'^(?:W/)?"v(\d+)"$')


def etag(entry: ReviewedEntry) -> str:
    return f'"v{entry.version}"'


def if_match_version(request: Request) -> int | None:
    """The version named by If-Match; None when absent or `*` (any version)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = set()
    for tag in header.split(","):
        match = ETAG.match(tag.strip())
        if match is None:
            raise refusal("If-Match", _('Send the ETag of the entry you read, such as "v3".'))
        versions.add(int(match.group(1)))
    if len(versions) != 1:
        raise refusal("If-Match", _("Name one version of the entry."))
    return versions.pop()


def expected_version(request: Request, body_version: int | None, *, required: bool) -> int | None:
    """The version a write is based on, from If-Match or the body; both must agree when both are sent."""
    header_version = if_match_version(request)
    if header_version is not None and body_version is not None and header_version != body_version:
        raise refusal("version", _("The version in the body differs from the one in If-Match."))
    version = header_version if header_version is not None else body_version
    if version is None and required:
        raise refusal(
            "version", _('State the version you read: a "version" field or an If-Match header.'), "required"
        )
    return version


class EntryViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update entries, and move them through the review workflow."""

    model: ClassVar[type[ReviewedEntry]]
    create_input: ClassVar[type[Serializer]]
    update_input: ClassVar[type[Serializer]]
    revise_input: ClassVar[type[Serializer]]
    version_input: ClassVar[type[Serializer]] = VersionInput
    return_input: ClassVar[type[Serializer]] = ReturnInput
    related: ClassVar[tuple[str, ...]]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.model.objects.none()  # type: ignore[attr-defined]
        return self.model.objects.for_user(self.request.user).select_related(  # type: ignore[attr-defined]
            *self.related, "created_by", "submitted_by", "reviewed_by"
        )

    def get_object(self) -> Any:
        entry = super().get_object()
        # The caller's entries are those of items in their scope: the item need not be asked again.
        read_in_scope(entry.item, self.request.user)
        return entry

    # --- representation --------------------------------------------------------------------------

    def represent(self, entry: ReviewedEntry) -> dict[str, Any]:
        return self.serializer_class(entry, context=self.get_serializer_context()).data

    def etag(self, entry: ReviewedEntry) -> str:
        return etag(entry)

    def entry_response(self, entry: ReviewedEntry, code: int = status.HTTP_200_OK) -> Response:
        """The entry as stored now (read again through the scoped queryset), with its ETag."""
        fresh = self.get_queryset().get(pk=entry.pk)
        return Response(self.represent(fresh), status=code, headers={"ETag": etag(fresh)})

    def saved_response(
        self, entry: ReviewedEntry, code: int = status.HTTP_200_OK, *, decimals_as_stored: bool = False
    ) -> Response:
        """An entry this request created or changed, its item and users loaded with it: only its
        decimals are read again (`stored_decimals`), unless the write returned them already (a new
        entry's INSERT does)."""
        if not decimals_as_stored:
            read_back(entry, stored_decimals(entry))
        return Response(self.represent(entry), status=code, headers={"ETag": etag(entry)})

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        return Response(self.represent(entry), headers={"ETag": etag(entry)})

    # --- writes ----------------------------------------------------------------------------------

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.model(**self.valid(self.create_input))
        entry = entry_save(entry=entry, user=request.user)
        return self.saved_response(entry, status.HTTP_201_CREATED, decimals_as_stored=True)

    def update(self, request: Request, *args: Any, partial: bool = False, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = self.valid(self.update_input, partial=partial)
        version = expected_version(request, data.pop("version", None), required=True)
        for name, value in data.items():
            setattr(entry, name, value)
        entry = entry_save(entry=entry, user=request.user, expected_version=version)
        return self.saved_response(entry)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    # --- the workflow ----------------------------------------------------------------------------

    def transition(self, service: Any, input_class: type[Serializer], **arguments: Any) -> Response:
        entry = self.get_object()
        data = self.valid(input_class)
        version = expected_version(self.request, data.pop("version", None), required=False)
        if "reason" in data:
            arguments["reason"] = data.pop("reason")
        if data:
            arguments["changes"] = data
        entry = service(entry=entry, user=self.request.user, expected_version=version, **arguments)
        return self.entry_response(entry)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self.transition(entry_submit, self.version_input)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self.transition(entry_approve, self.version_input)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self.transition(entry_return, self.return_input)

    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        return self.transition(entry_revise, self.revise_input, changes={})

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        entry = self.get_object()
        return Response(HistorySerializer(entry_history(entry), many=True).data)
