"""API shapes for report runs: what a run shows, and what a request for one takes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from plans.years import YEAR_BOUNDS, YEAR_ERRORS
from reports.models import ReportFormat, ReportKind, ReportRun, RunState
from tracker.serializers import ModelSerializer, Serializer


class ReportRunSerializer(ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="key", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    message = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "kind_display",
            "format",
            "plan",
            "jurisdiction",
            "unit",
            "year",
            "trigger",
            "state",
            "state_display",
            "message",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "error",
            "summary",
            "download_url",
        ]
        read_only_fields = fields

    def get_message(self, run: ReportRun) -> str:
        if run.state == RunState.QUEUED and run.enqueue_error:
            return _(
                "The report is queued. The task queue cannot be reached at the moment; the request is kept "
                "and will be sent as soon as it is back."
            )
        return {
            RunState.QUEUED: _("The report is queued and will be generated in the background."),
            RunState.RUNNING: _("The report is being generated."),
            RunState.DONE: _("The report is ready to download."),
            RunState.FAILED: _("The report failed: %(error)s") % {"error": run.error},
        }[RunState(run.state)]

    def get_download_url(self, run: ReportRun) -> str | None:
        if run.state != RunState.DONE:
            return None
        url = reverse("report-run-download", kwargs={"pk": run.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ReportRequestSerializer(Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    plan = serializers.CharField(required=False, help_text=gettext_lazy("The plan's key."))
    jurisdiction = serializers.IntegerField(
        required=False, help_text=gettext_lazy("For all plans of a jurisdiction.")
    )
    unit = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy(
            "A responsible unit's id: its own extract of the plan's report (a reporter: their own unit)."
        ),
    )
    year = serializers.IntegerField(required=False, **YEAR_BOUNDS, error_messages=YEAR_ERRORS)
    format = serializers.ChoiceField(choices=ReportFormat.choices, default=ReportFormat.XLSX)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("plan" in attrs) == ("jurisdiction" in attrs):
            raise serializers.ValidationError(_("Choose either a plan or a jurisdiction."))
        return attrs
