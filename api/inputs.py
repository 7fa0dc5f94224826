"""What the API accepts: types and shapes only. The rules (scope, period, state, who) are the services'.

Every input refuses fields it does not know, so a misspelt field is an error, not silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accounts.policy import read_in_scope
from api.base import MAX_ID
from api.selectors import entry_item
from indicators.models import COMPARATOR_CHOICES, Indicator, ProgressEntry, QualitativeJudgement
from plans.years import YEAR_BOUNDS, YEAR_ERRORS
from progress.models import VALUE_DIGITS, VALUE_PLACES, ReviewedEntry
from projects.models import KeyProject, ProjectProgress, ProjectStage
from tracker.serializers import Serializer

UNKNOWN_FIELD = _("Unknown field.")
NOT_IN_SCOPE = _("No such indicator in your scope.")
PROJECT_NOT_IN_SCOPE = _("No such project in your scope.")


class StrictSerializer(Serializer):
    """Refuses keys that are not among its writable fields (with every other error at once)."""

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[ErrorDetail]] = {}
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {
                str(key): [ErrorDetail(str(UNKNOWN_FIELD), code="unknown_field")]
                for key in data
                if key not in writable
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def figure_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, allow_null=True, **kwargs
    )


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_(
            'The version you read (or send it as `If-Match: "v<version>"`). '
            "If the entry changed since, the answer is 409 with the current entry."
        ),
    )


class ScopedPrimaryKey(serializers.PrimaryKeyRelatedField):
    """An item id, looked up among the caller's items only: others do not exist for them.

    `entry_model`: the item takes figures of that model, and only what their writes read of it is
    loaded (its `item_fields`).
    """

    def __init__(
        self, model: type[Any], message: Any, entry_model: type[ReviewedEntry] | None = None, **kwargs: Any
    ) -> None:
        self.model, self.entry_model = model, entry_model
        super().__init__(error_messages={"does_not_exist": message}, **kwargs)

    def user(self) -> Any:
        user = getattr(self.context.get("request"), "user", None)
        return user if user is not None and user.is_authenticated else None

    def get_queryset(self) -> Any:
        user = self.user()
        if user is None:
            return self.model.objects.none()
        return self.model.objects.for_user(user).select_related("plan")

    def to_internal_value(self, data: Any) -> Any:
        user = self.user()
        if self.entry_model is None or user is None:
            return read_in_scope(super().to_internal_value(data), user)
        # As PrimaryKeyRelatedField reads the id (`pk=data` of a lookup), then one compiled query.
        try:
            if isinstance(data, bool):
                raise TypeError
            pk = self.model._meta.pk.get_prep_value(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        # An id no key can hold names nothing (the ORM answers so without asking the database).
        item = entry_item(self.model, user, pk, self.entry_model.item_fields) if 0 < pk <= MAX_ID else None
        if item is None:
            self.fail("does_not_exist", pk_value=data)
        return read_in_scope(item, user)


class PeriodInput(StrictSerializer):
    year = serializers.IntegerField(
        **YEAR_BOUNDS, error_messages=YEAR_ERRORS, help_text=_("Must lie in the plan period.")
    )
    quarter = serializers.IntegerField(
        min_value=1,
        max_value=4,
        allow_null=True,
        default=None,
        help_text=_("1–4; null for a yearly figure."),
    )


class ProgressEntryCreateInput(PeriodInput):
    indicator = ScopedPrimaryKey(Indicator, NOT_IN_SCOPE, ProgressEntry, queryset=Indicator.objects.none())
    value = figure_field(
        default=None,
        help_text=_("The figure; at most 6 decimal places. Null for qualitative targets."),
    )
    judgement = serializers.ChoiceField(
        choices=QualitativeJudgement.choices,
        allow_blank=True,
        default="",
        help_text=_("Only for qualitative targets (target.kind = unparsed): achieved, on_track or lagging."),
    )
    explanation = serializers.CharField(allow_blank=True, default="", help_text="情况说明.")
    data_source = serializers.CharField(allow_blank=True, max_length=200, default="", help_text="数据来源.")


class ProgressEntryUpdateInput(StrictSerializer):
    """PUT replaces the editable fields (those left out are emptied); PATCH changes those given."""

    value = figure_field(default=None)
    judgement = serializers.ChoiceField(choices=QualitativeJudgement.choices, allow_blank=True, default="")
    explanation = serializers.CharField(allow_blank=True, default="")
    data_source = serializers.CharField(allow_blank=True, max_length=200, default="")
    version = version_field()


class ProjectProgressCreateInput(PeriodInput):
    project = ScopedPrimaryKey(
        KeyProject, PROJECT_NOT_IN_SCOPE, ProjectProgress, queryset=KeyProject.objects.none()
    )
    stage = serializers.ChoiceField(choices=ProjectStage.choices)
    investment_in_period = figure_field(default=None, help_text=_("万元 completed in the period."))
    explanation = serializers.CharField(allow_blank=True, default="")
    data_source = serializers.CharField(allow_blank=True, max_length=200, default="")


class ProjectProgressUpdateInput(StrictSerializer):
    stage = serializers.ChoiceField(choices=ProjectStage.choices, required=False)
    investment_in_period = figure_field(default=None)
    explanation = serializers.CharField(allow_blank=True, default="")
    data_source = serializers.CharField(allow_blank=True, max_length=200, default="")
    version = version_field()


class VersionInput(StrictSerializer):
    version = version_field()


class ReturnInput(VersionInput):
    reason = serializers.CharField(allow_blank=True, help_text=_("Why the entry goes back (required)."))


class ProgressReviseInput(VersionInput):
    reason = serializers.CharField(
        allow_blank=True, help_text=_("Why the approved figure changes (required).")
    )
    value = figure_field(required=False)
    judgement = serializers.ChoiceField(
        choices=QualitativeJudgement.choices, allow_blank=True, required=False
    )
    explanation = serializers.CharField(allow_blank=True, required=False)
    data_source = serializers.CharField(allow_blank=True, max_length=200, required=False)


class ProjectReviseInput(VersionInput):
    reason = serializers.CharField(
        allow_blank=True, help_text=_("Why the approved progress changes (required).")
    )
    stage = serializers.ChoiceField(choices=ProjectStage.choices, required=False)
    investment_in_period = figure_field(required=False)
    explanation = serializers.CharField(allow_blank=True, required=False)
    data_source = serializers.CharField(allow_blank=True, max_length=200, required=False)


class BulkRowInput(StrictSerializer):
    """One row of a bulk upload. Numbers may be JSON numbers or text ("1,234.5"); the service reads them."""

    indicator = serializers.JSONField(help_text=_("Indicator id."))
    year = serializers.JSONField()
    quarter = serializers.JSONField(required=False, allow_null=True)
    value = serializers.JSONField(required=False, allow_null=True)
    judgement = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    explanation = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    data_source = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The entry's version you read: the row is refused (conflict, with the entry as it is "
        "now) if the entry changed since.",
    )

    TEXT_FIELDS = ("judgement", "explanation", "data_source")

    @classmethod
    def plain(cls, item: object) -> dict[str, Any] | None:
        """The row's values when it obviously passes (the usual case), without a serializer per row;
        None to let the serializer decide and word the errors."""
        if not isinstance(item, dict) or item.get("indicator") is None or item.get("year") is None:
            return None
        if not BULK_ROW_KEYS.issuperset(item):
            return None
        values = dict(item)
        for name in cls.TEXT_FIELDS:
            text = values.get(name)
            if text is not None and not isinstance(text, str):
                return None
            if text is not None:
                values[name] = text.strip()  # as CharField's trim_whitespace
        version = values.get("version")
        if version is not None and (type(version) is not int or version < 1):
            return None
        return values


BULK_ROW_KEYS = frozenset(BulkRowInput._declared_fields)


class BulkQueryInput(Serializer):
    dry_run = serializers.BooleanField(default=False)
    partial = serializers.BooleanField(default=False)
    submit = serializers.BooleanField(default=False)


class IndicatorLinkInput(StrictSerializer):
    relative_to = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "The indicator of the same plan a relative target (与…同步) is judged against; null unlinks."
        ),
    )


class YearlyTargetInput(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=32767)
    comparator = serializers.ChoiceField(
        choices=COMPARATOR_CHOICES,
        default="eq",
        help_text=_("ge for 以上, approx for 左右, eq follows direction."),
    )
    value = serializers.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    document = serializers.CharField(allow_blank=True, max_length=200, default="", help_text="下达文件.")


class YearlyTargetsInput(StrictSerializer):
    yearly_targets = YearlyTargetInput(
        many=True, help_text=_("Replaces every yearly target of the indicator.")
    )
