"""Reads for reports: each returns a `values()` (or `values_list()`) queryset over a set of plans,
one query each.

The builders turn these rows into DataFrames (reports/frames.py); nothing here loops over
indicators. Evaluations are the stored IndicatorEvaluation rows the service layer keeps fresh.
The large monitoring tables come as tuples in the order of their `…_COLUMNS`, their decimal columns
read as floats by the database (`with_floats`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from django.db.models import DecimalField, FloatField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from indicators.models import (
    Indicator,
    IndicatorEvaluation,
    IndicatorResponsibility,
    ProgressEntry,
    Task,
    TaskResponsibility,
)
from indicators.querysets import reporter_indicator_q, reporter_task_q
from indicators.summary import EVALUATION_FIELDS, MAIN_ORIGINS
from plans.models import Plan, ResponsibilityRole
from progress.models import VALUE_PLACES, EntryDeadline, EntryState
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility, reporter_project_q

# Who answers for a figure: the lead, or every unit of a task shared 按职责分工; co-operating units help.
ANSWERING_ROLES = (ResponsibilityRole.LEAD, ResponsibilityRole.SHARED)

# The columns each read returns, in the order the DataFrames keep them.
EVALUATION_COLUMNS = EVALUATION_FIELDS  # stored or computed now (indicators/summary.py)
INDICATOR_COLUMNS = [
    "id",
    "plan_id",
    "order",
    "parent_id",
    "category",
    "number",
    "name",
    "unit_of_measure",
    "attribute",
    "baseline_year",
    "baseline_text",
    "baseline_value",
    "target_year",
    "target_text",
    "target_value",
    "annual_text",
]
FIGURE_COLUMNS = ["indicator_id", "year", "value", "judgement", "explanation"]
UNIT_COLUMNS = ["role", "unit_id", "unit__name"]
TASK_TARGET_COLUMNS = ["id", "task_id", "name", "target_text", "unit_of_measure", "target_year"]
PLAN_COLUMNS = ["id", "key", "title", "short_title", "start_year", "end_year", "base_year"]


def decimal_columns(model: type[Model], columns: Sequence[str]) -> tuple[str, ...]:
    """The columns that are decimal fields of the model."""
    return tuple(name for name in columns if isinstance(model._meta.get_field(name), DecimalField))


# The decimal columns of the tables read `with_floats`, and the places every value field keeps.
INDICATOR_DECIMALS = decimal_columns(Indicator, INDICATOR_COLUMNS)
FIGURE_DECIMALS = decimal_columns(ProgressEntry, FIGURE_COLUMNS)
EVALUATION_DECIMALS = decimal_columns(IndicatorEvaluation, EVALUATION_COLUMNS)
DECIMAL_PLACES = VALUE_PLACES


class FloatCast(Cast):
    """CAST(… AS a float type), without Django's float() of every value read: PostgreSQL and SQLite
    both return the cast as a Python float (or None) already, and a converter makes Django pass
    every row of the query through Python once more."""

    @cached_property
    def convert_value(self) -> Callable[..., Any]:
        return self._convert_value_noop  # type: ignore[attr-defined]


def with_floats(
    queryset: QuerySet[Any], columns: Sequence[str], decimals: Collection[str]
) -> QuerySet[Any, tuple[Any, ...]]:
    """The columns as tuples, in order, the decimal ones cast to floats by the database: the frames
    compute in floats, and making a Decimal of each value in Python (then a float of it again) cost
    more than fetching the rows."""
    casts = {f"{name}_float": FloatCast(name, FloatField()) for name in decimals}
    return queryset.annotate(**casts).values_list(
        *[f"{name}_float" if name in decimals else name for name in columns]
    )


def answered_by(
    unit_id: int | None, model: type[Model], reporter_q: Callable[[int], Q]
) -> QuerySet[Any] | None:
    """The ids of the `model` items the unit answers for, as its reporters see them (`reporter_q`),
    as a subquery (a read stays one query); None without a unit: every item."""
    if unit_id is None:
        return None
    return model._default_manager.filter(reporter_q(unit_id)).values("pk")


def within(items: QuerySet[Any] | None, path: str = "pk") -> Q:
    """Rows whose item (at `path`) is one of `items`; every row for None."""
    return Q() if items is None else Q(**{f"{path}__in": items})


def unit_task_ids(unit_id: int | None) -> QuerySet[Any] | None:
    return answered_by(unit_id, Task, reporter_task_q)


def unit_indicators_q(unit_id: int | None, path: str = "pk") -> Q:
    return within(answered_by(unit_id, Indicator, reporter_indicator_q), path)


def unit_tasks_q(unit_id: int | None, path: str = "pk") -> Q:
    return within(unit_task_ids(unit_id), path)


def unit_projects_q(unit_id: int | None, path: str = "pk") -> Q:
    return within(answered_by(unit_id, KeyProject, reporter_project_q), path)


def plans_for_report(*, plan_id: int | None = None, jurisdiction_id: int | None = None) -> QuerySet[Plan]:
    """The plan itself, or every plan of the jurisdiction (not those of the jurisdictions below)."""
    queryset = Plan.objects.select_related("jurisdiction", "jurisdiction__parent").order_by("pk")
    if plan_id is not None:
        return queryset.filter(pk=plan_id)
    return queryset.filter(jurisdiction_id=jurisdiction_id)  # type: ignore[misc]


def plan_rows(plan_ids: Collection[int]) -> QuerySet[Plan, dict[str, Any]]:
    return Plan.objects.filter(pk__in=plan_ids).order_by("pk").values(*PLAN_COLUMNS)


def latest_approved_year(plans: Collection[Plan]) -> int | None:
    """The latest plan year with an approved yearly figure of any of the plans (one query)."""
    if not plans:
        return None
    years = range(min(plan.start_year for plan in plans), max(plan.end_year for plan in plans) + 1)
    return ProgressEntry.objects.filter(indicator__plan__in=list(plans)).latest_approved_year(years)


def main_indicator_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[Indicator, tuple[Any, ...]]:
    """The plans' main indicators (the indicator table and targets in the text), in plan order;
    with a unit, those it answers for (here and below: a unit's extract)."""
    return with_floats(
        Indicator.objects.filter(
            unit_indicators_q(unit_id), plan_id__in=plan_ids, origin__in=MAIN_ORIGINS
        ).order_by("plan_id", "order", "pk"),
        INDICATOR_COLUMNS,
        INDICATOR_DECIMALS,
    )


def evaluation_rows(
    plan_ids: Collection[int],
    years: Iterable[int] | None,
    *,
    origins: Collection[str] = MAIN_ORIGINS,
    unit_id: int | None = None,
) -> QuerySet[IndicatorEvaluation, tuple[Any, ...]]:
    """Stored evaluations of the years given, unordered: the frames look them up by indicator and
    year, and sorting every row with its explanation costs more than the rest of the query. Every
    year (None): by indicator and year, the order of each indicator's path."""
    queryset = IndicatorEvaluation.objects.filter(
        unit_indicators_q(unit_id, "indicator"),
        indicator__plan_id__in=plan_ids,
        indicator__origin__in=origins,
    )
    if years is not None:
        # Not the model's ordering either (by plan and jurisdiction, through two joins).
        return with_floats(
            queryset.filter(year__in=list(years)).order_by(), EVALUATION_COLUMNS, EVALUATION_DECIMALS
        )
    return with_floats(queryset.order_by("indicator_id", "year"), EVALUATION_COLUMNS, EVALUATION_DECIMALS)


def approved_figure_rows(
    plan_ids: Collection[int],
    up_to_year: int,
    *,
    origins: Collection[str] = MAIN_ORIGINS,
    unit_id: int | None = None,
) -> QuerySet[ProgressEntry, tuple[Any, ...]]:
    """Approved yearly figures up to the year, with the unit's explanation (情况说明)."""
    figures = ProgressEntry.objects.filter(
        unit_indicators_q(unit_id, "indicator"),
        indicator__plan_id__in=plan_ids,
        indicator__origin__in=origins,
        state=EntryState.APPROVED,
        quarter__isnull=True,
        year__lte=up_to_year,
    )
    # Unordered: the frames look a yearly figure up by indicator and year (one each), and the model's
    # ordering would join the plan and jurisdiction to sort the rows by their texts.
    return with_floats(figures.order_by(), FIGURE_COLUMNS, FIGURE_DECIMALS)


def indicator_unit_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[IndicatorResponsibility, dict[str, Any]]:
    return (
        IndicatorResponsibility.objects.filter(
            unit_indicators_q(unit_id, "indicator"), indicator__plan_id__in=plan_ids
        )
        .order_by("indicator_id", "order", "pk")
        .values("indicator_id", *UNIT_COLUMNS)
    )


def task_rows(plan_ids: Collection[int], unit_id: int | None = None) -> QuerySet[Task, dict[str, Any]]:
    return (
        Task.objects.filter(unit_tasks_q(unit_id), plan_id__in=plan_ids)
        .order_by("plan_id", "number")
        .values("id", "plan_id", "number", "title")
    )


def task_unit_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[TaskResponsibility, dict[str, Any]]:
    """Who answers for each task; in a unit's extract, the unit alone (its rows, its summary)."""
    own = Q(unit_id=unit_id) if unit_id is not None else Q()
    return (
        TaskResponsibility.objects.filter(own, task__plan_id__in=plan_ids)
        .order_by("task_id", "order", "pk")
        .values("task_id", *UNIT_COLUMNS)
    )


def task_target_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[Indicator, dict[str, Any]]:
    return (
        Indicator.objects.filter(
            unit_tasks_q(unit_id, "task"), plan_id__in=plan_ids, origin=Indicator.Origin.TASK
        )
        .order_by("task_id", "order", "pk")
        .values(*TASK_TARGET_COLUMNS)
    )


def task_entry_rows(
    plan_ids: Collection[int], year: int, unit_id: int | None = None
) -> QuerySet[ProgressEntry, dict[str, Any]]:
    """The yearly entry of each task target for the year, whatever its state."""
    return ProgressEntry.objects.filter(
        unit_tasks_q(unit_id, "indicator__task"),
        indicator__plan_id__in=plan_ids,
        indicator__origin=Indicator.Origin.TASK,
        year=year,
        quarter__isnull=True,
    ).values("indicator_id", "state", "value", "judgement", "explanation")


def deadline_rows(plan_ids: Collection[int], year: int) -> QuerySet[EntryDeadline, dict[str, Any]]:
    return EntryDeadline.objects.filter(plan_id__in=plan_ids, year=year).values("plan_id", "deadline")


def project_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[KeyProject, dict[str, Any]]:
    return (
        KeyProject.objects.filter(unit_projects_q(unit_id), plan_id__in=plan_ids)
        .order_by("plan_id", "order", "pk")
        .values(
            "id",
            "plan_id",
            "box__title",
            "name",
            "group",
            "stage",
            "planned_investment",
            "completed_investment",
        )
    )


def project_unit_rows(
    plan_ids: Collection[int], unit_id: int | None = None
) -> QuerySet[ProjectResponsibility, dict[str, Any]]:
    return (
        ProjectResponsibility.objects.filter(
            unit_projects_q(unit_id, "project"), project__plan_id__in=plan_ids
        )
        .order_by("project_id", "order", "pk")
        .values("project_id", *UNIT_COLUMNS)
    )


def project_progress_rows(
    plan_ids: Collection[int], up_to_year: int, unit_id: int | None = None
) -> QuerySet[ProjectProgress, dict[str, Any]]:
    return ProjectProgress.objects.filter(
        unit_projects_q(unit_id, "project"),
        project__plan_id__in=plan_ids,
        state=EntryState.APPROVED,
        quarter__isnull=True,
        year__lte=up_to_year,
    ).values("project_id", "year", "stage", "investment_in_period")


def unsubmitted_by_unit(plan_id: int, year: int) -> dict[int, list[str]]:
    """Units answering for a figure of the plan's year that is not yet submitted: unit id → item names.

    "Not submitted" means no yearly entry for the year in state submitted or approved. Two queries:
    direct responsibilities, then those through a task.
    """
    done = Q(entries__year=year, entries__quarter__isnull=True, entries__state__in=["submitted", "approved"])
    missing = Indicator.objects.filter(plan_id=plan_id).exclude(
        pk__in=Indicator.objects.filter(done, plan_id=plan_id).values("pk")
    )
    result: dict[int, list[str]] = {}
    direct = IndicatorResponsibility.objects.filter(
        indicator__in=missing, role__in=ANSWERING_ROLES
    ).values_list("unit_id", "indicator__name", "indicator__order")
    via_task = TaskResponsibility.objects.filter(
        task__targets__in=missing, role__in=ANSWERING_ROLES
    ).values_list("unit_id", "task__targets__name", "task__targets__order")
    for unit_id, name, _order in sorted([*direct, *via_task], key=lambda row: (row[0], row[2], row[1])):
        names = result.setdefault(unit_id, [])
        if name not in names:
            names.append(name)
    return result
