"""What the API returns. Read-only and thin: the rows come from api/selectors.py, writes from api/inputs.py.

Numbers are decimal strings without trailing zeros ("12.5"), so no precision is lost in JSON.

Why this module is long: every response shape of the API in one place, so the schema reads as one
document.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.domain.evaluation import Status
from indicators.models import (
    COLOUR_CHOICES,
    COMPARATOR_CHOICES,
    OUTLOOK_CHOICES,
    STATUS_CHOICES,
    TARGET_KIND_CHOICES,
    Indicator,
    ProgressEntry,
    QualitativeJudgement,
    Task,
)
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Unit
from progress.models import VALUE_DIGITS, VALUE_PLACES, EntryState
from projects.models import KeyProject, ProjectProgress, ProjectStage
from tracker.serializers import ModelSerializer, Serializer


def decimal_text(value: Decimal | None) -> str | None:
    """12.500000 → "12.5"; 1E+2 → "100"; -0 → "0"."""
    if value is None:
        return None
    text = str(value)
    if "E" in text or "e" in text:
        text = format(value.normalize(), "f")
    elif "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


# How Django's SQLite backend reads a stored decimal (a float, or an int) back: 15 significant digits,
# then the field's places (`get_decimalfield_converter`; tests/api/test_reads.py holds them equal).
SQLITE_DIGITS = decimal.Context(prec=15)
VALUE_CONTEXT = decimal.Context(prec=VALUE_DIGITS)
VALUE_QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
LARGEST_SHORTCUT = 1e9  # below it, a double is exact to far more than the field's places


def stored_decimal_text(value: Decimal | float | None) -> str | None:
    """`decimal_text` of a value field (VALUE_PLACES) as the database returns it: a Decimal from
    PostgreSQL; from SQLite a float or an int. A float's shortest repr, when it has at most the
    field's places and 15 digits, is the very decimal Django's converter makes of it (the double
    nearest a decimal of 15 digits reads back as that decimal), without making a Decimal."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return decimal_text(value)
    if -LARGEST_SHORTCUT < value < LARGEST_SHORTCUT and "e" not in (text := repr(value)):
        point = text.find(".")
        if point < 0:
            return text  # an int
        # a repr has no trailing zeros but in "12.0"; 16 characters: 15 digits and the point at most
        if len(text) - point <= VALUE_PLACES + 1 and len(text) <= 16:
            if text.endswith(".0"):
                text = text[:-2]
                return "0" if text == "-0" else text
            return text
    return decimal_text(
        SQLITE_DIGITS.create_decimal_from_float(value).quantize(VALUE_QUANTUM, context=VALUE_CONTEXT)
    )


class Number(serializers.DecimalField):
    """A stored decimal, returned as a string without trailing zeros."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(max_digits=20, decimal_places=6, **kwargs)

    def to_representation(self, value: Decimal | None) -> str | None:
        return decimal_text(value)


# --- places and units ----------------------------------------------------------------------------


class JurisdictionSerializer(ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "name", "level", "parent"]


class JurisdictionRefSerializer(ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "name", "level"]


class UnitSerializer(ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "jurisdiction", "parent", "is_planning_office"]


class RoleField(serializers.ChoiceField):
    """A responsibility's role; none stored ("") is null, never a value outside the enum."""

    def to_representation(self, value: Any) -> Any:
        return value or None


class ResponsibilitySerializer(Serializer):
    """A responsible unit of an item and its role (lead 牵头, cooperating 配合, shared 按职责分工)."""

    id = serializers.IntegerField(source="unit_id", read_only=True)
    name = serializers.CharField(source="unit.name", read_only=True)
    role = RoleField(
        choices=ResponsibilityRole.choices,
        allow_null=True,
        read_only=True,
        help_text=gettext_lazy(
            "null where the plan does not say (e.g. a unit named in prose without its role)."
        ),
    )


# --- plans ---------------------------------------------------------------------------------------


class PlanSerializer(ModelSerializer):
    jurisdiction = JurisdictionRefSerializer(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "key",
            "title",
            "short_title",
            "kind",
            "state",
            "jurisdiction",
            "issuer",
            "document_number",
            "signed_on",
            "published_on",
            "start_year",
            "end_year",
            "base_year",
            "vision_year",
            "parent",
            "predecessor",
        ]


class SectionNodeSerializer(Serializer):
    """A chapter or section (章, 节 or 一、) with its subsections."""

    id = serializers.IntegerField()
    key = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    line = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("Line in the source document."))
    children = serializers.ListField(
        child=serializers.DictField(), help_text=gettext_lazy("Subsections, same shape.")
    )


class PlanDetailSerializer(PlanSerializer):
    sections = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "dates_note", "source_document", "note", "sections"]

    @extend_schema_field(SectionNodeSerializer(many=True))
    def get_sections(self, plan: Plan) -> list[dict[str, Any]]:
        return self.context["sections"]


class StatusCountSerializer(Serializer):
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    label = serializers.CharField(help_text=gettext_lazy("The class name the planning offices publish."))
    count = serializers.IntegerField()


class CategorySummarySerializer(Serializer):
    category = serializers.CharField()
    total = serializers.IntegerField()
    by_status = StatusCountSerializer(many=True)


class NotMetSerializer(Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    number = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    attribute = serializers.ChoiceField(choices=Indicator.Attribute.choices, allow_blank=True)
    binding = serializers.BooleanField(
        help_text=gettext_lazy("约束性: a floor or ceiling the plan must hold.")
    )
    unit_of_measure = serializers.CharField()
    explanation = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Why the evaluation decided so.")
    )


class PlanSummarySerializer(Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    year = serializers.IntegerField()
    total = serializers.IntegerField(help_text=gettext_lazy("Indicators of the plan you can see."))
    by_status = StatusCountSerializer(many=True)
    by_category = CategorySummarySerializer(many=True)
    not_met = NotMetSerializer(
        many=True, help_text=gettext_lazy("Indicators not met (未达标), binding ones first.")
    )


# --- indicators ----------------------------------------------------------------------------------


class BaselineSerializer(Serializer):
    year = serializers.IntegerField(source="baseline_year", allow_null=True)
    value = Number(source="baseline_value")
    text = serializers.CharField(source="baseline_text", help_text=gettext_lazy("As written in the plan."))
    is_estimate = serializers.BooleanField(
        source="baseline_is_estimate", help_text=gettext_lazy("预计: an estimate.")
    )


class TargetSerializer(Serializer):
    year = serializers.IntegerField(source="target_year", allow_null=True)
    text = serializers.CharField(
        source="target_text", help_text=gettext_lazy("As written in the plan, e.g. 7.5左右.")
    )
    kind = serializers.ChoiceField(source="target_kind", choices=TARGET_KIND_CHOICES)
    comparator = serializers.ChoiceField(
        source="target_comparator", choices=COMPARATOR_CHOICES, allow_blank=True
    )
    value = Number(
        source="target_value",
        help_text=gettext_lazy("The parsed value; null when the target is not a number."),
    )
    unit = serializers.CharField(
        source="target_unit", help_text=gettext_lazy("A unit written inside the target, e.g. 亿元.")
    )


class AnnualSerializer(Serializer):
    """The 年均增速 / [累计] column: a yearly rate, or a cumulative change over the period."""

    text = serializers.CharField(source="annual_text")
    kind = serializers.ChoiceField(source="annual_kind", choices=TARGET_KIND_CHOICES)
    comparator = serializers.ChoiceField(
        source="annual_comparator", choices=COMPARATOR_CHOICES, allow_blank=True
    )
    value = Number(source="annual_value")


OUTLOOK_LABELS, COLOUR_LABELS = dict(OUTLOOK_CHOICES), dict(COLOUR_CHOICES)


class RowForecastSerializer(Serializer):
    value = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Projected value at the target year.")
    )
    outlook = serializers.CharField(help_text=gettext_lazy("likely, difficult, unlikely, unknown"))
    outlook_label = serializers.CharField()


class RowWarningSerializer(Serializer):
    colour = serializers.CharField(help_text=gettext_lazy("green, yellow, red, or empty"))
    label = serializers.CharField()


def row_forecast(
    value: Any,
    outlook: str | None,
    text: Callable[[Any], str | None] = stored_decimal_text,
    labels: Mapping[str, Any] = OUTLOOK_LABELS,
) -> dict[str, Any]:
    """The forecast of a model's Decimal, or of a value as the database returns it (`text` makes
    its text, `labels` name the outlooks: a page's list passes its own, see `indicator_rows`)."""
    outlook = outlook or ""
    return {"value": text(value), "outlook": outlook, "outlook_label": labels.get(outlook, "")}


def row_warning(colour: str | None, labels: Mapping[str, Any] = COLOUR_LABELS) -> dict[str, Any]:
    colour = colour or ""
    return {"colour": colour, "label": labels.get(colour, "")}


class EvaluationSerializer(Serializer):
    """The stored evaluation for the year (see the evaluation rules in the README); null if none."""

    year = serializers.IntegerField(source="eval_year")
    status = serializers.ChoiceField(source="eval_status", choices=STATUS_CHOICES)
    status_label = serializers.SerializerMethodField(
        help_text="提前实现, 快于预期, 基本符合预期, 滞后, 未达标 …"
    )
    expected = Number(source="eval_expected", help_text=gettext_lazy("The value expected for the year."))
    completion = Number(
        source="eval_completion", help_text=gettext_lazy("Completion share (1 = the whole target).")
    )
    time_progress = Number(
        source="eval_time_progress", help_text=gettext_lazy("Share of the plan period elapsed.")
    )
    explanation = serializers.CharField(
        source="eval_explanation", help_text=gettext_lazy("The rule that decided, in words.")
    )
    forecast = serializers.SerializerMethodField(
        help_text=gettext_lazy("预计期末值 and 能否完成 (the detail explains).")
    )
    warning = serializers.SerializerMethodField(
        help_text=gettext_lazy("预警 colour of the year (the detail explains).")
    )

    @extend_schema_field(RowForecastSerializer)
    def get_forecast(self, indicator: Any) -> dict[str, Any]:
        return row_forecast(indicator.eval_forecast_value, indicator.eval_forecast_outlook)

    @extend_schema_field(RowWarningSerializer)
    def get_warning(self, indicator: Any) -> dict[str, Any]:
        return row_warning(indicator.eval_warning)

    def get_status_label(self, indicator: Any) -> str:
        return Status(indicator.eval_status).label

    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        if getattr(instance, "eval_status", None) is None:
            return None
        return super().to_representation(instance)


class IndicatorSerializer(ModelSerializer):
    baseline = BaselineSerializer(source="*", read_only=True)
    target = TargetSerializer(source="*", read_only=True)
    annual = AnnualSerializer(source="*", read_only=True)
    units = ResponsibilitySerializer(source="responsibilities", many=True, read_only=True)
    evaluation = EvaluationSerializer(source="*", read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "key",
            "number",
            "name",
            "category",
            "attribute",
            "direction",
            "measure",
            "unit_of_measure",
            "origin",
            "task",
            "parent",
            "baseline",
            "target",
            "annual",
            "units",
            "evaluation",
        ]


# The list's rows, straight from `values_list()`: the same shape as IndicatorSerializer (a test holds
# them equal), built without DRF's per-field machinery, so a page of 1,000 renders in a few milliseconds.
INDICATOR_ROW_FIELDS = (
    "id",
    "plan_id",
    "key",
    "number",
    "name",
    "category",
    "attribute",
    "direction",
    "measure",
    "unit_of_measure",
    "origin",
    "task_id",
    "parent_id",
    "baseline_year",
    "baseline_value",
    "baseline_text",
    "baseline_is_estimate",
    "target_year",
    "target_text",
    "target_kind",
    "target_comparator",
    "target_value",
    "target_unit",
    "annual_text",
    "annual_kind",
    "annual_comparator",
    "annual_value",
    "eval_year",
    "eval_status",
    "eval_expected",
    "eval_completion",
    "eval_time_progress",
    "eval_explanation",
    "eval_forecast_value",
    "eval_forecast_outlook",
    "eval_warning",
)
STATUS_LABELS = {status.value: status.label for status in Status}


def indicator_rows(rows: Iterable[Sequence[Any]], units: dict[int, list[Any]]) -> list[dict[str, Any]]:
    """IndicatorSerializer's output from `values_list(*INDICATOR_ROW_FIELDS)` rows, their decimals as
    the database returns them (see `stored_decimal_text`; extra columns after them are ignored), and
    each indicator's units (see api/selectors.unit_lists).

    A page repeats few distinct decimals (targets, shares, years' progress), so each is made text
    once; the labels are translated once, not per row when the JSON is written."""
    texts: dict[Any, str | None] = {None: None}

    def text(value: Any) -> str | None:
        known = texts.get(value, texts)
        if known is texts:
            known = texts[value] = stored_decimal_text(value)
        return known  # type: ignore[return-value]

    status_labels = {status: str(label) for status, label in STATUS_LABELS.items()}
    outlook_labels = {outlook: str(label) for outlook, label in OUTLOOK_LABELS.items()}
    colour_labels = {colour: str(label) for colour, label in COLOUR_LABELS.items()}
    return [
        {
            "id": pk,
            "plan": plan,
            "key": key,
            "number": number,
            "name": name,
            "category": category,
            "attribute": attribute,
            "direction": direction,
            "measure": measure,
            "unit_of_measure": unit_of_measure,
            "origin": origin,
            "task": task,
            "parent": parent,
            "baseline": {
                "year": baseline_year,
                "value": text(baseline_value),
                "text": baseline_text,
                "is_estimate": baseline_is_estimate,
            },
            "target": {
                "year": target_year,
                "text": target_text,
                "kind": target_kind,
                "comparator": target_comparator,
                "value": text(target_value),
                "unit": target_unit,
            },
            "annual": {
                "text": annual_text,
                "kind": annual_kind,
                "comparator": annual_comparator,
                "value": text(annual_value),
            },
            "units": units.get(pk, []),
            "evaluation": None
            if status is None
            else {
                "year": eval_year,
                "status": status,
                "status_label": status_labels[status],
                "expected": text(expected),
                "completion": text(completion),
                "time_progress": text(time_progress),
                "explanation": explanation,
                "forecast": row_forecast(forecast_value, forecast_outlook, text, outlook_labels),
                "warning": row_warning(warning, colour_labels),
            },
        }
        for (
            pk,
            plan,
            key,
            number,
            name,
            category,
            attribute,
            direction,
            measure,
            unit_of_measure,
            origin,
            task,
            parent,
            baseline_year,
            baseline_value,
            baseline_text,
            baseline_is_estimate,
            target_year,
            target_text,
            target_kind,
            target_comparator,
            target_value,
            target_unit,
            annual_text,
            annual_kind,
            annual_comparator,
            annual_value,
            eval_year,
            status,
            expected,
            completion,
            time_progress,
            explanation,
            forecast_value,
            forecast_outlook,
            warning,
            *_,
        ) in rows
    ]


class UserRefSerializer(Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return user.get_full_name() or user.username


class EntrySerializer(ModelSerializer):
    """The review workflow's fields, shared by indicator figures and project progress."""

    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    state = serializers.ChoiceField(choices=EntryState.choices, read_only=True)
    workflow_fields = [
        "state",
        "return_reason",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]


class ProgressEntrySerializer(EntrySerializer):
    plan = serializers.IntegerField(source="indicator.plan_id", read_only=True)
    value = Number()
    judgement = serializers.ChoiceField(
        choices=QualitativeJudgement.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = ProgressEntry
        fields = [
            "id",
            "indicator",
            "plan",
            "year",
            "quarter",
            "value",
            "judgement",
            "explanation",
            "data_source",
            *EntrySerializer.workflow_fields,
        ]
        read_only_fields = fields


class IndicatorFigureSerializer(ProgressEntrySerializer):
    class Meta(ProgressEntrySerializer.Meta):
        fields = [name for name in ProgressEntrySerializer.Meta.fields if name not in {"indicator", "plan"}]
        read_only_fields = fields


class StoredForecastSerializer(Serializer):
    """预计期末值 and 能否完成, from the approved figures up to the evaluated year."""

    method = serializers.CharField(
        source="forecast_method", help_text=gettext_lazy("linear_trend, compound_growth, …")
    )
    method_label = serializers.CharField(source="get_forecast_method_display")
    value = Number(source="forecast_value", help_text=gettext_lazy("Projected value at the target year."))
    completion = Number(
        source="forecast_completion", help_text=gettext_lazy("Projected completion (1 = the target).")
    )
    outlook = serializers.CharField(
        source="forecast_outlook", help_text=gettext_lazy("likely, difficult, unlikely, unknown")
    )
    outlook_label = serializers.CharField(source="get_forecast_outlook_display")
    explanation = serializers.CharField(source="forecast_explanation")


class StoredWarningSerializer(Serializer):
    """预警 colour of the year (empty when the indicator cannot be judged)."""

    colour = serializers.CharField(source="warning", help_text=gettext_lazy("green, yellow, red, or empty"))
    label = serializers.CharField(source="get_warning_display")
    explanation = serializers.CharField(source="warning_explanation")


class StoredBindingSerializer(Serializer):
    """约束性 assessment of the year: both tests must pass (null where a test cannot be made)."""

    annual = serializers.BooleanField(
        source="binding_annual",
        allow_null=True,
        help_text=gettext_lazy("The year's figure against the year's path."),
    )
    cumulative = serializers.BooleanField(
        source="binding_cumulative", allow_null=True, help_text=gettext_lazy("The plan so far (the status).")
    )
    passed = serializers.BooleanField(source="binding_passed", allow_null=True)
    explanation = serializers.CharField(source="binding_explanation")


class StoredEvaluationSerializer(Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    status_label = serializers.CharField(source="get_status_display")
    published_label = serializers.CharField(
        help_text=gettext_lazy(
            "The class as published: 已完成 for a met one-year target, and the data's year if lagged."
        )
    )
    data_year = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy("Set when the year had no figure and the latest earlier year was judged."),
    )
    completed = serializers.BooleanField(help_text=gettext_lazy("A met target of a one-year list (已完成)."))
    forecast = StoredForecastSerializer(source="*")
    warning = StoredWarningSerializer(source="*")
    binding = StoredBindingSerializer(
        source="*",
        help_text=gettext_lazy(
            "约束性 indicators only: the annual and the cumulative test (all null otherwise)."
        ),
    )
    expected = Number(help_text=gettext_lazy("The value expected for the year."))
    completion = Number(help_text=gettext_lazy("Completion share (1 = the whole target)."))
    time_progress = Number(
        help_text=gettext_lazy("Share of the plan period elapsed: (year − base) / (target − base).")
    )
    actual = Number(help_text=gettext_lazy("The approved figure of the year."))
    assessed = Number(help_text=gettext_lazy("The figure judged (e.g. the average rate so far)."))
    target_value = Number(help_text=gettext_lazy("The target that applies to the year."))
    rule = serializers.CharField(help_text=gettext_lazy("Which rule decided, as a code."))
    explanation = serializers.CharField(help_text=gettext_lazy("The rule that decided, in words."))
    computed_at = serializers.DateTimeField()


class IndicatorDetailSerializer(IndicatorSerializer):
    evaluation = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()

    class Meta(IndicatorSerializer.Meta):
        fields = [
            *IndicatorSerializer.Meta.fields,
            "section",
            "name_as_written",
            "source_text",
            "line",
            "footnote",
            "note",
            "data_source_unit",
            "relative_to",
            "relative_to_text",
            "figures",
        ]

    @extend_schema_field(StoredEvaluationSerializer(allow_null=True))
    def get_evaluation(self, indicator: Indicator) -> dict[str, Any] | None:
        stored = self.context.get("evaluation")
        return StoredEvaluationSerializer(stored).data if stored is not None else None

    @extend_schema_field(IndicatorFigureSerializer(many=True))
    def get_figures(self, indicator: Indicator) -> list[dict[str, Any]]:
        return IndicatorFigureSerializer(self.context["figures"], many=True).data


# --- tasks ---------------------------------------------------------------------------------------


class TaskSerializer(ModelSerializer):
    units = ResponsibilitySerializer(source="responsibilities", many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "number", "title", "section", "responsibility_text", "units"]


class SubTargetSerializer(ModelSerializer):
    """A quantitative sub-target of a task (开展10场以上…), tracked like an indicator."""

    target = TargetSerializer(source="*", read_only=True)
    evaluation = EvaluationSerializer(source="*", read_only=True, allow_null=True)
    figures = IndicatorFigureSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "key", "name", "unit_of_measure", "source_text", "target", "evaluation", "figures"]


class TaskDetailSerializer(TaskSerializer):
    targets = serializers.SerializerMethodField()

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "text", "line", "targets"]

    @extend_schema_field(SubTargetSerializer(many=True))
    def get_targets(self, task: Task) -> list[dict[str, Any]]:
        return SubTargetSerializer(self.context["targets"], many=True).data


# --- projects ------------------------------------------------------------------------------------


class BoxRefSerializer(Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


class KeyProjectSerializer(ModelSerializer):
    box = BoxRefSerializer(
        read_only=True, allow_null=True, help_text=gettext_lazy("The 专栏 box that lists it.")
    )
    stage = serializers.ChoiceField(choices=ProjectStage.choices, read_only=True)
    planned_investment = Number(help_text="万元.")
    completed_investment = Number(help_text="万元.")
    investment_share = serializers.SerializerMethodField(
        help_text=gettext_lazy("Completed over planned investment (1 = all of it), when both are known.")
    )
    units = ResponsibilitySerializer(source="responsibilities", many=True, read_only=True)

    class Meta:
        model = KeyProject
        fields = [
            "id",
            "plan",
            "box",
            "key",
            "name",
            "group",
            "stage",
            "planned_investment",
            "completed_investment",
            "investment_share",
            "units",
        ]

    @extend_schema_field(Number())  # a decimal string, null while either investment is unknown
    def get_investment_share(self, project: KeyProject) -> str | None:
        from api.selectors import investment_share

        return decimal_text(investment_share(project))


class ProjectProgressSerializer(EntrySerializer):
    plan = serializers.IntegerField(source="project.plan_id", read_only=True)
    stage = serializers.ChoiceField(choices=ProjectStage.choices, read_only=True)
    investment_in_period = Number(help_text=gettext_lazy("万元 completed in the period."))

    class Meta:
        model = ProjectProgress
        fields = [
            "id",
            "project",
            "plan",
            "year",
            "quarter",
            "stage",
            "investment_in_period",
            "explanation",
            "data_source",
            *EntrySerializer.workflow_fields,
        ]
        read_only_fields = fields


class ProjectFigureSerializer(ProjectProgressSerializer):
    class Meta(ProjectProgressSerializer.Meta):
        fields = [name for name in ProjectProgressSerializer.Meta.fields if name not in {"project", "plan"}]
        read_only_fields = fields


class KeyProjectDetailSerializer(KeyProjectSerializer):
    progress = serializers.SerializerMethodField()

    class Meta(KeyProjectSerializer.Meta):
        fields = [*KeyProjectSerializer.Meta.fields, "description", "line", "progress"]

    @extend_schema_field(ProjectFigureSerializer(many=True))
    def get_progress(self, project: KeyProject) -> list[dict[str, Any]]:
        return ProjectFigureSerializer(self.context["progress"], many=True).data


# --- history -------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "integer"}],
        "nullable": True,
        "description": gettext_lazy("Text, a whole number (year, quarter), or a decimal as a string."),
    }
)
class AnyValue(serializers.Field):
    """An old or new field value: text, a whole number, or a decimal string."""

    def to_representation(self, value: Any) -> Any:
        return decimal_text(value) if isinstance(value, Decimal) else value


class ChangeSerializer(Serializer):
    field = serializers.CharField()
    old = AnyValue(allow_null=True)
    new = AnyValue(allow_null=True)


class HistorySerializer(Serializer):
    at = serializers.DateTimeField()
    user = UserRefSerializer(allow_null=True)
    action = serializers.ChoiceField(
        choices=[
            ("created", gettext_lazy("created")),
            ("changed", gettext_lazy("changed")),
            ("deleted", gettext_lazy("deleted")),
        ]
    )
    state = serializers.ChoiceField(choices=EntryState.choices)
    version = serializers.IntegerField()
    reason = serializers.CharField(help_text=gettext_lazy("Why: the return reason or the revision reason."))
    changes = ChangeSerializer(
        many=True, help_text=gettext_lazy("Each field that changed, from what to what.")
    )


class WarningRowSerializer(Serializer):
    """One indicator under warning (indicators.selectors.WarningRow)."""

    indicator = serializers.IntegerField(source="indicator_id")
    name = serializers.CharField()
    units = serializers.CharField(help_text=gettext_lazy("Lead units."))
    year = serializers.IntegerField()
    colour = serializers.CharField(help_text=gettext_lazy("yellow or red"))
    since = serializers.IntegerField(help_text=gettext_lazy("First year of the current run of this colour."))
    periods = serializers.IntegerField(help_text=gettext_lazy("Consecutive years at this colour."))
    attention = serializers.CharField(
        help_text=gettext_lazy("red when consecutive yellows call for red-level attention")
    )
    explanation = serializers.CharField()
