"""The OpenAPI document (/api/schema/, /api/docs/): the token scheme, the error shapes, the examples.

An integrating engineer should be able to work from the docs page alone, so the introduction below
walks through getting a token, listing a plan's indicators and pushing a year's figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy
from drf_spectacular.authentication import SessionScheme as DrfSessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from api.base import MAX_PAGE_SIZE
from api.serializers import ProgressEntrySerializer
from indicators.models import BulkUpload as UploadJob
from tracker.serializers import Serializer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DESCRIPTION = f"""
面向本级及下级各业务系统和各责任单位的接口：规划、指标、目标、年度数据及其评估结果，
重点任务和重点项目。

## 一、获取令牌
管理员在管理后台（`/admin/`）的 **API 令牌 → 增加** 中签发令牌：
选择令牌代表的用户（责任单位的填报人员用于报送数据，
发展改革部门人员用于审核，只读用户用于查询），并选择是否只读。密钥只在保存后的提示中显示**一次**，
系统只保存其摘要。
令牌可随时在列表中吊销（动作“吊销所选令牌”），列表显示每个令牌的最近使用时间。

每个请求都带上：

    Authorization: Token <密钥>

在本页面：点击 **Authorize** → `tokenAuth` → 输入 `Token <密钥>`（包括 Token 一词），
然后在任一接口上点击
“Try it out”试用。

令牌按其用户的权限办事，
也只能看到该用户能看到的内容：发展改革部门人员和只读用户看到本级及下级的规划，填报人员只看到
本单位负责的事项。只读令牌只能使用 GET。在浏览器中，
已登录管理后台的会话同样可用（写操作需带 CSRF 令牌）。

## 二、查询规划的指标及其评估状态
`GET /api/v1/plans/` 列出可见的规划。
`GET /api/v1/indicators/?plan=<id>&year=2024` 列出该规划的指标，每项带基期值、
目标值（原文及解析结果）和 2024 年的评估结果：状态（提前实现 achieved_early、快于预期 ahead、
基本符合预期 on_track、
滞后 lagging、未达标 not_met、待评定 pending、无数据 no_data）、预期值、完成进度、
时序进度和判定依据。加
`&status=lagging` 可按状态筛选。`GET /api/v1/plans/<id>/summary/?year=2024` 按状态和类别汇总，
未达标的约束性指标列在最前。

## 三、报送并提交年度数据
逐条报送：`POST /api/v1/progress/`，内容如 `{{"indicator": 12, "year": 2024, "value": "6.3"}}`，
生成草稿；
`POST /api/v1/progress/<id>/submit/` 提交发展改革部门审核，
审核通过（`approve/`）或附原因退回（`return/`）。
被退回的数据用 `PATCH /api/v1/progress/<id>/` 修改后再次提交。
批量报送：`POST /api/v1/progress/bulk/?submit=1`，
内容为 JSON 行列表，
或以 `multipart/form-data` 在 `file` 字段上传 .xlsx/.csv 文件（列：指标ID/indicator、
年份/year、数值/value，可选 季度/quarter、情况说明/explanation、数据来源/data_source）。
加 `dry_run=1` 只检查
哪些行将新增、修改或被拒绝而不写入；批量报送要么全部保存、要么全部不保存，
加 `partial=1` 则保存通过检查的行。

## 版本与冲突
每条数据带 `version`，每个数据响应带 `ETag: "v<版本>"`。修改（PUT、PATCH）必须说明所依据的版本，用
`If-Match: "v3"` 或 `"version": 3` 字段；流程操作可以说明。若数据在此期间已被他人修改，
返回 **409**，
`current` 中是数据的当前内容。

## 错误
所有拒绝都使用同一格式，`message` 为中文说明，`code` 供程序判断：

    {{"errors": [{{"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。"}}]}}

错误涉及整个请求时 `field` 为 null；批量和文件错误另带 `row`（文件还带 `column`）。400：输入有误，
未写入任何内容。
401：缺少令牌或令牌无效。403：可以查看但无权执行该操作（只读用户或只读令牌写入、填报人员审核）。
404：对您而言不存在——超出您权限范围的对象一律返回 404。409：版本已过期。

## 列表
列表分页（`page`，`page_size` 最大 {MAX_PAGE_SIZE}），可按各接口说明的参数筛选，
用 `ordering=<字段>` 排序
（`-<字段>` 为降序）。数值以十进制字符串表示（如 "12.5"），不损失精度。
"""

TAGS = [
    {"name": "plans", "description": "规划（计划）、章节结构和年度汇总。"},
    {"name": "indicators", "description": "指标和任务子目标，及其评估结果。"},
    {
        "name": "progress",
        "description": "进展填报及其审核：草稿 → 已提交 → 已审核，或附原因退回；"
        "已审核的数据由发展改革部门说明原因后更正。",
    },
    {"name": "tasks", "description": "重点任务及其量化子目标。"},
    {"name": "projects", "description": "重点项目：建设阶段和投资。"},
    {
        "name": "project-progress",
        "description": "重点项目填报的建设阶段和投资，审核流程相同。",
    },
    {"name": "units", "description": "责任单位和行政区划。"},
    {
        "name": "task-feedback",
        "description": "督查督办：按任务和报告期的进展反馈及佐证材料、配合单位的部分、节点、督办事项、"
        "任务进展时间线和督查通报。",
    },
    {
        "name": "reports",
        "description": "报告：年度监测报告、中期评估、重点任务和重点项目进展通报，后台生成后下载。",
    },
    {
        "name": "warnings",
        "description": "预警清单：发展改革部门或责任单位的预警指标（含连续预警升级）和逾期节点。",
    },
]

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "DESCRIPTION": DESCRIPTION,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.without_class_notes",
    ],
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


class ApiAutoSchema(AutoSchema):
    """Operations are described only by what their `extend_schema` says: the views' docstrings are
    notes for developers, not text for the docs page."""

    def get_description(self) -> str:
        return ""


def without_class_notes(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """The same for serializers: an object's docstring is a developer's note, its fields' help texts
    are the documentation (a postprocessing hook)."""
    for component in result.get("components", {}).get("schemas", {}).values():
        if "properties" in component:
            component.pop("description", None)
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": gettext_lazy(
                "`Authorization: Token <key>`. Tokens are issued by an administrator in the "
                "admin (API tokens); the key is shown once. Read-only tokens may only use GET."
            ),
        }


class SessionScheme(DrfSessionScheme):
    target_class = "accounts.authentication.SessionAuthentication"


# --- shared pieces of the operations' documentation --------------------------------------------


class ErrorItem(Serializer):
    field = serializers.CharField(allow_null=True, help_text=gettext_lazy("null: the request as a whole."))
    code = serializers.CharField(
        help_text=gettext_lazy("Machine-readable: invalid, required, unknown_field, conflict, …")
    )
    message = serializers.CharField(help_text=gettext_lazy("In Chinese, for people."))
    row = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Bulk: the row (list index + 1, or sheet row).")
    )
    column = serializers.CharField(required=False, help_text=gettext_lazy("Files: the column letter."))


class Errors(Serializer):
    errors = ErrorItem(many=True)


class BulkUpload(Serializer):
    file = serializers.FileField(
        help_text=gettext_lazy(
            ".xlsx or .csv (UTF-8 or GB18030) with a header row: 指标ID/indicator, 年份/year, "
            "数值/value or 定性评价/judgement; optional 季度/quarter, 情况说明/explanation, "
            "数据来源/data_source."
        )
    )


class BulkCounts(Serializer):
    create = serializers.IntegerField()
    update = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()


class BulkRowOutcome(Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("List index + 1, or the sheet's row number."))
    action = serializers.ChoiceField(
        choices=[
            ("create", gettext_lazy("create")),
            ("update", gettext_lazy("update")),
            ("unchanged", gettext_lazy("unchanged")),
            ("refused", gettext_lazy("refused")),
        ]
    )
    entry = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("The entry id (null where nothing is kept).")
    )
    errors = ErrorItem(many=True)
    current = ProgressEntrySerializer(
        required=False,
        help_text=gettext_lazy(
            "Only on a row refused for a stale `version` (code `conflict`): the entry as it is now."
        ),
    )


class BulkReport(Serializer):
    committed = serializers.BooleanField(help_text=gettext_lazy("Whether the rows were written."))
    dry_run = serializers.BooleanField()
    partial = serializers.BooleanField()
    submit = serializers.BooleanField()
    counts = BulkCounts()
    rows = BulkRowOutcome(many=True)


class BulkJobReport(Serializer):
    committed = serializers.BooleanField()
    counts = BulkCounts()
    rows = BulkRowOutcome(many=True)


class BulkJob(Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text=gettext_lazy("Poll this until `state` is `done` or `failed`."))
    state = serializers.ChoiceField(choices=UploadJob.State.choices)
    total = serializers.IntegerField(help_text=gettext_lazy("Rows sent."))
    checked = serializers.IntegerField(help_text=gettext_lazy("Rows checked so far."))
    dry_run = serializers.BooleanField()
    partial = serializers.BooleanField()
    submit = serializers.BooleanField()
    report = BulkJobReport(allow_null=True, help_text=gettext_lazy("What became of each row, once done."))


class BulkRefused(Serializer):
    """A refused upload: malformed input (options, body, file) gives `errors` alone; refused rows give
    the report of every row as well."""

    errors = ErrorItem(many=True, help_text=gettext_lazy("Every refused row's errors, each with its row."))
    committed = serializers.BooleanField(
        required=False, help_text=gettext_lazy("Always false: nothing was written.")
    )
    dry_run = serializers.BooleanField(required=False)
    partial = serializers.BooleanField(required=False)
    submit = serializers.BooleanField(required=False)
    counts = BulkCounts(required=False)
    rows = BulkRowOutcome(many=True, required=False)


ERROR_EXAMPLE = OpenApiExample(
    "Year outside the plan",
    summary=gettext_lazy("Year outside the plan"),
    value={
        "errors": [{"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。"}]
    },
    response_only=True,
    status_codes=["400"],
)


def errors(description: StrOrPromise, *examples: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(Errors, description=description, examples=list(examples))


READ_ERRORS = {
    401: errors(gettext_lazy("No token, or a bad or revoked one.")),
    404: errors(gettext_lazy("Not found, or outside your scope.")),
    429: errors(
        gettext_lazy("Too many requests (or wrong tokens) from you: wait the seconds in `Retry-After`.")
    ),
}
LIST_ERRORS = {
    **READ_ERRORS,
    400: errors(
        gettext_lazy("A query parameter of the wrong type or out of range (an id, a year, a date-time).")
    ),
}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: errors(gettext_lazy("Invalid input; nothing was written."), ERROR_EXAMPLE),
    403: errors(
        gettext_lazy("You may see this but not do that (a viewer, a read-only token, a reporter reviewing).")
    ),
}


def conflict(serializer: type[serializers.Serializer], name: str) -> OpenApiResponse:
    return OpenApiResponse(
        inline_serializer(name, {"errors": ErrorItem(many=True), "current": serializer(read_only=True)}),
        description=gettext_lazy(
            "The entry changed since you read it: `current` is the entry now (its ETag in the "
            "header); merge and retry with that version."
        ),
    )


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy('The ETag of the entry you read, e.g. `"v3"` (or send `version` in the body).'),
)
YEAR = OpenApiParameter(
    "year", int, description=gettext_lazy("Plan year (default: the latest year with an approved figure).")
)
EVALUATION_YEAR = OpenApiParameter(
    "year",
    int,
    description=gettext_lazy(
        "The year whose stored evaluation is shown and filtered on by `status`. "
        "Default: each indicator's latest year with an approved figure."
    ),
)

PROGRESS_CREATE_EXAMPLE = OpenApiExample(
    "A yearly figure",
    summary=gettext_lazy("A yearly figure"),
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
    summary=gettext_lazy("A project's year"),
    value={"project": 7, "year": 2024, "stage": "construction", "investment_in_period": "12000"},
    request_only=True,
)
PROGRESS_UPDATE_EXAMPLE = OpenApiExample(
    "Correct a returned figure",
    summary=gettext_lazy("Correct a returned figure"),
    value={"value": "6.1", "version": 3},
    request_only=True,
)
RETURN_EXAMPLE = OpenApiExample(
    "Return with a reason",
    summary=gettext_lazy("Return with a reason"),
    value={"reason": "数据口径与统计年鉴不一致", "version": 2},
    request_only=True,
)
REVISE_EXAMPLE = OpenApiExample(
    "Revise an approved figure",
    summary=gettext_lazy("Revise an approved figure"),
    value={"reason": "统计局年报修订", "value": "6.2", "version": 4},
    request_only=True,
)
BULK_JSON_EXAMPLE = OpenApiExample(
    "Two figures",
    summary=gettext_lazy("Two figures"),
    value=[
        {"indicator": 12, "year": 2024, "value": "6.3"},
        {"indicator": 15, "year": 2024, "value": 1250, "explanation": "含新增企业"},
    ],
    request_only=True,
    media_type="application/json",
)
BULK_REPORT_EXAMPLE = OpenApiExample(
    "A dry run",
    summary=gettext_lazy("A dry run"),
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
