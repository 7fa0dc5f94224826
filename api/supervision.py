"""Task supervision over HTTP (registered in api/urls.py): feedback with evidence files, contributions
of co-operating units, milestones, 督办事项, a task's timeline and the task bulletin.

Everything is read through the caller's scope (`for_user`: 404 outside it), written through
supervision.services, versioned (If-Match / `version`, 409 with the current row) and refused in the
one error shape of api/errors.py.

Why this module is long: every supervision endpoint with its serializers and OpenAPI declarations in
one module, like api/views.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api import schema
from api.base import ApiViewMixin, JSONParser, plan_year, year_param
from api.entries import EntryViewSet, etag, expected_version
from api.errors import refusal
from api.filters import EntryFilter, FilterSet, IdFilter
from api.inputs import ReturnInput, ScopedPrimaryKey, StrictSerializer, VersionInput, version_field
from api.selectors import entry_history
from api.serializers import EntrySerializer, HistorySerializer, UserRefSerializer
from indicators.models import Task
from plans.models import Plan
from plans.years import YEAR_BOUNDS, YEAR_ERRORS
from progress.selectors import reporting_year
from supervision import services
from supervision.files import attachment_response
from supervision.models import (
    CompletionState,
    FeedbackAttachment,
    IssueKind,
    Milestone,
    SupervisionIssue,
    TaskContribution,
    TaskFeedback,
)
from supervision.rules import may_see_bulletin
from supervision.selectors import task_bulletin, task_timeline
from supervision.warnings import warning_items
from tracker.serializers import ModelSerializer, Serializer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TASK_NOT_IN_SCOPE = gettext_lazy("No such task in your scope.")
FEEDBACK_HISTORY_FIELDS = (
    "year", "quarter", "month", "completion", "progress", "problems", "coordination", "next_steps",
    "reason", "measures", "state", "return_reason",
)  # fmt: skip


def documented(
    tag: str, serializer: Any, summaries: dict[str, StrOrPromise], inputs: dict[str, Any] | None = None
) -> Any:
    """Each action's summary, tag, request and error responses in the API docs."""
    inputs = inputs or {}
    views = {}
    for name, summary in summaries.items():
        reading = name in {"list", "retrieve", "history", "download", "timeline", "bulletin"}
        ok = serializer(many=True) if name in {"list", "timeline"} else serializer
        errors = (
            (schema.LIST_ERRORS if name == "list" else schema.READ_ERRORS)
            if reading
            else {**schema.WRITE_ERRORS, 409: schema.errors(gettext_lazy("Stale version."))}
        )
        extra: dict[str, Any] = {"request": inputs[name]} if name in inputs else {}
        if name in {"update", "partial_update", "submit", "close", "answer"}:
            extra["parameters"] = [schema.IF_MATCH]
        views[name] = extend_schema(
            tags=[tag], summary=summary, responses={200: ok, 201: ok, **errors}, **extra
        )
    return extend_schema_view(**views)


# --- feedback ------------------------------------------------------------------------------------


class AttachmentSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name")
    download = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment: FeedbackAttachment) -> str:
        request = self.context.get("request")
        path = f"/api/v1/task-attachments/{attachment.pk}/download/"
        return request.build_absolute_uri(path) if request is not None else path


class FeedbackSerializer(EntrySerializer):
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    period = serializers.SerializerMethodField()
    completion_label = serializers.CharField(source="get_completion_display", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TaskFeedback
        fields = [
            "id", "task", "plan", "year", "quarter", "month", "period", "completion", "completion_label",
            "progress", "problems", "coordination", "next_steps", "reason", "measures", "attachments",
            *EntrySerializer.workflow_fields,
        ]  # fmt: skip
        read_only_fields = fields

    def get_period(self, feedback: TaskFeedback) -> str:
        return feedback.period.label()


def text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(allow_blank=True, default="", **kwargs)


class FeedbackFieldsInput(StrictSerializer):
    completion = serializers.ChoiceField(choices=CompletionState.choices)
    progress = serializers.CharField(help_text="进展情况.")
    problems = text(help_text="存在问题.")
    coordination = text(help_text="需协调事项.")
    next_steps = text(help_text="下一步计划.")
    reason = text(help_text=gettext_lazy("Required for not_started and cannot_complete."))
    measures = text(help_text=gettext_lazy("Required for not_started and cannot_complete."))
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=gettext_lazy("Evidence files (multipart): images, PDF, Office files; checked by content."),
    )


class FeedbackCreateInput(FeedbackFieldsInput):
    task = ScopedPrimaryKey(Task, TASK_NOT_IN_SCOPE, queryset=Task.objects.none())
    year = serializers.IntegerField(**YEAR_BOUNDS, error_messages=YEAR_ERRORS)
    quarter = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, default=None)
    month = serializers.IntegerField(min_value=1, max_value=12, allow_null=True, default=None)


class FeedbackUpdateInput(FeedbackFieldsInput):
    version = version_field()


def uploads(files: list[Any]) -> list[services.Upload]:
    return [services.Upload(name=file.name or "", stream=file, size=file.size or 0) for file in files]


class FeedbackFilter(EntryFilter):
    task = IdFilter(field_name="task_id", help_text=gettext_lazy("Task id."))
    plan = IdFilter(field_name="task__plan_id", help_text=gettext_lazy("Plan id."))
    completion = filters.ChoiceFilter(choices=CompletionState.choices)

    class Meta:
        model = TaskFeedback
        fields = ["task", "plan", "year", "quarter", "month", "state", "completion", "updated_since"]


@documented(
    "task-feedback",
    FeedbackSerializer,
    {
        "list": gettext_lazy("List task feedback you can see"),
        "retrieve": gettext_lazy("Read a task feedback (its version in the ETag)"),
        "create": gettext_lazy("Create a draft feedback, with evidence files (multipart) if any"),
        "update": gettext_lazy("Replace the fields of a draft or returned feedback, adding files if any"),
        "partial_update": gettext_lazy("Change some fields of a draft or returned feedback"),
        "submit": gettext_lazy("Submit a feedback for review (the lead unit)"),
        "approve": gettext_lazy("Approve a submitted feedback (planning office)"),
        "return_": gettext_lazy("Return a submitted feedback with a reason (planning office)"),
        "revise": gettext_lazy("Not offered for feedback: answers 400"),
        "history": gettext_lazy("The feedback's history: who, when, what changed, why"),
    },
    {"create": FeedbackCreateInput, "update": FeedbackUpdateInput, "partial_update": FeedbackUpdateInput,
     "submit": VersionInput, "approve": VersionInput, "return_": ReturnInput, "revise": VersionInput},
)  # fmt: skip
class TaskFeedbackViewSet(EntryViewSet):
    """进展反馈: the lead unit's feedback per task and period, with evidence, reviewed like figures."""

    model = TaskFeedback
    queryset = TaskFeedback.objects.none()
    serializer_class = FeedbackSerializer
    create_input = FeedbackCreateInput
    update_input = FeedbackUpdateInput
    related = ("task__plan",)
    filterset_class = FeedbackFilter
    parser_classes = [JSONParser, MultiPartParser]
    ordering_fields = ["id", "year", "quarter", "month", "task", "updated_at", "state"]
    ordering = ["task_id", "year", "quarter", "month", "pk"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("attachments")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.valid(self.create_input)
        files = data.pop("attachments")
        feedback = services.feedback_save(
            feedback=TaskFeedback(**data), user=request.user, uploads=uploads(files)
        )
        return self.entry_response(feedback, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, partial: bool = False, **kwargs: Any) -> Response:
        feedback = self.get_object()
        data = self.valid(self.update_input, partial=partial)
        version = expected_version(request, data.pop("version", None), required=True)
        files = data.pop("attachments", [])
        for name, value in data.items():
            setattr(feedback, name, value)
        feedback = services.feedback_save(
            feedback=feedback, user=request.user, uploads=uploads(files), expected_version=version
        )
        return self.entry_response(feedback)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        version = expected_version(request, self.valid(VersionInput).get("version"), required=False)
        feedback = services.feedback_submit(feedback=feedback, user=request.user, expected_version=version)
        return self.entry_response(feedback)

    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        self.get_object()  # out of scope is a 404, a read-only token a 403, before the refusal
        raise refusal(None, _("Approved feedback is not revised; return it before approval instead."))

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str | None = None) -> Response:
        return Response(
            HistorySerializer(entry_history(self.get_object(), FEEDBACK_HISTORY_FIELDS), many=True).data
        )


@documented(
    "task-feedback",
    AttachmentSerializer,
    {
        "list": gettext_lazy("List evidence files of the feedback you can see"),
        "retrieve": gettext_lazy("Describe an evidence file"),
        "download": gettext_lazy("Download an evidence file (as an attachment, under its original name)"),
        "destroy": gettext_lazy(
            "Remove an evidence file from a draft or returned feedback (the feedback unit)"
        ),
    },
)
class TaskAttachmentViewSet(ApiViewMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evidence files: listed and downloaded only by those who may see the task."""

    queryset = FeedbackAttachment.objects.none()
    serializer_class = AttachmentSerializer
    filterset_fields = ["feedback"]
    ordering = ["pk"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return FeedbackAttachment.objects.for_user(self.request.user).select_related("feedback__task__plan")

    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        return attachment_response(self.get_object())

    def perform_destroy(self, instance: FeedbackAttachment) -> None:
        services.attachment_delete(attachment=instance, user=self.request.user)


# --- contributions ---------------------------------------------------------------------------------


class ContributionSerializer(ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = TaskContribution
        fields = [
            "id", "task", "unit", "unit_name", "year", "quarter", "month", "completion", "progress",
            "problems", "state", "version", "created_by", "updated_at", "sent_at",
        ]  # fmt: skip
        read_only_fields = fields


class ContributionCreateInput(StrictSerializer):
    task = ScopedPrimaryKey(Task, TASK_NOT_IN_SCOPE, queryset=Task.objects.none())
    year = serializers.IntegerField(**YEAR_BOUNDS, error_messages=YEAR_ERRORS)
    quarter = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, default=None)
    month = serializers.IntegerField(min_value=1, max_value=12, allow_null=True, default=None)
    completion = serializers.ChoiceField(choices=CompletionState.choices)
    progress = serializers.CharField()
    problems = text()


class ContributionUpdateInput(StrictSerializer):
    completion = serializers.ChoiceField(choices=CompletionState.choices, required=False)
    progress = serializers.CharField(required=False)
    problems = serializers.CharField(allow_blank=True, required=False)
    version = version_field()


class VersionedMixin(ApiViewMixin):
    """Representation with an ETag, for rows written with If-Match (and their 409 answers)."""

    def represent(self, row: Any) -> dict[str, Any]:
        return self.get_serializer(row).data  # type: ignore[attr-defined]

    def etag(self, row: Any) -> str:
        return etag(row)

    def fresh(self, row: Any, code: int = status.HTTP_200_OK) -> Response:
        current = self.get_queryset().get(pk=row.pk)  # type: ignore[attr-defined]
        return Response(self.represent(current), status=code, headers={"ETag": etag(current)})

    def valid(self, input_class: type[serializers.Serializer], **kwargs: Any) -> dict[str, Any]:
        serializer = input_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@documented(
    "task-feedback",
    ContributionSerializer,
    {
        "list": gettext_lazy("List co-operating units' parts you can see"),
        "retrieve": gettext_lazy("Read a co-operating unit's part"),
        "create": gettext_lazy("Write your unit's part of a task you co-operate on (a draft)"),
        "partial_update": gettext_lazy("Change your unit's draft part"),
        "send": gettext_lazy("Send your unit's part to the lead unit"),
    },
    {"create": ContributionCreateInput, "partial_update": ContributionUpdateInput, "send": VersionInput},
)
class TaskContributionViewSet(
    VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Co-operating units' parts, sent to the lead unit; the lead and the office read them."""

    queryset = TaskContribution.objects.none()
    serializer_class = ContributionSerializer
    filterset_fields = ["task", "unit", "year", "quarter", "month", "state"]
    ordering = ["task_id", "year", "quarter", "month", "unit_id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return TaskContribution.objects.for_user(self.request.user).select_related("unit", "created_by")

    def create(self, request: Request) -> Response:
        part = services.contribution_save(
            contribution=TaskContribution(**self.valid(ContributionCreateInput)), user=request.user
        )
        return self.fresh(part, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        part = self.get_object()
        data = self.valid(ContributionUpdateInput, partial=True)
        version = expected_version(request, data.pop("version", None), required=True)
        for name, value in data.items():
            setattr(part, name, value)
        return self.fresh(
            services.contribution_save(contribution=part, user=request.user, expected_version=version)
        )

    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        return self.fresh(services.contribution_send(contribution=self.get_object(), user=request.user))


# --- milestones ------------------------------------------------------------------------------------


class MilestoneSerializer(ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "task", "title", "due_date", "owner", "owner_name", "completed_on", "overdue"]
        read_only_fields = fields

    def get_overdue(self, milestone: Milestone) -> bool:
        from django.utils import timezone

        return milestone.completed_on is None and milestone.due_date < timezone.localdate()


class MilestoneFilter(FilterSet):
    task = IdFilter(field_name="task_id")
    plan = IdFilter(field_name="task__plan_id")
    overdue = filters.BooleanFilter(
        method="only_overdue", help_text=gettext_lazy("Open milestones past their due date.")
    )

    class Meta:
        model = Milestone
        fields = ["task", "plan", "owner", "overdue"]

    def only_overdue(self, queryset: Any, name: str, value: bool) -> Any:
        from django.utils import timezone

        overdue = {"completed_on__isnull": True, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class CompleteInput(StrictSerializer):
    completed_on = serializers.DateField(required=False, help_text=gettext_lazy("Default: today."))


@documented(
    "task-feedback",
    MilestoneSerializer,
    {
        "list": gettext_lazy("List milestones of the tasks you can see (?overdue=1: past due and open)"),
        "retrieve": gettext_lazy("Read a milestone"),
        "complete": gettext_lazy("Mark a milestone completed (the owner unit or the office)"),
    },
    {"complete": CompleteInput},
)
class MilestoneViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """节点 of the tasks you can see; `?overdue=1` lists those past due (the warnings read them)."""

    queryset = Milestone.objects.none()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering = ["due_date", "pk"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return Milestone.objects.for_user(self.request.user).select_related("owner", "task__plan")

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        data = CompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_complete(
            milestone=self.get_object(), user=request.user, on=data.validated_data.get("completed_on")
        )
        return Response(self.get_serializer(milestone).data)


# --- 督办事项 --------------------------------------------------------------------------------------------


class IssueSerializer(ModelSerializer):
    opened_by = UserRefSerializer(read_only=True)
    answered_by = UserRefSerializer(read_only=True, allow_null=True)
    closed_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = SupervisionIssue
        fields = [
            "id", "task", "kind", "text", "deadline", "state", "opened_by", "opened_at", "answer",
            "answered_by", "answered_at", "closed_by", "closed_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class IssueOpenInput(StrictSerializer):
    task = ScopedPrimaryKey(Task, TASK_NOT_IN_SCOPE, queryset=Task.objects.none())
    kind = serializers.ChoiceField(choices=IssueKind.choices, default=IssueKind.DEMAND)
    text = serializers.CharField()
    deadline = serializers.DateField()


class AnswerInput(VersionInput):
    answer = serializers.CharField(allow_blank=True)


@documented(
    "task-feedback",
    IssueSerializer,
    {
        "list": gettext_lazy("List supervision issues (督办事项) you can see"),
        "retrieve": gettext_lazy("Read a supervision issue"),
        "create": gettext_lazy("Open a supervision issue on a task (planning office)"),
        "answer": gettext_lazy("Answer a supervision issue (a responsible unit)"),
        "close": gettext_lazy("Close an answered supervision issue (planning office)"),
    },
    {"create": IssueOpenInput, "answer": AnswerInput, "close": VersionInput},
)
class SupervisionIssueViewSet(
    VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """督办事项: the office opens (POST), the unit answers, the office closes."""

    queryset = SupervisionIssue.objects.none()
    serializer_class = IssueSerializer
    filterset_fields = ["task", "state", "kind"]
    ordering = ["deadline", "pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return SupervisionIssue.objects.for_user(self.request.user).select_related(
            "task__plan", "opened_by", "answered_by", "closed_by"
        )

    def create(self, request: Request) -> Response:
        issue = services.issue_open(user=request.user, **self.valid(IssueOpenInput))
        return self.fresh(issue, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        data = self.valid(AnswerInput)
        version = expected_version(request, data.pop("version", None), required=False)
        issue = services.issue_answer(
            issue=self.get_object(), user=request.user, answer=data["answer"], expected_version=version
        )
        return self.fresh(issue)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        version = expected_version(request, self.valid(VersionInput).get("version"), required=False)
        return self.fresh(
            services.issue_close(issue=self.get_object(), user=request.user, expected_version=version)
        )


# --- timeline and bulletin -------------------------------------------------------------------------


class TimelineEventSerializer(Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    when = serializers.CharField(allow_null=True)
    who = serializers.CharField()
    text = serializers.CharField()


class BulletinSerializer(Serializer):
    plan = serializers.IntegerField()
    by_unit = serializers.ListField(
        child=serializers.DictField(),
        help_text=gettext_lazy(
            "Per unit: tasks, completed, on_schedule, lagging, not_started, cannot_complete, "
            "no_feedback, overdue_milestones, open_issues."
        ),
    )
    lagging = serializers.ListField(
        child=serializers.DictField(), help_text=gettext_lazy("Lagging tasks with reasons.")
    )
    warnings = serializers.ListField(
        child=serializers.DictField(), help_text=gettext_lazy("The red/yellow list, with why.")
    )


@documented(
    "task-feedback",
    TimelineEventSerializer,
    {"timeline": gettext_lazy("A task's timeline: 交办 → 反馈 → 审核 → 办结, with the 督办事项")},
)
class TaskSupervisionViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """A task's timeline (交办 → 反馈 → 审核 → 办结), and the task bulletin of a plan."""

    queryset = Task.objects.none()
    serializer_class = TimelineEventSerializer
    filter_backends: list[Any] = []
    pagination_class = None  # type: ignore[assignment]

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return Task.objects.for_user(self.request.user).select_related("plan").prefetch_related("units")

    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        events = task_timeline(self.get_object())
        rows = [
            {**event.__dict__, "when": event.when.isoformat() if event.when else None} for event in events
        ]
        return Response(TimelineEventSerializer(rows, many=True).data)

    @extend_schema(
        tags=["task-feedback"],
        summary=gettext_lazy("The task bulletin (督查通报) of a plan (office and viewers)"),
        parameters=[OpenApiParameter("plan", int, required=True, description=gettext_lazy("Plan id."))],
        responses={200: BulletinSerializer, **schema.READ_ERRORS, 400: schema.WRITE_ERRORS[400]},
    )
    @action(detail=False, methods=["get"])
    def bulletin(self, request: Request) -> Response:
        """?plan=ID: per unit counts, the lagging tasks with reasons, the red/yellow list."""
        raw = request.query_params.get("plan", "")
        if not raw.isdigit():
            raise refusal("plan", _("Give the plan id."), "required")
        plan = Plan.objects.for_user(request.user).filter(pk=int(raw)).first()
        if plan is None or not may_see_bulletin(request.user, plan):
            raise ValidationError({"plan": ValidationError(_("No such plan in your scope."), code="invalid")})
        bulletin = task_bulletin(plan_ids=[plan.pk])
        return Response(
            {
                "plan": plan.pk,
                "by_unit": bulletin.by_unit.to_dict("records"),
                "lagging": bulletin.lagging.to_dict("records"),
                "warnings": bulletin.warnings.to_dict("records"),
            }
        )


# --- 预警清单 ---------------------------------------------------------------------------------------


class WarningItemSerializer(Serializer):
    """One line of the warning list (supervision.warnings.WarningItem)."""

    kind = serializers.ChoiceField(
        choices=[("indicator", gettext_lazy("indicator")), ("milestone", gettext_lazy("milestone"))]
    )
    id = serializers.IntegerField(
        source="object_id", help_text=gettext_lazy("The indicator's or the milestone's id.")
    )
    name = serializers.CharField()
    plan = serializers.IntegerField(source="plan_id")
    plan_name = serializers.CharField(source="plan")
    units = serializers.CharField(
        help_text=gettext_lazy("Lead units of an indicator, the owner unit of a milestone.")
    )
    colour = serializers.CharField(help_text=gettext_lazy("yellow or red"))
    attention = serializers.CharField(
        help_text=gettext_lazy("red when consecutive yellows call for red-level attention")
    )
    explanation = serializers.CharField()
    year = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("Indicators: the year judged."))
    since = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Indicators: first year of the run.")
    )
    periods = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Indicators: consecutive warned years.")
    )
    due_date = serializers.DateField(allow_null=True, help_text=gettext_lazy("Milestones: when it was due."))
    days_overdue = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Milestones: days past due.")
    )


def id_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise refusal(name, _("Enter a whole number."))
    return int(raw)


class WarningViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """The warning list of the office or a unit: indicators under 预警 and overdue milestones."""

    queryset = Milestone.objects.none()  # the list is built by supervision.warnings, not a queryset
    serializer_class = WarningItemSerializer
    pagination_class = None  # type: ignore[assignment]
    filter_backends: list[Any] = []

    @extend_schema(
        tags=["warnings"],
        summary=gettext_lazy("The warning list (预警清单) in your scope"),
        description=gettext_lazy(
            "Yellow and red indicators, worst first, with their unit, since which year, for "
            "how many consecutive years, the attention due (two consecutive yellows call for red) and the "
            "reasons; and the tasks' milestones past due (yellow, red when more than 30 days overdue). "
            "`year` applies to every plan covering it (default: each plan's year being reported); "
            "`plan` and `unit` narrow the list. A plan outside your scope, or a year outside that plan, "
            "is a 400."
        ),
        parameters=[
            schema.YEAR,
            OpenApiParameter("plan", int, description=gettext_lazy("Plan id.")),
            OpenApiParameter("unit", int, description=gettext_lazy("Responsible unit id.")),
        ],
        responses={
            200: WarningItemSerializer(many=True),
            **schema.READ_ERRORS,
            400: schema.WRITE_ERRORS[400],
        },
    )
    def list(self, request: Request) -> Response:
        year, plan_id, unit_id = year_param(request), id_param(request, "plan"), id_param(request, "unit")
        plans = Plan.objects.for_user(request.user).order_by("pk")
        if plan_id is not None:
            plans = plans.filter(pk=plan_id)
        if year is not None and plan_id is None:
            plans = plans.filter(start_year__lte=year, end_year__gte=year)
        chosen = list(plans.only("pk", "start_year", "end_year"))
        if plan_id is not None and not chosen:
            raise refusal("plan", _("No such plan in your scope."))
        today = timezone.localdate()
        years = {
            plan.pk: plan_year(plan, year) if year is not None else reporting_year(plan, today)
            for plan in chosen
        }
        items = warning_items(request.user, years=years, unit_id=unit_id, today=today)
        return Response(WarningItemSerializer(items, many=True).data)
