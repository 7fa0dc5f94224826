"""Query-string filters of the list endpoints (django-filter). Ids are compared as numbers, so a
filter never costs a query of its own; a value of the wrong type is a 400 naming the parameter."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any, ClassVar

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from api.base import MAX_ID
from indicators.models import (
    STATUS_CHOICES,
    Indicator,
    IndicatorResponsibility,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from plans.models import Jurisdiction, Plan, Unit
from plans.years import FIRST_YEAR, LAST_YEAR, YEAR_BOUNDS, YEAR_ERRORS, YEAR_MESSAGE
from progress.models import EntryState
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility, ProjectStage


class IdFilter(filters.NumberFilter):
    """An id: a whole number a database id can be (anything else is a 400, not a failed query)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(filters.NumberFilter):
    """A year a plan can cover (plans/years.py: one bound, one message)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **YEAR_BOUNDS, error_messages=YEAR_ERRORS, **kwargs)


class QuarterFilter(filters.NumberFilter):
    """A quarter, 1 to 4; anything else is a 400 naming the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=4, **kwargs)


MAX_UTC_OFFSET = timedelta(hours=14)  # the widest offset any time zone uses (UTC+14, UTC-12)


class BoundedDateTimeField(filters.fields.IsoDateTimeField):
    """An ISO 8601 moment whose offset is a real time zone's and whose year a plan can have.

    Anything else is a 400 naming the parameter, never a value the database refuses (a 500).
    """

    default_error_messages = {
        "offset": _("Enter a UTC offset between -12:00 and +14:00."),
        "year": YEAR_MESSAGE,
    }

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValidationError(self.error_messages["offset"], code="invalid")
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise ValidationError(self.error_messages["year"], code="invalid")
        return moment


class BoundedDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = BoundedDateTimeField


def responsible_unit(responsibility: type[Any], item: str) -> Any:
    """A filter method: items the unit is responsible for (lead, co-operating or shared)."""

    def method(queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Exists(responsibility.objects.filter(**{item: OuterRef("pk")}, unit_id=value)))

    return method


class Filters(dict[str, filters.Filter]):
    """A filter set class's filters, copied for each of its instances (django-filter deep-copies them,
    their choices and help texts too, a tenth of a millisecond per request). A shallow copy of each
    is enough: an instance only sets attributes of its own copies (model, parent, field, label);
    a method filter is bound again, to its copy."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, filters.Filter]:
        return {name: own_copy(filter_) for name, filter_ in self.items()}


def own_copy(filter_: filters.Filter) -> filters.Filter:
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.method = filter_.method  # its FilterMethod calls the copy's parent, not the original's
    return copied


class SharedFields(dict[str, forms.Field]):
    """A filter form class's fields, which its forms share: Django deep-copies them for each form, as
    a form may change its own fields; a filter form never does (they only read the query string),
    and the copies cost a tenth of a millisecond per request."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


class FilterSetMetaclass(filters.filterset.FilterSetMetaclass):
    def __new__(cls, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        new_class = super().__new__(cls, name, bases, attrs)
        new_class.base_filters = Filters(new_class.base_filters)
        return new_class


class FilterSet(filters.FilterSet, metaclass=FilterSetMetaclass):
    """django-filter's, with cheaper copies of its filters (see Filters), building its form class
    once per language rather than on every request: the form's fields follow from the declared
    filters alone (their labels from the active language), and its forms share them."""

    _form_classes: ClassVar[dict[str, type[forms.Form]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._form_classes = {}

    def get_form_class(self) -> type[forms.Form]:
        language = get_language()
        form = self._form_classes.get(language)
        if form is None:
            form = self._form_classes[language] = super().get_form_class()
            form.base_fields = SharedFields(form.base_fields)
        return form

    def given(self) -> dict[str, Any]:
        """The filters the query string gives (once valid), by name, with their values."""
        return {name: value for name, value in self.form.cleaned_data.items() if value not in EMPTY_VALUES}

    def filter_with(self, queryset: QuerySet[Any], values: dict[str, Any]) -> QuerySet[Any]:
        """`queryset` filtered by the named filters with these values (or a compiled query's
        parameters in their place)."""
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset


class PlanFilter(FilterSet):
    jurisdiction = IdFilter(field_name="jurisdiction_id", help_text=_("Jurisdiction id."))
    year = YearFilter(method="covering", help_text=_("Plans whose period includes this year."))

    class Meta:
        model = Plan
        fields = ["jurisdiction", "kind", "state", "year"]

    def covering(self, queryset: QuerySet[Plan], name: str, value: int) -> QuerySet[Plan]:
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class IndicatorFilter(FilterSet):
    plan = IdFilter(field_name="plan_id", help_text=_("Plan id."))
    task = IdFilter(field_name="task_id", help_text=_("Task id: that task's sub-targets."))
    unit = IdFilter(
        method=responsible_unit(IndicatorResponsibility, "indicator"),
        help_text=_("Responsible unit id."),
    )
    status = filters.ChoiceFilter(
        field_name="eval_status",
        choices=STATUS_CHOICES,
        help_text=_("Stored evaluation status for `year` (default: each indicator's latest year with data)."),
    )
    name = filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name."))

    class Meta:
        model = Indicator
        fields = ["plan", "category", "attribute", "origin", "task", "unit", "status", "name"]


class EntryFilter(FilterSet):
    year = YearFilter()
    quarter = QuarterFilter()
    state = filters.ChoiceFilter(choices=EntryState.choices)
    updated_since = BoundedDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Changed at or after (ISO 8601), for syncing."),
    )


class ProgressEntryFilter(EntryFilter):
    indicator = IdFilter(field_name="indicator_id", help_text=_("Indicator id."))
    plan = IdFilter(field_name="indicator__plan_id", help_text=_("Plan id."))
    unit = IdFilter(
        method="responsible_unit",
        help_text=_("Responsible unit id (of the indicator or of its task)."),
    )

    class Meta:
        model = ProgressEntry
        fields = ["indicator", "plan", "year", "quarter", "state", "unit", "updated_since"]

    def responsible_unit(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        direct = IndicatorResponsibility.objects.filter(indicator=OuterRef("indicator_id"), unit_id=value)
        via_task = TaskResponsibility.objects.filter(task=OuterRef("indicator__task_id"), unit_id=value)
        return queryset.filter(Q(Exists(direct)) | Q(Exists(via_task)))


class ProjectProgressFilter(EntryFilter):
    project = IdFilter(field_name="project_id", help_text=_("Key project id."))
    plan = IdFilter(field_name="project__plan_id", help_text=_("Plan id."))
    stage = filters.ChoiceFilter(choices=ProjectStage.choices)

    class Meta:
        model = ProjectProgress
        fields = ["project", "plan", "year", "quarter", "state", "stage", "updated_since"]


class TaskFilter(FilterSet):
    plan = IdFilter(field_name="plan_id", help_text=_("Plan id."))
    section = IdFilter(field_name="section_id", help_text=_("Section id."))
    unit = IdFilter(method=responsible_unit(TaskResponsibility, "task"), help_text=_("Unit id."))

    class Meta:
        model = Task
        fields = ["plan", "section", "unit"]


class KeyProjectFilter(FilterSet):
    plan = IdFilter(field_name="plan_id", help_text=_("Plan id."))
    box = IdFilter(field_name="box_id", help_text=_("专栏 box id."))
    unit = IdFilter(
        method=responsible_unit(ProjectResponsibility, "project"),
        help_text=_("Responsible unit id."),
    )

    class Meta:
        model = KeyProject
        fields = ["plan", "box", "stage", "unit"]


class UnitFilter(FilterSet):
    jurisdiction = IdFilter(field_name="jurisdiction_id", help_text=_("Jurisdiction id."))
    parent = IdFilter(field_name="parent_id", help_text=_("Parent unit id."))
    name = filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name."))

    class Meta:
        model = Unit
        fields = ["jurisdiction", "parent", "kind", "is_planning_office", "name"]


class JurisdictionFilter(FilterSet):
    parent = IdFilter(field_name="parent_id", help_text=_("Parent jurisdiction id."))

    class Meta:
        model = Jurisdiction
        fields = ["parent", "level"]
