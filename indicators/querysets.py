"""Reads of indicators, tasks and entries: scoping to the caller and the joins each list needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, Expression, F, FilteredRelation, Max, OuterRef, Q, Subquery, Value

from accounts.policy import entries_in_view_q, scope_q
from plans.models import PlanItemQuerySet

if TYPE_CHECKING:
    from accounts.models import User


def reporter_indicator_q(unit: Any) -> models.Q:
    """Indicators the unit answers for: directly, or as a sub-target of one of its tasks. `unit` is
    its id, or an expression of one."""
    from indicators.models import IndicatorResponsibility, TaskResponsibility

    direct = IndicatorResponsibility.objects.filter(indicator=OuterRef("pk"), unit_id=unit)
    via_task = TaskResponsibility.objects.filter(task=OuterRef("task_id"), unit_id=unit)
    return models.Q(Exists(direct)) | models.Q(Exists(via_task))


def reporter_task_q(unit_id: int) -> models.Q:
    """Tasks the unit answers for."""
    from indicators.models import TaskResponsibility

    return models.Q(Exists(TaskResponsibility.objects.filter(task=OuterRef("pk"), unit_id=unit_id)))


def visible_indicators_q(user: User) -> models.Q:
    """The indicators the user sees (accounts/policy.py decides)."""
    return IndicatorQuerySet.visible_q(user)


class IndicatorQuerySet(PlanItemQuerySet):
    reporter_q = staticmethod(reporter_indicator_q)

    def with_evaluation(self, year: int | Expression | None = None) -> IndicatorQuerySet:
        """Annotate the stored evaluation of `year`, or of the latest year with an approved figure.

        Adds eval_year and eval_<field> for each of EVALUATION_FIELDS (status, explanation, expected
        value, completion, time progress, forecast value and outlook, warning colour) to the same
        query. No approved figure and no year: NULLs. The year may be an expression of one (a
        compiled query's parameter).
        """
        from indicators.models import IndicatorEvaluation, ProgressEntry

        if year is not None:
            # A fixed year is one LEFT JOIN on the (indicator, year) unique pair.
            joined = self.annotate(
                eval_row=FilteredRelation("evaluations", condition=Q(evaluations__year=year)),
                eval_year=year
                if isinstance(year, Expression)
                else Value(year, output_field=models.PositiveSmallIntegerField()),
            )
            return joined.annotate(**{f"eval_{name}": F(f"eval_row__{name}") for name in EVALUATION_FIELDS})
        latest = (
            ProgressEntry.objects.filter(indicator=OuterRef("pk"), state="approved", quarter__isnull=True)
            .order_by("-year")
            .values("year")[:1]
        )
        # One row per (indicator, year): no ordering, or the models' default ones would join and
        # sort plan and jurisdiction inside every subquery.
        stored = IndicatorEvaluation.objects.filter(
            indicator=OuterRef("pk"), year=OuterRef("eval_year")
        ).order_by()
        return self.annotate(eval_year=Subquery(latest)).annotate(
            **{f"eval_{name}": Subquery(stored.values(name)[:1]) for name in EVALUATION_FIELDS}
        )


EVALUATION_FIELDS = (
    "status",
    "explanation",
    "expected",
    "completion",
    "time_progress",
    "forecast_value",
    "forecast_outlook",
    "warning",
)


class TaskQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> TaskQuerySet:
        return self.filter(scope_q(user, jurisdiction_path="plan__jurisdiction", reporter_q=reporter_task_q))


class ProgressEntryQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> ProgressEntryQuerySet:
        from indicators.models import Indicator

        visible = Indicator.objects.for_user(user).filter(pk=OuterRef("indicator_id"))
        return self.filter(Exists(visible), entries_in_view_q(user, "indicator__plan__jurisdiction"))

    def approved(self) -> ProgressEntryQuerySet:
        return self.filter(state="approved")

    def latest_approved_year(self, years: range | None = None) -> int | None:
        """The latest year (within `years`) with an approved yearly figure among these entries: one
        query. Where a plan, a report or a comparison opens when no year is asked."""
        yearly = self.approved().filter(quarter__isnull=True)
        if years is not None:
            yearly = yearly.filter(year__gte=years.start, year__lte=years[-1])
        latest = yearly.aggregate(year=Max("year"))["year"]
        return int(latest) if latest is not None else None
