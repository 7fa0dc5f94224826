"""The OpenAPI document (/api/schema/, /api/docs/): the token scheme, the error shapes, the examples.

An integrating engineer should be able to work from the docs page alone, so the introduction below
walks through getting a token, listing a plan's indicators and pushing a year's figures.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from api.base import MAX_PAGE_SIZE
from api.serializers import ProgressEntrySerializer

DESCRIPTION = f"""
Plans, their indicators, targets, yearly figures and evaluations, key tasks and key projects, for
the reporting systems of a jurisdiction and for the departments (责任单位) that report figures.

## 1. Get a token
An administrator issues tokens in the admin (`/admin/`): **API 令牌 (API tokens) → 增加 (Add)**.
Choose the user the system acts as (a department's reporter to push figures, a planning-office
user to review, a viewer to read) and whether the token is *read only*. The key is shown **once**,
in the message after saving; only a hash is stored. Tokens are revoked there at any time (the list
action "Revoke selected tokens"), and the list shows when each was last used.

Send it on every request:

    Authorization: Token <key>

On this page: **Authorize** → `tokenAuth` → enter `Token <key>` (with the word Token), then
"Try it out" on any operation.

A token acts with its user's rights and sees only what that user sees: planning-office staff and
viewers the plans of their jurisdiction and below, reporters only the items their unit answers for.
A read-only token may only use GET. In the browser, a logged-in admin session works too (writes then
need the CSRF token).

## 2. List a plan's indicators with their statuses
`GET /api/v1/plans/` lists your plans. `GET /api/v1/indicators/?plan=<id>&year=2024` lists the
plan's indicators, each with its baseline, target (as written and parsed) and the stored evaluation
of 2024: status (提前实现 achieved_early, 快于预期 ahead, 基本符合预期 on_track, 滞后 lagging,
未达标 not_met, 待评定 pending, 无数据 no_data), expected value, completion, time progress and the
rule that decided. Add `&status=lagging` to filter. `GET /api/v1/plans/<id>/summary/?year=2024`
counts them per status and category, binding (约束性) indicators not met first.

## 3. Push and submit a year's figures
One at a time: `POST /api/v1/progress/` with `{{"indicator": 12, "year": 2024, "value": "6.3"}}`
creates a draft; `POST /api/v1/progress/<id>/submit/` sends it to the planning office, which
approves (`approve/`) or returns it with a reason (`return/`). A returned entry is corrected with
`PATCH /api/v1/progress/<id>/` and submitted again. Many at once: `POST /api/v1/progress/bulk/?submit=1`
with a JSON list of rows, or a `multipart/form-data` upload of an .xlsx/.csv file in the field `file`
(columns 指标ID/indicator, 年份/year, 数值/value, optional 季度/quarter, 情况说明/explanation,
数据来源/data_source). Add `dry_run=1` to see what would be created, updated or refused without
writing; a bulk upload is all or nothing unless you add `partial=1`.

## Versions and conflicts
Every entry carries a `version` and every entry response an `ETag: "v<version>"`. Updates (PUT,
PATCH) must state the version they are based on, as `If-Match: "v3"` or a `"version": 3` field;
workflow actions may. If someone changed the entry since, the answer is **409** with the entry as
it is now in `current`.

## Errors
Every refusal has one shape, with a Chinese message for people and a code for programs:

    {{"errors": [{{"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。"}}]}}

`field` is null when the error concerns the whole request; bulk and file errors add `row` (and
`column` for files). 400: the input is wrong and nothing was written. 401: no or a bad token.
403: you may see this but not do that (a viewer writing, a read-only token writing, a reporter
approving).
404: it does not exist *for you* — objects outside your scope answer 404 everywhere. 409: stale
version.

## Lists
Lists are paginated (`page`, `page_size` up to {MAX_PAGE_SIZE}), filterable by the parameters each
documents, and ordered with `ordering=<field>` (`-<field>` descending). Numbers are decimal strings
("12.5") so that no precision is lost.
"""

TAGS = [
    {"name": "plans", "description": "Plans (规划/计划), their section trees and yearly summaries."},
    {"name": "indicators", "description": "Indicators (指标) and task sub-targets, with stored evaluations."},
    {
        "name": "progress",
        "description": "Reported figures (进展填报) and their review: draft → submitted → approved, "
        "or returned with a reason; approved figures are revised by the office with a reason.",
    },
    {"name": "tasks", "description": "Key tasks (重点任务) and their quantitative sub-targets."},
    {"name": "projects", "description": "Key projects (重点项目): stage and investment."},
    {
        "name": "project-progress",
        "description": "Reported stage and investment of key projects, through the same review workflow.",
    },
    {"name": "units", "description": "Responsible units (责任单位) and jurisdictions (行政区划)."},
    {
        "name": "task-feedback",
        "description": "Task supervision (督查督办): progress feedback per task and period with "
        "evidence files, co-operating units' parts, milestones (节点), supervision issues "
        "(督办事项), a task's timeline and the task bulletin (督查通报).",
    },
]

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "DESCRIPTION": DESCRIPTION,
    "TAGS": TAGS,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EntryStateEnum": "progress.models.EntryState",
        "EvaluationStatusEnum": "indicators.models.STATUS_CHOICES",
        "TargetKindEnum": "indicators.models.TARGET_KIND_CHOICES",
        "ComparatorEnum": "indicators.models.COMPARATOR_CHOICES",
        "ProjectStageEnum": "projects.models.ProjectStage",
        "QualitativeJudgementEnum": "indicators.models.QualitativeJudgement",
        "ResponsibilityRoleEnum": "plans.models.ResponsibilityRole",
        "PlanKindEnum": "plans.models.Plan.Kind",
        "PlanStateEnum": "plans.models.Plan.State",
        "UnitKindEnum": "plans.models.Unit.Kind",
        "JurisdictionLevelEnum": "plans.models.Jurisdiction.Level",
        "ReportKindEnum": "reports.models.ReportKind",
        "ReportRunStateEnum": "reports.models.RunState",
        "SupervisionIssueKindEnum": "supervision.models.IssueKind",
        "SupervisionIssueStateEnum": "supervision.models.IssueState",
        "CompletionStateEnum": "supervision.models.CompletionState",
    },
}


def apply_settings() -> None:
    """Merge the API's documentation settings into SPECTACULAR_SETTINGS (title and version stay)."""
    from django.conf import settings

    current = getattr(settings, "SPECTACULAR_SETTINGS", None)
    if current is None:
        settings.SPECTACULAR_SETTINGS = current = {}
    current.update(SPECTACULAR_SETTINGS)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <key>`. Tokens are issued by an administrator in the "
            "admin (API tokens); the key is shown once. Read-only tokens may only use GET.",
        }


# --- shared pieces of the operations' documentation --------------------------------------------


class ErrorItem(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="null: the request as a whole.")
    code = serializers.CharField(help_text="Machine-readable: invalid, required, unknown_field, conflict, …")
    message = serializers.CharField(help_text="In Chinese, for people.")
    row = serializers.IntegerField(required=False, help_text="Bulk: the row (list index + 1, or sheet row).")
    column = serializers.CharField(required=False, help_text="Files: the column letter.")


class Errors(serializers.Serializer):
    errors = ErrorItem(many=True)


class BulkUpload(serializers.Serializer):
    file = serializers.FileField(
        help_text=".xlsx or .csv (UTF-8 or GB18030) with a header row: 指标ID/indicator, 年份/year, "
        "数值/value or 定性评价/judgement; optional 季度/quarter, 情况说明/explanation, 数据来源/data_source."
    )


class BulkCounts(serializers.Serializer):
    create = serializers.IntegerField()
    update = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()


class BulkRowOutcome(serializers.Serializer):
    row = serializers.IntegerField(help_text="List index + 1, or the sheet's row number.")
    action = serializers.ChoiceField(choices=["create", "update", "unchanged", "refused"])
    entry = serializers.IntegerField(allow_null=True, help_text="The entry id (null where nothing is kept).")
    errors = ErrorItem(many=True)
    current = ProgressEntrySerializer(
        required=False,
        help_text="Only on a row refused for a stale `version` (code `conflict`): the entry as it is now.",
    )


class BulkReport(serializers.Serializer):
    committed = serializers.BooleanField(help_text="Whether the rows were written.")
    dry_run = serializers.BooleanField()
    partial = serializers.BooleanField()
    submit = serializers.BooleanField()
    counts = BulkCounts()
    rows = BulkRowOutcome(many=True)


class BulkJobReport(serializers.Serializer):
    committed = serializers.BooleanField()
    counts = BulkCounts()
    rows = BulkRowOutcome(many=True)


class BulkJob(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Poll this until `state` is `done` or `failed`.")
    state = serializers.ChoiceField(choices=["queued", "checking", "writing", "done", "failed"])
    total = serializers.IntegerField(help_text="Rows sent.")
    checked = serializers.IntegerField(help_text="Rows checked so far.")
    dry_run = serializers.BooleanField()
    partial = serializers.BooleanField()
    submit = serializers.BooleanField()
    report = BulkJobReport(allow_null=True, help_text="What became of each row, once done.")


class BulkRefused(BulkReport):
    errors = ErrorItem(many=True, help_text="Every refused row's errors, each with its row.")


ERROR_EXAMPLE = OpenApiExample(
    "Year outside the plan",
    value={
        "errors": [{"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。"}]
    },
    response_only=True,
    status_codes=["400"],
)


def errors(description: str, *examples: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(Errors, description=description, examples=list(examples))


READ_ERRORS = {
    401: errors("No token, or a bad or revoked one."),
    404: errors("Not found, or outside your scope."),
}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: errors("Invalid input; nothing was written.", ERROR_EXAMPLE),
    403: errors("You may see this but not do that (a viewer, a read-only token, a reporter reviewing)."),
}


def conflict(serializer: type[serializers.Serializer], name: str) -> OpenApiResponse:
    return OpenApiResponse(
        inline_serializer(name, {"errors": ErrorItem(many=True), "current": serializer(read_only=True)}),
        description="The entry changed since you read it: `current` is the entry now (its ETag in the "
        "header); merge and retry with that version.",
    )


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag of the entry you read, e.g. `"v3"` (or send `version` in the body).',
)
YEAR = OpenApiParameter(
    "year", int, description="Plan year (default: the latest year with an approved figure)."
)

PROGRESS_CREATE_EXAMPLE = OpenApiExample(
    "A yearly figure",
    value={
        "indicator": 12,
        "year": 2024,
        "value": "6.3",
        "explanation": "按统计快报",
        "data_source": "市统计局",
    },
    request_only=True,
)
PROJECT_CREATE_EXAMPLE = OpenApiExample(
    "A project's year",
    value={"project": 7, "year": 2024, "stage": "construction", "investment_in_period": "12000"},
    request_only=True,
)
PROGRESS_UPDATE_EXAMPLE = OpenApiExample(
    "Correct a returned figure", value={"value": "6.1", "version": 3}, request_only=True
)
RETURN_EXAMPLE = OpenApiExample(
    "Return with a reason", value={"reason": "数据口径与统计年鉴不一致", "version": 2}, request_only=True
)
REVISE_EXAMPLE = OpenApiExample(
    "Revise an approved figure",
    value={"reason": "统计局年报修订", "value": "6.2", "version": 4},
    request_only=True,
)
BULK_JSON_EXAMPLE = OpenApiExample(
    "Two figures",
    value=[
        {"indicator": 12, "year": 2024, "value": "6.3"},
        {"indicator": 15, "year": 2024, "value": 1250, "explanation": "含新增企业"},
    ],
    request_only=True,
    media_type="application/json",
)
BULK_REPORT_EXAMPLE = OpenApiExample(
    "A dry run",
    value={
        "committed": False,
        "dry_run": True,
        "partial": False,
        "submit": False,
        "counts": {"create": 1, "update": 0, "unchanged": 0, "refused": 1},
        "rows": [
            {"row": 1, "action": "create", "entry": None, "errors": []},
            {
                "row": 2,
                "action": "refused",
                "entry": None,
                "errors": [
                    {
                        "field": "indicator",
                        "code": "invalid",
                        "message": "指标不存在或不在您的填报范围内。",
                        "row": 2,
                    }
                ],
            },
        ],
    },
    response_only=True,
    status_codes=["200"],
)
