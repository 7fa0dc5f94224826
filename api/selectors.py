"""Reads the API needs beyond the models' own querysets: each a fixed number of queries.

Every read starts from a `for_user(user)` queryset, so nothing here can widen what a caller sees.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldError
from django.db.models import Model, PositiveSmallIntegerField, Prefetch, Q, QuerySet

from accounts.policy import sees_unapproved
from api.filters import IndicatorFilter
from api.serializers import INDICATOR_ROW_FIELDS
from indicators.domain.evaluation import Status
from indicators.models import Indicator, IndicatorResponsibility, ProgressEntry, Task, TaskResponsibility
from indicators.querysets import visible_indicators_q
from indicators.summary import plan_year_summary
from plans.models import Plan, Section
from progress.models import EntryState, ReviewedEntry
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility
from tracker.db import (
    Among,
    CompiledRows,
    Joined,
    ListParameter,
    Parameter,
    compiled,
    joined_columns,
    load_joined,
    plain_q,
)

if TYPE_CHECKING:
    from accounts.models import User

UNITS_PREFETCH = "responsibilities"


def responsibilities(model: type[Any]) -> Prefetch:
    """A list's responsible units: one query for the whole page."""
    return Prefetch(UNITS_PREFETCH, queryset=model.objects.select_related("unit").order_by("order", "pk"))


# --- plans -------------------------------------------------------------------------------------


def plan_list(user: User) -> QuerySet[Plan]:
    return Plan.objects.for_user(user).select_related("jurisdiction")


def section_tree(plan: Plan) -> list[dict[str, Any]]:
    """The plan's chapters and sections as nested dicts: one query."""
    nodes: dict[int, dict[str, Any]] = {}
    parents: dict[int, int | None] = {}
    for section in Section.objects.filter(plan=plan).order_by("order", "pk"):
        nodes[section.pk] = {
            "id": section.pk,
            "key": section.key,
            "number": section.number,
            "title": section.title,
            "line": section.line,
            "children": [],
        }
        parents[section.pk] = section.parent_id
    roots: list[dict[str, Any]] = []
    for pk, node in nodes.items():
        parent = parents[pk]
        (nodes[parent]["children"] if parent in nodes else roots).append(node)
    return roots


def status_counts(counts: Counter[str]) -> list[dict[str, Any]]:
    """Every status, best first, with its count (zero included)."""
    return [
        {"status": status.value, "label": status.label, "count": counts[status.value]} for status in Status
    ]


def plan_summary(user: User, plan: Plan, year: int) -> dict[str, Any]:
    """The plan-year summary (indicators/summary.py) as the API shows it: counts per status and per
    category, and the indicators not met, binding (约束性) ones first."""
    summary = plan_year_summary(user=user, plan=plan, year=year)
    return {
        "plan": plan,
        "year": year,
        "total": summary.total,
        "by_status": status_counts(summary.status_counts),
        "by_category": [
            {"category": name, "total": sum(counts.values()), "by_status": status_counts(counts)}
            for name, counts in summary.category_counts.items()
        ],
        "not_met": [
            {
                "id": row.pk,
                "key": row.key,
                "number": row.number,
                "name": row.name,
                "category": row.category,
                "attribute": row.attribute,
                "binding": row.binding,
                "unit_of_measure": row.unit_of_measure,
                "explanation": row.explanation,
            }
            for row in summary.not_met
        ],
    }


# --- indicators and tasks -----------------------------------------------------------------------


def indicator_list(user: User, year: int | None) -> QuerySet[Indicator]:
    """Visible indicators with their stored evaluation for `year` (None: each one's latest year)."""
    return Indicator.objects.for_user(user).with_evaluation(year)


PLAN_PERIOD = ("plan__start_year", "plan__end_year")


def indicator_rows_query(
    user: User, year: int | None, filters: IndicatorFilter, ordering: Sequence[str], *, period: bool
) -> CompiledRows:
    """The visible indicators `filters` (valid) give, in `ordering`, as `INDICATOR_ROW_FIELDS` rows
    with the stored evaluation of `year` (None: each one's latest year) and, with `period`, their
    plan's first and last year; decimals as the database returns them (api/serializers.indicator_rows
    makes their text).

    Compiled once per shape (the caller's scope, whether a year is given, the filters given, the
    ordering) and run with the request's values; a scope that is not plain values (a reporter's)
    is compiled each time.
    """
    scope = visible_indicators_q(user)
    given = filters.given()
    shape = ("indicator rows", scope, year is not None, tuple(given), tuple(ordering), period)

    year_given = Parameter("year", output_field=PositiveSmallIntegerField()) if year is not None else None
    parameters = {name: Parameter(name) for name in given}

    def build() -> QuerySet[Any]:
        visible = Indicator.objects.filter(scope).with_evaluation(year_given)
        return (
            filters.filter_with(visible, parameters)
            .order_by(*ordering)
            .values_list(*INDICATOR_ROW_FIELDS, *(PLAN_PERIOD if period else ()))
        )

    def counted() -> QuerySet[Any]:
        """The evaluation (one row or none per indicator) only when a filter reads it (`status`)."""
        try:
            return filters.filter_with(Indicator.objects.filter(scope), parameters)
        except FieldError:
            return filters.filter_with(
                Indicator.objects.filter(scope).with_evaluation(year_given), parameters
            )

    return compiled(shape if plain_q(scope) else None, build, stored_decimals=True, counted=counted).given(
        {"year": year, **given}
    )


def unit_lists(indicator_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The responsible units ({id, name, role}) of each indicator, by indicator id: one query,
    compiled once (the ids are one parameter, see tracker/db.Among)."""
    units: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not indicator_ids:
        return units

    def build() -> QuerySet[Any]:
        return (
            IndicatorResponsibility.objects.filter(Among("indicator_id", ListParameter("indicators")))
            .order_by("order", "pk")
            .values_list("indicator_id", "unit_id", "unit__name", "role")
        )

    rows = compiled(("unit lists",), build).given({"indicators": indicator_ids}).all()
    for indicator_id, unit_id, name, role in rows:
        units[indicator_id].append({"id": unit_id, "name": name, "role": role or None})
    return units


def figures_for(user: User, plan: Plan, entries: QuerySet[Any]) -> QuerySet[Any]:
    """Approved figures, and those still in the workflow for whoever works on them."""
    if not sees_unapproved(user, plan):
        entries = entries.filter(state=EntryState.APPROVED)
    return entries.select_related("created_by", "submitted_by", "reviewed_by")


def indicator_figures(user: User, indicators: Sequence[Indicator], plan: Plan) -> dict[int, list[Any]]:
    """The figures of each indicator (all of one plan), by indicator id: one query."""
    entries = figures_for(
        user, plan, ProgressEntry.objects.filter(indicator__in=[i.pk for i in indicators])
    ).order_by("year", "quarter", "pk")
    grouped: dict[int, list[Any]] = defaultdict(list)
    for entry in entries:
        grouped[entry.indicator_id].append(entry)
    return grouped


def task_list(user: User) -> QuerySet[Task]:
    return Task.objects.for_user(user).prefetch_related(responsibilities(TaskResponsibility))


def task_targets(user: User, task: Task) -> list[Indicator]:
    """A task's sub-targets the caller sees, each with its latest evaluation and its figures."""
    targets = list(
        Indicator.objects.for_user(user).filter(task=task).with_evaluation(None).order_by("order", "pk")
    )
    figures = indicator_figures(user, targets, task.plan)
    for target in targets:
        target.figures = figures.get(target.pk, [])
    return targets


# --- projects ----------------------------------------------------------------------------------


def project_list(user: User) -> QuerySet[KeyProject]:
    return (
        KeyProject.objects.for_user(user)
        .select_related("box")
        .prefetch_related(responsibilities(ProjectResponsibility))
    )


def project_progress(user: User, project: KeyProject) -> list[ProjectProgress]:
    return list(
        figures_for(user, project.plan, ProjectProgress.objects.filter(project=project)).order_by(
            "year", "quarter", "pk"
        )
    )


def investment_share(project: KeyProject) -> Decimal | None:
    """Completed over planned investment, when both are known."""
    if not project.planned_investment or project.completed_investment is None:
        return None
    return (project.completed_investment / project.planned_investment).quantize(Decimal("0.0001"))


# --- history -----------------------------------------------------------------------------------

HISTORY_FIELDS = {
    ProgressEntry: (
        "year",
        "quarter",
        "value",
        "judgement",
        "explanation",
        "data_source",
        "state",
        "return_reason",
    ),
    ProjectProgress: (
        "year",
        "quarter",
        "stage",
        "investment_in_period",
        "explanation",
        "data_source",
        "state",
        "return_reason",
    ),
}
HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def entry_history(entry: ReviewedEntry, fields: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every recorded change of the entry, oldest first: who, when, what changed from what, and why."""
    fields = fields or HISTORY_FIELDS[type(entry)]
    records = list(entry.history.select_related("history_user").order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    rows = []
    previous = None
    for record in records:
        changes = [
            {
                "field": name,
                "old": getattr(previous, name) if previous is not None else None,
                "new": getattr(record, name),
            }
            for name in fields
            if previous is None or getattr(previous, name) != getattr(record, name)
        ]
        if previous is None:
            changes = [change for change in changes if change["new"] not in (None, "")]
        rows.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
                "state": record.state,
                "version": record.version,
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    return rows


# --- the item a figure is written for ------------------------------------------------------------

# Stands for a reporter's items in a compiled query's key: their unit is one of the query's values.
REPORTERS_ITEMS = Q(("items of the reporter's unit", True))


def entry_item(model: type[Model], user: User, pk: int, fields: tuple[str, ...]) -> Any | None:
    """The item `pk` (an indicator, a key project) if the user sees it, else None, with only
    `fields` of it and its plan loaded (an entry kind's `item_fields`: what writing a figure reads).

    Compiled once per shape of the caller's scope (see tracker/db.compiled): a reporter's unit is a
    value of the query, so all reporters share one; offices share one per jurisdiction.
    """
    items: Any = model._default_manager.get_queryset()  # a PlanItemQuerySet
    shape = items.visible_q(user, lambda _unit: REPORTERS_ITEMS)
    columns = item_columns(model, fields)

    def build() -> QuerySet[Any]:
        scope = items.visible_q(user, lambda _unit: items.reporter_q(Parameter("unit")))
        return (
            model._default_manager.filter(scope, pk=Parameter("pk"))
            .order_by()
            .values_list(*joined_columns(columns))
        )

    key = ("entry item", model, fields, shape) if plain_q(shape) else None
    rows = compiled(key, build).given({"pk": pk, "unit": user.unit_id}).all()
    return load_joined(rows[0], columns) if rows else None


@functools.cache
def item_columns(model: type[Model], fields: tuple[str, ...]) -> tuple[Joined, ...]:
    """What `entry_item` selects: the model's key and its fields named in `fields`, then for each
    relation they name (`plan__start_year`) its key and fields."""
    named: dict[str, set[str]] = {"": set()}
    for name in fields:
        relation, _, field = name.rpartition("__")
        named.setdefault(relation, set()).add(field)
        if relation:
            named[""].add(relation)
    columns = []
    for relation, names in named.items():
        target = model if not relation else model._meta.get_field(relation).related_model
        wanted = {target._meta.pk, *(target._meta.get_field(name) for name in names)}  # type: ignore[union-attr]
        loaded = tuple(field for field in target._meta.concrete_fields if field in wanted)  # type: ignore[union-attr]
        columns.append(Joined(relation, target, loaded))  # type: ignore[arg-type]
    return tuple(columns)
