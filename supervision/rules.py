"""Who may do what in task supervision, and the rules a feedback must satisfy: in one place.

Visibility reuses the task scoping (Task.objects.for_user); who may act by role is decided in
accounts/policy.py. The supervision-specific rules:

- the **feedback unit** of a task answers for it: its first lead unit (牵头), or, when the task is
  shared by duty (按职责分工) with no lead, the first unit listed. Every other responsible unit
  co-operates: it sends its part (a contribution) to the feedback unit;
- the planning office of the plan's jurisdiction supervises: it reviews feedback, opens and closes
  supervision issues (督办事项), and may itself enter feedback for any unit;
- a feedback period is open until the plan's `days_to_report` after it ends, and a period that has
  not begun takes no feedback; after that, a unit needs a lock exception for the year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import follows_whole_plans, may_configure, may_enter_figures
from indicators.models import Task, TaskResponsibility
from plans.models import Plan, ResponsibilityRole
from progress.models import LockException
from supervision.periods import FeedbackPeriod, PeriodKind

if TYPE_CHECKING:
    from accounts.models import User
    from supervision.models import SupervisionIssue, SupervisionSetting, TaskFeedback

DEFAULT_PERIOD_KIND = PeriodKind.QUARTER
DEFAULT_DAYS_TO_REPORT = 10


# --- who answers for a task ------------------------------------------------------------------------


def feedback_unit_id(responsibilities: list[TaskResponsibility]) -> int | None:
    """The unit that consolidates and submits the task's feedback (see the module docstring)."""
    ordered = sorted(responsibilities, key=lambda r: (r.role != ResponsibilityRole.LEAD, r.order, r.pk))
    return ordered[0].unit_id if ordered else None


def task_feedback_unit_id(task: Task) -> int | None:
    return feedback_unit_id(list(task.responsibilities.all()))


# --- visibility and actions ----------------------------------------------------------------------


def may_see_task(user: User, task: Task) -> bool:
    return Task.objects.for_user(user).filter(pk=task.pk).exists()


def may_supervise(user: User, task: Task) -> bool:
    """The planning office of the plan's jurisdiction (and administrators)."""
    return may_configure(user, task.plan.jurisdiction_id)


def may_see_bulletin(user: User, plan: Plan) -> bool:
    """The bulletin compares units: administrators, and the office and viewers over the plan."""
    return follows_whole_plans(user) and Plan.objects.for_user(user).filter(pk=plan.pk).exists()


def may_write_feedback(user: User, task: Task) -> bool:
    """Reporters of the feedback unit, and the office."""
    if not may_enter_figures(user):
        return False
    if may_supervise(user, task):
        return True
    return user.unit_id is not None and user.unit_id == task_feedback_unit_id(task)


def may_contribute(user: User, task: Task) -> bool:
    """Reporters of a responsible unit other than the feedback unit."""
    if not may_enter_figures(user) or user.unit_id is None:
        return False
    units = {r.unit_id for r in task.responsibilities.all()}
    return user.unit_id in units and user.unit_id != task_feedback_unit_id(task)


def may_answer_issue(user: User, issue: SupervisionIssue) -> bool:
    """The units responsible for the task answer its issues (the office may answer for them)."""
    if not may_enter_figures(user):
        return False
    if may_supervise(user, issue.task):
        return True
    return issue.task.responsibilities.filter(unit_id=user.unit_id).exists()  # type: ignore[misc]


def responsibility_error(user: User, task: Task) -> str:
    """Why the user may not write this task's feedback, for the message on the `task` field."""
    if may_contribute(user, task):
        return _(
            "Your unit co-operates on this task: send your part to the lead unit, which submits the "
            "task's feedback."
        )
    return _("Your unit is not responsible for this task.")


# --- periods -------------------------------------------------------------------------------------


def plan_setting(plan_id: int) -> SupervisionSetting:
    """The plan's setting, or the defaults (quarterly, ten days to report) when none is stored."""
    from supervision.models import SupervisionSetting

    return SupervisionSetting.objects.filter(plan_id=plan_id).first() or default_setting(plan_id)


def default_setting(plan_id: int) -> SupervisionSetting:
    from supervision.models import SupervisionSetting

    return SupervisionSetting(
        plan_id=plan_id, period_kind=DEFAULT_PERIOD_KIND, days_to_report=DEFAULT_DAYS_TO_REPORT
    )


def period_closes(period: FeedbackPeriod, setting: SupervisionSetting) -> date:
    return period.last_day + timedelta(days=setting.days_to_report)


def period_error(period: FeedbackPeriod, setting: SupervisionSetting) -> tuple[str, str] | None:
    """(field, message) when the period is not of the plan's kind."""
    kind = PeriodKind(setting.period_kind)
    if period.quarter is not None and period.month is not None:
        return "month", _("Give a quarter or a month, not both.")
    if period.kind == kind:
        return None
    messages = {
        PeriodKind.MONTH: ("month", _("This plan's tasks are reported monthly: give the month.")),
        PeriodKind.QUARTER: ("quarter", _("This plan's tasks are reported quarterly: give the quarter.")),
        PeriodKind.YEAR: (
            "quarter" if period.quarter is not None else "month",
            _("This plan's tasks are reported yearly: leave the quarter and the month empty."),
        ),
    }
    return messages[kind]


def period_open_error(
    *, task: Task, period: FeedbackPeriod, user: User, today: date | None = None
) -> str | None:
    """Why the period takes no feedback from this user now, or None when it does."""
    today = today or timezone.localdate()
    if period.first_day > today:
        return _("%(period)s has not begun yet.") % {"period": period.label()}
    if may_supervise(user, task):
        return None
    setting = plan_setting(task.plan_id)
    if today <= period_closes(period, setting):
        return None
    excepted = LockException.objects.filter(  # type: ignore[misc]
        plan_id=task.plan_id, year=period.year, unit_id=user.unit_id, expires_at__gt=timezone.now()
    ).exists()
    if excepted:
        return None
    return _("Feedback for %(period)s closed on %(closed)s; ask the planning office for an exception.") % {
        "period": period.label(),
        "closed": period_closes(period, setting).isoformat(),
    }


# --- rules on one feedback (shown next to the field) ----------------------------------------------


def feedback_rule_errors(feedback: TaskFeedback, today: date | None = None) -> dict[str, str]:
    from supervision.models import NEEDS_REASON, CompletionState, Milestone

    errors: dict[str, str] = {}
    mismatch = period_error(feedback.period, plan_setting(feedback.task.plan_id))
    if mismatch is not None:
        errors[mismatch[0]] = mismatch[1]
    if feedback.completion in NEEDS_REASON:
        if not feedback.reason.strip():
            errors["reason"] = _("Give the reason the task is not started or cannot be completed.")
        if not feedback.measures.strip():
            errors["measures"] = _("Say what measures have been taken.")
    if feedback.completion == CompletionState.COMPLETED:
        today = today or timezone.localdate()
        overdue = list(
            Milestone.objects.filter(
                task_id=feedback.task_id, completed_on__isnull=True, due_date__lt=today
            ).values_list("title", flat=True)[:3]
        )
        if overdue:
            errors["completion"] = _(
                "The task cannot be completed while overdue milestones are open: %(milestones)s. "
                "Mark them completed first."
            ) % {"milestones": "、".join(overdue)}
    return errors
