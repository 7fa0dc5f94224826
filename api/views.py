"""The API's endpoints: thin. Reads come from scoped selectors, writes go to the services.

Every object is fetched through the caller's `for_user` queryset, so what is outside their scope is
a 404 on every endpoint, reads and writes alike.

Why this module is long: one viewset per resource with its OpenAPI declarations; splitting by
resource would repeat the shared imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.policy import may_enter_figures
from api import schema
from api.base import ApiViewMixin, JSONParser, period_year, plan_year, year_param
from api.bulk import bulk_job, bulk_report, bulk_rows
from api.entries import EntryViewSet
from api.filters import (
    IndicatorFilter,
    JurisdictionFilter,
    KeyProjectFilter,
    PlanFilter,
    ProgressEntryFilter,
    ProjectProgressFilter,
    TaskFilter,
    UnitFilter,
)
from api.inputs import (
    BulkQueryInput,
    IndicatorLinkInput,
    ProgressEntryCreateInput,
    ProgressEntryUpdateInput,
    ProgressReviseInput,
    ProjectProgressCreateInput,
    ProjectProgressUpdateInput,
    ProjectReviseInput,
    ReturnInput,
    VersionInput,
    YearlyTargetsInput,
)
from api.selectors import (
    indicator_figures,
    indicator_list,
    indicator_rows_query,
    plan_list,
    plan_summary,
    project_list,
    project_progress,
    responsibilities,
    section_tree,
    task_list,
    task_targets,
    unit_lists,
)
from api.serializers import (
    HistorySerializer,
    IndicatorDetailSerializer,
    IndicatorSerializer,
    JurisdictionSerializer,
    KeyProjectDetailSerializer,
    KeyProjectSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    PlanSummarySerializer,
    ProgressEntrySerializer,
    ProjectProgressSerializer,
    TaskDetailSerializer,
    TaskSerializer,
    UnitSerializer,
    WarningRowSerializer,
    indicator_rows,
)
from indicators.bulk import JOB_ROWS, bulk_upload_start, progress_bulk_save
from indicators.models import (
    BulkUpload,
    Indicator,
    IndicatorEvaluation,
    IndicatorResponsibility,
    ProgressEntry,
    Task,
)
from indicators.selectors import warning_list
from indicators.services import indicator_link, yearly_targets_set
from indicators.summary import default_year
from plans.models import Jurisdiction, Plan, Unit
from projects.models import KeyProject, ProjectProgress
from tracker.memory import cycle_collection_paused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReadViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A scoped, paginated, filterable, ordered list and its detail."""

    def get_queryset(self) -> Any:
        if self.schema_only:
            return self.queryset
        return self.scoped()

    def scoped(self) -> Any:
        raise NotImplementedError


def read_docs(
    tag: str, serializer: Any, list_summary: StrOrPromise, detail_summary: StrOrPromise, detail: Any = None
) -> Any:
    return extend_schema_view(
        list=extend_schema(
            tags=[tag], summary=list_summary, responses={200: serializer(many=True), **schema.LIST_ERRORS}
        ),
        retrieve=extend_schema(
            tags=[tag], summary=detail_summary, responses={200: detail or serializer, **schema.READ_ERRORS}
        ),
    )


# --- plans, units, jurisdictions ------------------------------------------------------------------


@read_docs(
    "plans",
    PlanSerializer,
    gettext_lazy("List your plans"),
    gettext_lazy("A plan with its section tree"),
    PlanDetailSerializer,
)
class PlanViewSet(ReadViewSet):
    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["id", "title", "start_year", "end_year", "kind"]
    ordering = ["jurisdiction__name", "-start_year", "title", "pk"]

    def scoped(self) -> Any:
        return plan_list(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        context = {**self.get_serializer_context(), "sections": section_tree(plan)}
        return Response(PlanDetailSerializer(plan, context=context).data)

    @extend_schema(
        tags=["plans"],
        summary=gettext_lazy("Counts of indicators per status and category for a year"),
        description=gettext_lazy(
            "Over the plan's indicators you can see. Indicators not met (未达标) are listed, "
            "binding (约束性) ones first. A year outside the plan period is a 400."
        ),
        parameters=[schema.YEAR],
        responses={
            200: PlanSummarySerializer,
            400: schema.errors(gettext_lazy("Year outside the plan.")),
            **schema.READ_ERRORS,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        year = year_param(request)
        year = plan_year(plan, year) if year is not None else default_year(plan)
        return Response(PlanSummarySerializer(plan_summary(request.user, plan, year)).data)

    @extend_schema(
        tags=["plans"],
        summary=gettext_lazy("Indicators under warning (预警) in a year"),
        description=gettext_lazy(
            "Yellow and red indicators you can see, worst first: the unit, since which year, "
            "for how many consecutive years, the attention due (two consecutive yellows call for red) "
            "and the reasons. A year outside the plan period is a 400."
        ),
        parameters=[schema.YEAR],
        responses={
            200: WarningRowSerializer(many=True),
            400: schema.errors(gettext_lazy("Year outside the plan.")),
            **schema.READ_ERRORS,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def warnings(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        year = year_param(request)
        year = plan_year(plan, year) if year is not None else default_year(plan)
        rows = warning_list(request.user, plan_id=plan.pk, year=year)
        return Response(WarningRowSerializer(rows, many=True).data)


@read_docs(
    "units", UnitSerializer, gettext_lazy("List responsible units"), gettext_lazy("A responsible unit")
)
class UnitViewSet(ReadViewSet):
    queryset = Unit.objects.none()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["id", "name"]
    ordering = ["jurisdiction__name", "name", "pk"]

    def scoped(self) -> Any:
        return Unit.objects.for_user(self.request.user)


@read_docs(
    "units", JurisdictionSerializer, gettext_lazy("List jurisdictions"), gettext_lazy("A jurisdiction")
)
class JurisdictionViewSet(ReadViewSet):
    queryset = Jurisdiction.objects.none()
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilter
    ordering_fields = ["id", "name", "level"]
    ordering = ["name", "pk"]

    def scoped(self) -> Any:
        return Jurisdiction.objects.for_user(self.request.user)


# --- indicators and tasks ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["indicators"],
        summary=gettext_lazy("List indicators with their stored evaluation"),
        description=gettext_lazy(
            "Each with baseline, target (as written and parsed), responsible units and the stored "
            "evaluation of `year` (default: each indicator's latest year with an approved figure; null if "
            "none). With `plan` and `year` together, a year outside the plan is a 400."
        ),
        parameters=[schema.EVALUATION_YEAR],
        responses={200: IndicatorSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        tags=["indicators"],
        summary=gettext_lazy("An indicator with its figures and its evaluation for a year"),
        description=gettext_lazy(
            "`figures`: the approved figures, and for its units' reporters and the plan's office "
            "also the entries still in the workflow. `evaluation`: the stored evaluation of `year` (default: "
            "the latest year with an approved figure) with the rule that decided."
        ),
        parameters=[schema.YEAR],
        responses={
            200: IndicatorDetailSerializer,
            400: schema.errors(gettext_lazy("Year outside the plan.")),
            **schema.READ_ERRORS,
        },
    ),
)
class IndicatorViewSet(ReadViewSet):
    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["id", "order", "name", "category", "plan", "eval_status"]
    ordering = ["plan_id", "order", "pk"]

    def scoped(self) -> Any:
        queryset = indicator_list(self.request.user, year_param(self.request))
        if self.action == "retrieve":
            return queryset.select_related("plan").prefetch_related(responsibilities(IndicatorResponsibility))
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rows as tuples from a query compiled once per shape, with their units in one more query
        (see indicator_rows_query, indicator_rows).

        With `plan` and `year`, a year outside the plan is a 400. The plan's period comes with the
        rows; it is asked for on its own only when there are none, or when a filter or the page is
        refused (the year's refusal comes first, as it always has).
        """
        year = year_param(request)
        plan_id = self.plan_asked()
        period = year is not None and plan_id is not None
        try:
            filters = self.valid_filters()
            ordering = OrderingFilter().get_ordering(request, self.queryset, self)
            rows = indicator_rows_query(request.user, year, filters, ordering, period=period)
            with cycle_collection_paused():
                page = self.paginate_queryset(rows)
        except APIException:
            if year is not None and plan_id is not None:
                self.check_plan_year(plan_id, year)
            raise
        if year is not None and plan_id is not None:
            if page:
                start, end = page[0][-2:]
                period_year(start, end, year)
            else:
                self.check_plan_year(plan_id, year)
        with cycle_collection_paused():
            units = unit_lists([row[0] for row in page])
            return self.get_paginated_response(indicator_rows(page, units))

    def valid_filters(self) -> IndicatorFilter:
        """The query string's filters, as django-filter's backend reads them (400 if refused)."""
        filters = DjangoFilterBackend().get_filterset(self.request, self.queryset, self)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        return filters

    def plan_asked(self) -> int | None:
        """The `plan` of the query string, when it is a number (the filter refuses anything else)."""
        plan_id = self.request.query_params.get("plan", "")
        return int(plan_id) if plan_id.strip().isdigit() else None

    def check_plan_year(self, plan_id: int, year: int) -> None:
        plan = Plan.objects.for_user(self.request.user).filter(pk=plan_id).first()
        if plan is not None:
            plan_year(plan, year)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        if year_param(request) is not None:
            plan_year(indicator.plan, indicator.eval_year)
        evaluation = (
            IndicatorEvaluation.objects.filter(indicator=indicator, year=indicator.eval_year).first()
            if indicator.eval_year is not None
            else None
        )
        context = {
            **self.get_serializer_context(),
            "evaluation": evaluation,
            "figures": indicator_figures(request.user, [indicator], indicator.plan).get(indicator.pk, []),
        }
        return Response(IndicatorDetailSerializer(indicator, context=context).data)

    @extend_schema(
        tags=["indicators"],
        summary=gettext_lazy("Link a relative target to the indicator it is judged against (office)"),
        request=IndicatorLinkInput,
        responses={200: IndicatorDetailSerializer, **schema.WRITE_ERRORS},
    )
    @action(detail=True, methods=["put"], filter_backends=[])
    def link(self, request: Request, pk: str | None = None) -> Response:
        data = self.valid(IndicatorLinkInput)
        indicator_link(indicator=self.get_object(), relative_to_id=data["relative_to"], user=request.user)
        return self.retrieve(request)

    @extend_schema(
        methods=["GET"],
        tags=["indicators"],
        summary=gettext_lazy("The targets of each year, with 以上/左右"),
        responses={200: YearlyTargetsInput, **schema.READ_ERRORS},
    )
    @extend_schema(
        methods=["PUT"],
        tags=["indicators"],
        summary=gettext_lazy("Set the targets of each year, with 以上/左右 (office)"),
        request=YearlyTargetsInput,
        responses={200: YearlyTargetsInput, **schema.WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "put"],
        url_path="yearly-targets",
        filter_backends=[],
        pagination_class=None,
    )
    def yearly_targets(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        if request.method == "PUT":
            data = self.valid(YearlyTargetsInput)
            yearly_targets_set(indicator=indicator, targets=data["yearly_targets"], user=request.user)
        rows = indicator.quotas.order_by("year").values("year", "comparator", "value", "document")
        return Response(YearlyTargetsInput({"yearly_targets": list(rows)}).data)


@extend_schema_view(
    list=extend_schema(
        tags=["tasks"],
        summary=gettext_lazy("List key tasks"),
        responses={200: TaskSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        tags=["tasks"],
        summary=gettext_lazy("A key task with its sub-targets and their progress"),
        responses={200: TaskDetailSerializer, **schema.READ_ERRORS},
    ),
)
class TaskViewSet(ReadViewSet):
    queryset = Task.objects.none()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    ordering_fields = ["id", "number", "plan"]
    ordering = ["plan_id", "number", "pk"]

    def scoped(self) -> Any:
        queryset = task_list(self.request.user)
        return queryset.select_related("plan") if self.action == "retrieve" else queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        context = {**self.get_serializer_context(), "targets": task_targets(request.user, task)}
        return Response(TaskDetailSerializer(task, context=context).data)


# --- projects --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["projects"],
        summary=gettext_lazy("List key projects"),
        responses={200: KeyProjectSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        tags=["projects"],
        summary=gettext_lazy("A key project with its reported progress"),
        description=gettext_lazy(
            "`progress`: approved reports, and for its units' reporters and the plan's office also "
            "those still in the workflow."
        ),
        responses={200: KeyProjectDetailSerializer, **schema.READ_ERRORS},
    ),
)
class KeyProjectViewSet(ReadViewSet):
    queryset = KeyProject.objects.none()
    serializer_class = KeyProjectSerializer
    filterset_class = KeyProjectFilter
    ordering_fields = ["id", "name", "plan", "stage", "planned_investment"]
    ordering = ["plan_id", "order", "pk"]

    def scoped(self) -> Any:
        queryset = project_list(self.request.user)
        return queryset.select_related("plan") if self.action == "retrieve" else queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        context = {**self.get_serializer_context(), "progress": project_progress(request.user, project)}
        return Response(KeyProjectDetailSerializer(project, context=context).data)


# --- reported figures ---------------------------------------------------------------------------------


def entry_docs(
    tag: str, serializer: type[serializers.Serializer], create: Any, update: Any, revise: Any
) -> Any:
    """The documentation of an entry viewset's operations."""
    name = serializer.__name__.removesuffix("Serializer")
    entry = OpenApiResponse(
        serializer, description=gettext_lazy("The entry now; its version is in the `ETag` header.")
    )
    conflict = schema.conflict(serializer, f"{name}Conflict")
    write = {**schema.WRITE_ERRORS, 409: conflict}

    def op(summary: StrOrPromise, description: StrOrPromise = "", **kwargs: Any) -> Any:
        return extend_schema(tags=[tag], summary=summary, description=description, **kwargs)

    return extend_schema_view(
        list=op(
            gettext_lazy("List entries you can see"),
            responses={200: serializer(many=True), **schema.LIST_ERRORS},
        ),
        retrieve=op(
            gettext_lazy("Read an entry"),
            gettext_lazy("The `ETag` header holds its version for If-Match."),
            responses={200: entry, **schema.READ_ERRORS},
        ),
        create=op(
            gettext_lazy("Create a draft"),
            gettext_lazy(
                "Reporters for items their unit answers for; the planning office for its jurisdiction's "
                "plans. The period must lie in the plan and be open (before the deadline, or under a lock "
                "exception). Unknown fields are refused."
            ),
            request=create,
            responses={201: entry, **schema.WRITE_ERRORS},
            examples=[schema.PROGRESS_CREATE_EXAMPLE if tag == "progress" else schema.PROJECT_CREATE_EXAMPLE],
        ),
        update=op(
            gettext_lazy("Replace the editable fields of a draft or returned entry"),
            gettext_lazy("Fields left out are emptied. State the version read (If-Match or `version`)."),
            request=update,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
        ),
        partial_update=op(
            gettext_lazy("Change some fields of a draft or returned entry"),
            gettext_lazy(
                "State the version read (If-Match or `version`); a stale one answers 409 with the entry now."
            ),
            request=update,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
            examples=[schema.PROGRESS_UPDATE_EXAMPLE],
        ),
        submit=op(
            gettext_lazy("Submit a draft or returned entry for review"),
            gettext_lazy("By whoever may enter it. The version is optional here (If-Match or `version`)."),
            request=VersionInput,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
        ),
        approve=op(
            gettext_lazy("Approve a submitted entry (planning office)"),
            gettext_lazy(
                "The office of the plan's jurisdiction, never on an entry it entered, changed or submitted. "
                "Approved figures feed the stored evaluations at once."
            ),
            request=VersionInput,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
        ),
        return_=op(
            gettext_lazy("Return a submitted entry with a reason (planning office)"),
            request=ReturnInput,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
            examples=[schema.RETURN_EXAMPLE],
        ),
        revise=op(
            gettext_lazy("Revise an approved entry with a reason (planning office)"),
            gettext_lazy("It stays approved; the reason is kept in its history."),
            request=revise,
            parameters=[schema.IF_MATCH],
            responses={200: entry, **write},
            examples=[schema.REVISE_EXAMPLE] if tag == "progress" else [],
        ),
        history=op(
            gettext_lazy("The entry's history: who, when, what changed from what, and why"),
            responses={200: HistorySerializer(many=True), **schema.READ_ERRORS},
        ),
    )


@entry_docs(
    "progress",
    ProgressEntrySerializer,
    ProgressEntryCreateInput,
    ProgressEntryUpdateInput,
    ProgressReviseInput,
)
class ProgressEntryViewSet(EntryViewSet):
    """Reported figures of indicators and task sub-targets."""

    model = ProgressEntry
    queryset = ProgressEntry.objects.none()
    serializer_class = ProgressEntrySerializer
    create_input = ProgressEntryCreateInput
    update_input = ProgressEntryUpdateInput
    revise_input = ProgressReviseInput
    related = ("indicator__plan",)
    filterset_class = ProgressEntryFilter
    ordering_fields = ["id", "year", "quarter", "indicator", "updated_at", "state"]
    ordering = ["indicator_id", "year", "quarter", "pk"]

    @extend_schema(
        tags=["progress"],
        summary=gettext_lazy("Create or update many figures at once (JSON list or an .xlsx/.csv upload)"),
        description=gettext_lazy(
            "Each row goes through the same rules as a single entry. All or nothing: one refused "
            "row refuses the upload (400, every refused row with its reasons) unless `partial=1`, which "
            "keeps the good rows. `dry_run=1` answers what would be created, updated, left unchanged or "
            "refused, row by row, and writes nothing. `submit=1` also submits each row written. A row "
            "equal to the stored draft is `unchanged`. A blank or missing field leaves the stored one as it "
            "is; a row stating the `version` it read is refused (code `conflict`, with `current`) if the "
            "entry changed since. Above 3,000 rows a worker runs the upload: 202 with a job to poll."
        ),
        parameters=[
            OpenApiParameter("dry_run", bool, description=gettext_lazy("Report without writing.")),
            OpenApiParameter(
                "partial", bool, description=gettext_lazy("Keep the good rows; report the refused ones.")
            ),
            OpenApiParameter("submit", bool, description=gettext_lazy("Submit each entry written.")),
        ],
        request={
            "application/json": ProgressEntryCreateInput(many=True),
            "multipart/form-data": schema.BulkUpload,
        },
        responses={
            200: schema.BulkReport,
            202: OpenApiResponse(
                schema.BulkJob, description=gettext_lazy("Many rows: a worker runs them; poll `url`.")
            ),
            400: OpenApiResponse(
                schema.BulkRefused,
                description=gettext_lazy(
                    "Refused: malformed input or file, or (without `partial`) any refused row. "
                    "Nothing was written."
                ),
            ),
            401: schema.READ_ERRORS[401],
            403: schema.errors(gettext_lazy("Viewers and read-only tokens do not enter figures.")),
        },
        examples=[schema.BULK_JSON_EXAMPLE, schema.BULK_REPORT_EXAMPLE],
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser, MultiPartParser], filter_backends=[])
    def bulk(self, request: Request) -> Response:
        if not may_enter_figures(request.user):
            raise PermissionDenied(_("You may not enter figures."))
        flags = BulkQueryInput(data=request.query_params)
        flags.is_valid(raise_exception=True)
        options = flags.validated_data
        rows = bulk_rows(request)
        if len(rows) > JOB_ROWS:
            upload = bulk_upload_start(user=request.user, rows=rows, **options)
            return Response(bulk_job(upload, request), status=status.HTTP_202_ACCEPTED)
        result = progress_bulk_save(user=request.user, rows=rows, **options)
        refused = not result.committed and not options["dry_run"]
        return Response(
            bulk_report(result, options, with_errors=refused, represent=self.represent),
            status=status.HTTP_400_BAD_REQUEST if refused else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=["progress"],
        summary=gettext_lazy("Follow a large bulk upload"),
        description=gettext_lazy(
            "An upload of more rows than a request checks at once is answered 202 with this job; "
            "poll it until `state` is `done` (its `report` as for a small upload) or `failed`."
        ),
        responses={200: schema.BulkJob, **schema.READ_ERRORS},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path=r"bulk/(?P<job>[0-9]{1,18})",
        url_name="bulk-job",
        pagination_class=None,
        filter_backends=[],
    )
    def bulk_job(self, request: Request, job: str) -> Response:
        upload = get_object_or_404(BulkUpload.objects.filter(user=request.user), pk=int(job))
        return Response(bulk_job(upload, request))


@entry_docs(
    "project-progress",
    ProjectProgressSerializer,
    ProjectProgressCreateInput,
    ProjectProgressUpdateInput,
    ProjectReviseInput,
)
class ProjectProgressViewSet(EntryViewSet):
    """Reported stage and investment of key projects."""

    model = ProjectProgress
    queryset = ProjectProgress.objects.none()
    serializer_class = ProjectProgressSerializer
    create_input = ProjectProgressCreateInput
    update_input = ProjectProgressUpdateInput
    revise_input = ProjectReviseInput
    related = ("project__plan",)
    filterset_class = ProjectProgressFilter
    ordering_fields = ["id", "year", "quarter", "project", "updated_at", "state"]
    ordering = ["project_id", "year", "quarter", "pk"]
