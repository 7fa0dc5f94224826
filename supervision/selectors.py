"""Reads for task supervision: overdue milestones (for the warnings), a task's timeline, a unit's
tasks to report on (the start page), and the inputs of the task bulletin. Each is a constant
number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Task, TaskResponsibility
from progress.models import EntryState
from supervision import rules
from supervision.bulletin import Bulletin, build_bulletin
from supervision.models import (
    CompletionState,
    ContributionState,
    IssueState,
    Milestone,
    SupervisionIssue,
    SupervisionSetting,
    TaskContribution,
    TaskFeedback,
)
from supervision.periods import FeedbackPeriod, PeriodKind, period_containing, previous_period

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


# --- milestones ----------------------------------------------------------------------------------


def overdue_milestones(
    *, today: date | None = None, user: User | None = None, plan_ids: Iterable[int] | None = None
) -> QuerySet[Milestone]:
    """Open milestones past their due date (for the warnings), scoped to `user` when given.

    Each row carries its task, plan and owner unit (joined) and `days_overdue` is
    `(today - due_date).days`; callers read `.values()` or iterate.
    """
    today = today or timezone.localdate()
    queryset = Milestone.objects.filter(completed_on__isnull=True, due_date__lt=today)
    if user is not None:
        queryset = queryset.for_user(user)
    if plan_ids is not None:
        queryset = queryset.filter(task__plan_id__in=list(plan_ids))
    return queryset.select_related("task__plan", "owner").order_by("due_date", "pk")


# --- a task's timeline: 交办 → 反馈 → 审核 → 办结 -------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    stage: str  # assigned, feedback, review, done, issue
    label: str
    when: datetime | date | None
    who: str
    text: str


STAGE_LABELS = {
    "assigned": "交办",
    "feedback": "反馈",
    "review": "审核",
    "done": "办结",
    "issue": "督办",
}


def person(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name() or user.username
    return f"{name}（{user.unit}）" if getattr(user, "unit", None) else name


def task_timeline(task: Task) -> list[TimelineEvent]:
    """From the plan's issue, every submission, review and the closing approval, and the issues.

    Read from the feedback history, so a returned and re-submitted feedback shows each step.
    Four queries.
    """
    plan = task.plan
    events = [
        TimelineEvent(
            "assigned",
            STAGE_LABELS["assigned"],
            plan.published_on or plan.signed_on,
            plan.issuer,
            " ".join(filter(None, [plan.document_number, "、".join(u.name for u in task.units.all())])),
        )
    ]
    history = (
        TaskFeedback.history.filter(task_id=task.pk)
        .select_related("history_user__unit")
        .order_by("history_date", "history_id")
    )
    last_state: dict[int, str] = {}
    for row in history:
        previous = last_state.get(row.id)
        last_state[row.id] = row.state
        if row.state == previous:
            continue
        period = FeedbackPeriod(row.year, row.quarter, row.month).label()
        who = person(row.history_user)
        if row.state == EntryState.SUBMITTED:
            text = f"{period}：{CompletionState(row.completion).label}"
            events.append(TimelineEvent("feedback", STAGE_LABELS["feedback"], row.history_date, who, text))
        elif row.state == EntryState.RETURNED:
            text = f"{period}：{_('Returned')}，{row.return_reason}"
            events.append(TimelineEvent("review", STAGE_LABELS["review"], row.history_date, who, text))
        elif row.state == EntryState.APPROVED:
            done = row.completion == CompletionState.COMPLETED
            stage = "done" if done else "review"
            text = f"{period}：{_('Approved')}（{CompletionState(row.completion).label}）"
            events.append(TimelineEvent(stage, STAGE_LABELS[stage], row.history_date, who, text))
    issues = SupervisionIssue.objects.filter(task=task).select_related(
        "opened_by__unit", "answered_by__unit", "closed_by__unit"
    )
    for issue in issues:
        events.append(
            TimelineEvent(
                "issue", STAGE_LABELS["issue"], issue.opened_at, person(issue.opened_by), issue.text
            )
        )
        if issue.answered_at:
            events.append(
                TimelineEvent(
                    "issue",
                    STAGE_LABELS["feedback"],
                    issue.answered_at,
                    person(issue.answered_by),
                    issue.answer,
                )
            )
        if issue.closed_at:
            events.append(
                TimelineEvent(
                    "issue", STAGE_LABELS["issue"], issue.closed_at, person(issue.closed_by), _("Closed")
                )
            )
    return sorted(events, key=lambda event: sort_key(event.when))


def sort_key(moment: datetime | date | None) -> datetime:
    if moment is None:
        return datetime.min.replace(tzinfo=timezone.get_current_timezone())
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, datetime.min.time(), tzinfo=timezone.get_current_timezone())


# --- a unit's tasks (the start page) --------------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    """A task the user's unit answers for or co-operates on, for the period being reported."""

    task: Task
    period: FeedbackPeriod
    closes: date
    leads: bool  # the unit writes the feedback; otherwise it sends its part
    feedback: TaskFeedback | None
    contribution: TaskContribution | None
    parts_received: int  # contributions sent by co-operating units (for the lead)
    overdue_milestones: int
    open_issues: int

    @property
    def state(self) -> str:
        if self.leads:
            return self.feedback.state if self.feedback is not None else "missing"
        return self.contribution.state if self.contribution is not None else "missing"


def reporting_period(
    kind: PeriodKind, days_to_report: int, today: date, years: range | None = None
) -> FeedbackPeriod:
    """The period being reported: the last one ended while its window is open, else the current one;
    for a plan (`years`) already over, its last period, and for one not begun, its first."""
    if years is not None and today.year > years[-1]:
        return period_containing(kind, date(years[-1], 12, 31))
    if years is not None and today.year < years[0]:
        return period_containing(kind, date(years[0], 1, 1))
    last = previous_period(period_containing(kind, today))
    if (today - last.last_day).days <= days_to_report and (years is None or last.year in years):
        return last
    return period_containing(kind, today)


def unit_tasks(user: User, *, today: date | None = None) -> list[TaskItem]:
    """Four queries whatever the number of tasks and plans: the tasks (with their plan, its setting
    and the counts of overdue milestones and open issues), their responsibilities, the feedback and
    the contributions of the periods shown."""
    if not user.unit_id:
        return []
    today = today or timezone.localdate()
    unit_id = user.unit_id
    own = TaskResponsibility.objects.filter(task=OuterRef("pk"), unit_id=unit_id)
    tasks = list(
        Task.objects.for_user(user)
        .filter(Exists(own))
        .select_related("plan__supervision_setting")
        .prefetch_related(Prefetch("responsibilities", TaskResponsibility.objects.order_by("order", "pk")))
        .annotate(
            overdue=Count(
                "milestones",
                filter=Q(milestones__completed_on__isnull=True, milestones__due_date__lt=today),
                distinct=True,
            ),
            open_issues=Count(
                "supervision_issues", filter=~Q(supervision_issues__state=IssueState.CLOSED), distinct=True
            ),
        )
        .order_by("plan__start_year", "plan_id", "number")
    )
    if not tasks:
        return []
    periods: dict[int, FeedbackPeriod] = {}
    closes: dict[int, date] = {}
    for task in tasks:
        if task.plan_id in periods:
            continue
        try:
            setting = task.plan.supervision_setting
        except SupervisionSetting.DoesNotExist:
            setting = rules.default_setting(task.plan_id)
        periods[task.plan_id] = reporting_period(
            PeriodKind(setting.period_kind), setting.days_to_report, today, task.plan.years
        )
        closes[task.plan_id] = rules.period_closes(periods[task.plan_id], setting)
    task_ids = [task.pk for task in tasks]
    years = {period.year for period in periods.values()}
    feedback = {
        (f.task_id, f.period): f for f in TaskFeedback.objects.filter(task_id__in=task_ids, year__in=years)
    }
    contributions: dict[tuple[int, FeedbackPeriod], list[TaskContribution]] = defaultdict(list)
    for contribution in TaskContribution.objects.filter(task_id__in=task_ids, year__in=years):
        contributions[contribution.task_id, contribution.period].append(contribution)
    items = []
    for task in tasks:
        period = periods[task.plan_id]
        parts = contributions[task.pk, period]
        items.append(
            TaskItem(
                task=task,
                period=period,
                closes=closes[task.plan_id],
                leads=rules.feedback_unit_id(list(task.responsibilities.all())) == unit_id,
                feedback=feedback.get((task.pk, period)),
                contribution=next((c for c in parts if c.unit_id == unit_id), None),
                parts_received=sum(c.state == ContributionState.SENT for c in parts),
                overdue_milestones=task.overdue,
                open_issues=task.open_issues,
            )
        )
    return items


def feedback_missing_by_unit(plan_id: int, period: FeedbackPeriod) -> dict[int, list[str]]:
    """Feedback units with tasks of the plan whose feedback for `period` is not yet submitted: unit id
    → tasks, in task order. Two queries: the tasks with their responsibilities, the feedback given."""
    tasks = list(
        Task.objects.filter(plan_id=plan_id)
        .prefetch_related(Prefetch("responsibilities", TaskResponsibility.objects.order_by("order", "pk")))
        .order_by("number", "pk")
    )
    given = set(
        TaskFeedback.objects.filter(
            task__plan_id=plan_id,
            year=period.year,
            quarter=period.quarter,
            month=period.month,
            state__in=[EntryState.SUBMITTED, EntryState.APPROVED],
        ).values_list("task_id", flat=True)
    )
    missing: dict[int, list[str]] = {}
    for task in tasks:
        unit_id = rules.feedback_unit_id(list(task.responsibilities.all()))
        if unit_id is not None and task.pk not in given:
            missing.setdefault(unit_id, []).append(str(task))
    return missing


# --- the task bulletin (督查通报) ----------------------------------------------------------------------


def bulletin_labels() -> dict[str, str]:
    return {
        **{state.value: str(state.label) for state in CompletionState},
        "overdue_milestones": _("%(count)s overdue milestones"),
        "issues_past_deadline": _("%(count)s supervision issues past their deadline"),
        "open_issues": _("%(count)s supervision issues open"),
    }


def bulletin_inputs(
    plan_ids: list[int], today: date, only_tasks: QuerySet[Task] | None = None
) -> dict[str, pd.DataFrame]:
    """The bulletin's input frames: five queries whatever the number of tasks. `only_tasks` (a
    subquery of task ids) narrows it to some tasks: a unit's, for its extract."""
    narrowed = only_tasks is not None
    of_tasks = Q(task__in=only_tasks) if narrowed else Q()
    tasks = pd.DataFrame.from_records(
        list(
            Task.objects.filter(Q(pk__in=only_tasks) if narrowed else Q(), plan_id__in=plan_ids)
            .order_by()
            .values("id", "plan_id", "number", "title")
        ),
        columns=["id", "plan_id", "number", "title"],
    )
    responsibilities: dict[int, list[TaskResponsibility]] = defaultdict(list)
    names: dict[int, str] = {}
    for row in (
        TaskResponsibility.objects.filter(of_tasks, task__plan_id__in=plan_ids)
        .order_by()
        .values("pk", "task_id", "unit_id", "unit__name", "role", "order")
    ):
        responsibilities[row["task_id"]].append(
            TaskResponsibility(pk=row["pk"], unit_id=row["unit_id"], role=row["role"], order=row["order"])
        )
        names[row["unit_id"]] = row["unit__name"]
    feedback_unit = {task_id: rules.feedback_unit_id(items) for task_id, items in responsibilities.items()}
    no_unit = _("(no responsible unit)")
    tasks["unit_id"] = tasks["id"].map(feedback_unit)
    tasks["unit"] = (
        tasks["unit_id"].map(names).fillna(no_unit) if not tasks.empty else pd.Series(dtype="object")
    )
    feedback_rows: list[dict[str, Any]] = list(
        TaskFeedback.objects.filter(of_tasks, task__plan_id__in=plan_ids, state=EntryState.APPROVED)
        .order_by()
        .values("id", "task_id", "year", "quarter", "month", "completion", "reason", "measures", "problems")
    )
    for record in feedback_rows:
        period = FeedbackPeriod(record.pop("year"), record.pop("quarter"), record.pop("month"))
        record["period_end"], record["period"] = period.last_day, period.label()
    feedback = pd.DataFrame.from_records(
        feedback_rows,
        columns=["id", "task_id", "completion", "reason", "measures", "problems", "period_end", "period"],
    )
    milestones = pd.DataFrame.from_records(
        list(
            Milestone.objects.filter(
                of_tasks, task__plan_id__in=plan_ids, completed_on__isnull=True, due_date__lt=today
            )
            .order_by()
            .values("task_id", "owner_id", owner_name=F("owner__name"))
        ),
        columns=["task_id", "owner_id", "owner_name"],
    ).rename(columns={"owner_name": "owner"})
    issues = pd.DataFrame.from_records(
        list(
            SupervisionIssue.objects.filter(of_tasks, task__plan_id__in=plan_ids)
            .exclude(state=IssueState.CLOSED)
            .order_by()
            .values("task_id", "deadline", "state")
        ),
        columns=["task_id", "deadline", "state"],
    )
    return {"tasks": tasks, "feedback": feedback, "overdue_milestones": milestones, "open_issues": issues}


def task_bulletin(
    *, plan_ids: list[int], today: date | None = None, only_tasks: QuerySet[Task] | None = None
) -> Bulletin:
    """The bulletin of the given plans (the caller has checked the user may see them), or of some
    of their tasks (`bulletin_inputs`)."""
    today = today or timezone.localdate()
    return build_bulletin(
        **bulletin_inputs(plan_ids, today, only_tasks), today=today, labels=bulletin_labels()
    )


def bulletin_headers() -> dict[str, StrOrPromise]:
    """The Chinese header of every column of the bulletin's frames, for a report to print them."""
    return {
        "unit": _("Responsible unit"),
        "tasks": _("Number of tasks"),
        "completed": CompletionState.COMPLETED.label,
        "on_schedule": CompletionState.ON_SCHEDULE.label,
        "lagging": CompletionState.LAGGING.label,
        "not_started": CompletionState.NOT_STARTED.label,
        "cannot_complete": CompletionState.CANNOT_COMPLETE.label,
        "no_feedback": _("No approved feedback"),
        "overdue_milestones": _("Overdue milestones"),
        "open_issues": _("Open supervision issues"),
        "plan_id": _("Plan"),
        "task_number": _("Task no."),
        "task_title": _("Task"),
        "completion": _("Completion state"),
        "period": _("Feedback period"),
        "reason": _("Reason"),
        "measures": _("Measures taken"),
        "problems": _("Problems"),
        "level": _("Warning"),
        "why": _("Why"),
    }
