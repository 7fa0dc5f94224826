"""Changelist exports (xlsx, CSV) through django-import-export: the rows the user's changelist shows.

Columns carry the field's Chinese label, choices their label, numbers without trailing zeros and
their unit in its own column. The admin passes its own scoped, filtered queryset, so an export
never holds a row the changelist would not show.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from import_export import resources

from indicators.domain.evaluation import Status
from indicators.models import Indicator, ProgressEntry, Task
from plans.exports import column, names_of, plain, share


class IndicatorResource(resources.ModelResource):
    """Indicators with the evaluation the changelist shows (its `with_evaluation` annotations)."""

    plan = column("plan", _("plan"))
    number = column("number", _("number"))
    name = column("name", _("name"))
    category = column("category", _("category"))
    unit_of_measure = column("unit_of_measure", _("unit of measure"))
    attribute = column("attribute", _("attribute"))
    baseline_text = column("baseline_text", _("baseline as written"))
    target_text = column("target_text", _("target as written"))
    annual_text = column("annual_text", _("yearly growth / [cumulative] as written"))
    lead_units = column("responsibilities", _("responsible units"))
    eval_year = column("eval_year", _("evaluated year"))
    eval_status = column("eval_status", _("status"))
    eval_expected = column("eval_expected", _("expected value"))
    eval_time_progress = column("eval_time_progress", _("time progress"))
    eval_completion = column("eval_completion", _("completion"))
    eval_explanation = column("eval_explanation", _("explanation"))

    class Meta:
        model = Indicator
        fields = (
            "id",
            "plan",
            "number",
            "name",
            "category",
            "unit_of_measure",
            "attribute",
            "baseline_text",
            "target_text",
            "annual_text",
            "lead_units",
            "eval_year",
            "eval_status",
            "eval_expected",
            "eval_time_progress",
            "eval_completion",
            "eval_explanation",
        )
        export_order = fields

    def dehydrate_plan(self, indicator: Indicator) -> str:
        return str(indicator.plan)

    def dehydrate_attribute(self, indicator: Indicator) -> str:
        return str(indicator.get_attribute_display())

    def dehydrate_lead_units(self, indicator: Indicator) -> str:
        return names_of(indicator.responsibilities)

    def dehydrate_eval_status(self, indicator: Any) -> str:
        return str(Status(indicator.eval_status or Status.NO_DATA).label)

    def dehydrate_eval_expected(self, indicator: Any) -> str:
        return plain(indicator.eval_expected)

    def dehydrate_eval_time_progress(self, indicator: Any) -> str:
        return share(indicator.eval_time_progress)

    def dehydrate_eval_completion(self, indicator: Any) -> str:
        return share(indicator.eval_completion)


class ProgressEntryResource(resources.ModelResource):
    indicator_id = column("indicator_id", _("indicator ID"))
    plan = column("indicator__plan", _("plan"))
    indicator = column("indicator", _("indicator"))
    year = column("year", _("year"))
    quarter = column("quarter", _("quarter"))
    value = column("value", _("value"))
    unit_of_measure = column("indicator__unit_of_measure", _("unit of measure"))
    judgement = column("judgement", _("qualitative judgement"))
    explanation = column("explanation", _("explanation"))
    data_source = column("data_source", _("data source"))
    state = column("state", _("state"))
    return_reason = column("return_reason", _("reason for return"))
    created_by = column("created_by", _("entered by"))
    updated_at = column("updated_at", _("updated at"))

    class Meta:
        model = ProgressEntry
        fields = (
            "id",
            "indicator_id",
            "plan",
            "indicator",
            "year",
            "quarter",
            "value",
            "unit_of_measure",
            "judgement",
            "explanation",
            "data_source",
            "state",
            "return_reason",
            "created_by",
            "updated_at",
        )
        export_order = fields

    def dehydrate_plan(self, entry: ProgressEntry) -> str:
        return str(entry.indicator.plan)

    def dehydrate_indicator(self, entry: ProgressEntry) -> str:
        return str(entry.indicator)

    def dehydrate_value(self, entry: ProgressEntry) -> str:
        return plain(entry.value)

    def dehydrate_judgement(self, entry: ProgressEntry) -> str:
        return str(entry.get_judgement_display()) if entry.judgement else ""

    def dehydrate_state(self, entry: ProgressEntry) -> str:
        return str(entry.get_state_display())

    def dehydrate_created_by(self, entry: ProgressEntry) -> str:
        return str(entry.created_by or "")

    def dehydrate_updated_at(self, entry: ProgressEntry) -> str:
        from django.utils import timezone

        return timezone.localtime(entry.updated_at).strftime("%Y-%m-%d %H:%M")


class TaskResource(resources.ModelResource):
    plan = column("plan", _("plan"))
    number = column("number", _("number"))
    title = column("title", _("title"))
    section = column("section", _("section"))
    units = column("responsibilities", _("responsible units"))
    responsibility_text = column("responsibility_text", _("responsibility as written"))
    text = column("text", _("text"))

    class Meta:
        model = Task
        fields = ("id", "plan", "number", "title", "section", "units", "responsibility_text", "text")
        export_order = fields

    def dehydrate_plan(self, task: Task) -> str:
        return str(task.plan)

    def dehydrate_section(self, task: Task) -> str:
        return str(task.section or "")

    def dehydrate_units(self, task: Task) -> str:
        return names_of(task.responsibilities)
