"""Task supervision (督查督办): feedback per task and period, contributions of co-operating units,
milestones (节点) and supervision issues (督办事项).

The numeric sub-targets of a task stay indicators (indicators.models); this app holds what is
reported in words.

Why this module is long: the supervision app's six models share their choices and constraints;
split, each would import the others.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from progress.models import EntryState, ReviewedEntry, SentReminder
from supervision.periods import FeedbackPeriod, PeriodKind
from supervision.querysets import AttachmentQuerySet, FeedbackQuerySet, PlanScopedQuerySet, TaskScopedQuerySet
from tracker.db import HistoryManager

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SupervisionSetting(models.Model):
    """How the office supervises a plan's tasks: the feedback period and when a period closes."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="supervision_setting"
    )
    period_kind = models.CharField(
        _("feedback period"),
        max_length=8,
        choices=[
            (PeriodKind.MONTH.value, _("Monthly")),
            (PeriodKind.QUARTER.value, _("Quarterly")),
            (PeriodKind.YEAR.value, _("Yearly")),
        ],
        default=PeriodKind.QUARTER.value,
    )
    days_to_report = models.PositiveSmallIntegerField(
        _("days to report after the period"),
        default=10,
        help_text=_("Feedback for a period is accepted until this many days after it ends."),
    )

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision setting")
        verbose_name_plural = _("supervision settings")

    def __str__(self) -> str:
        return f"{self.plan}：{self.get_period_kind_display()}"


class CompletionState(models.TextChoices):
    COMPLETED = "completed", _("Completed (已完成)")
    ON_SCHEDULE = "on_schedule", _("On schedule (序时推进)")
    LAGGING = "lagging", _("Lagging (滞后)")
    NOT_STARTED = "not_started", _("Not started (未启动)")
    CANNOT_COMPLETE = "cannot_complete", _("Cannot be completed (无法完成)")


NEEDS_REASON = (CompletionState.NOT_STARTED, CompletionState.CANNOT_COMPLETE)


def month_field() -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For monthly feedback only."),
    )


class TaskFeedback(ReviewedEntry):
    """进展反馈: the lead unit's account of a task for one period, reviewed like a figure."""

    item_field = "task"

    task = models.ForeignKey(
        "indicators.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="feedback"
    )
    month = month_field()
    attachment = None  # type: ignore[assignment]  # evidence is FeedbackAttachment rows, several per feedback
    completion = models.CharField(_("completion state"), max_length=16, choices=CompletionState.choices)
    progress = models.TextField(_("progress (进展情况)"))
    problems = models.TextField(_("problems (存在问题)"), blank=True)
    coordination = models.TextField(_("needs for coordination (需协调事项)"), blank=True)
    next_steps = models.TextField(_("next steps (下一步计划)"), blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the task is not started or cannot be completed.")
    )
    measures = models.TextField(
        _("measures taken"),
        blank=True,
        help_text=_("Required when the task is not started or cannot be completed."),
    )

    objects = FeedbackQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        history_change_reason_field=models.TextField(null=True),
        history_manager=HistoryManager,
    )

    class Meta:
        verbose_name = _("task feedback")
        verbose_name_plural = _("task feedback")
        ordering = ["task", "year", "quarter", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year"],
                condition=Q(quarter__isnull=True, month__isnull=True),
                name="feedback_one_yearly_per_task",
                violation_error_message=_("Feedback for this period already exists."),
            ),
            models.UniqueConstraint(
                fields=["task", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="feedback_one_quarterly_per_task",
                violation_error_message=_("Feedback for this period already exists."),
            ),
            models.UniqueConstraint(
                fields=["task", "year", "month"],
                condition=Q(month__isnull=False),
                name="feedback_one_monthly_per_task",
                violation_error_message=_("Feedback for this period already exists."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(month__isnull=True), name="feedback_quarter_or_month"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="feedback_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="feedback_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=~Q(state=EntryState.RETURNED) | ~Q(return_reason=""),
                name="feedback_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(completion__in=NEEDS_REASON) | (~Q(reason="") & ~Q(measures="")),
                name="feedback_reason_and_measures_when_not_started_or_failed",
            ),
            models.CheckConstraint(
                condition=Q(completion__in=CompletionState.values), name="feedback_known_completion_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.period.label()}"

    @property
    def period(self) -> FeedbackPeriod:
        return FeedbackPeriod(self.year, self.quarter, self.month)

    def rule_errors(self) -> dict[str, StrOrPromise]:
        from supervision.rules import feedback_rule_errors

        errors = super().rule_errors()
        if self.task_id is None:
            return errors
        for name, message in feedback_rule_errors(self).items():
            errors.setdefault(name, message)
        return errors


def attachment_path(instance: FeedbackAttachment, filename: str) -> str:
    """An unguessable name; the original one is kept in `original_name` only."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"supervision/{secrets.token_urlsafe(24)}{suffix}"


class FeedbackAttachment(models.Model):
    """Evidence for a feedback: an image, a PDF or an Office file, checked by its content."""

    feedback = models.ForeignKey(
        TaskFeedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence attachment")
        verbose_name_plural = _("evidence attachments")
        ordering = ["feedback", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ContributionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the lead unit")


class TaskContribution(models.Model):
    """A co-operating unit's part of a task for one period, sent to the lead unit to consolidate."""

    task = models.ForeignKey(
        "indicators.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="contributions"
    )
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="task_contributions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    month = month_field()
    completion = models.CharField(_("completion state"), max_length=16, choices=CompletionState.choices)
    progress = models.TextField(_("progress (进展情况)"))
    problems = models.TextField(_("problems (存在问题)"), blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=ContributionState.choices, default=ContributionState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TaskScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-operating unit's contribution")
        verbose_name_plural = _("co-operating units' contributions")
        ordering = ["task", "year", "quarter", "month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "year"],
                condition=Q(quarter__isnull=True, month__isnull=True),
                name="contribution_one_yearly",
            ),
            models.UniqueConstraint(
                fields=["task", "unit", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="contribution_one_quarterly",
            ),
            models.UniqueConstraint(
                fields=["task", "unit", "year", "month"],
                condition=Q(month__isnull=False),
                name="contribution_one_monthly",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(month__isnull=True),
                name="contribution_quarter_or_month",
            ),
            models.CheckConstraint(
                condition=~Q(state=ContributionState.SENT) | Q(sent_at__isnull=False),
                name="contribution_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}：{self.unit} {FeedbackPeriod(self.year, self.quarter, self.month).label()}"

    @property
    def period(self) -> FeedbackPeriod:
        return FeedbackPeriod(self.year, self.quarter, self.month)


class Milestone(models.Model):
    """节点: a step of a task with a due date and the unit that owns it."""

    task = models.ForeignKey(
        "indicators.Task", verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due date"))
    owner = models.ForeignKey(
        "plans.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="milestones"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TaskScopedQuerySet.as_manager()
    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_by__isnull=False),
                name="milestone_completed_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.title}（{self.due_date:%Y-%m-%d}）"


class IssueKind(models.TextChoices):
    QUESTION = "question", _("Question")
    DEMAND = "demand", _("Demand")


class IssueState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class SupervisionIssue(models.Model):
    """督办事项: the office asks or demands something about a task by a deadline; the unit answers."""

    task = models.ForeignKey(
        "indicators.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="supervision_issues"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=IssueKind.choices, default=IssueKind.DEMAND)
    text = models.TextField(_("question or demand"))
    deadline = models.DateField(_("answer by"))
    state = models.CharField(_("state"), max_length=8, choices=IssueState.choices, default=IssueState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TaskScopedQuerySet.as_manager()
    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        verbose_name = _("supervision issue (督办事项)")
        verbose_name_plural = _("supervision issues (督办事项)")
        ordering = ["state", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=IssueState.OPEN) | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="issue_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(state=IssueState.CLOSED) | Q(closed_at__isnull=False),
                name="issue_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("opened_at")),
                name="issue_answered_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.text[:30]}"


class IssueReminderLog(SentReminder):
    """One reminder about one issue at one offset from its deadline: sent at most once."""

    issue = models.ForeignKey(
        SupervisionIssue, verbose_name=_("supervision issue"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(SentReminder.Meta):
        verbose_name = _("issue reminder sent")
        verbose_name_plural = _("issue reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["issue", "offset_days"], name="issue_reminder_once_per_offset")
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.offset_days:+d}"


class FeedbackReminderLog(SentReminder):
    """One reminder to one unit about its missing task feedback for one period of a plan, at one
    offset from the day the period's reporting window closes: sent at most once."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("feedback period"), max_length=16)
    unit = models.ForeignKey("plans.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    tasks = models.PositiveSmallIntegerField(_("tasks"), default=0)

    class Meta(SentReminder.Meta):
        verbose_name = _("feedback reminder sent")
        verbose_name_plural = _("feedback reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "unit", "offset_days"], name="feedback_reminder_once_per_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} {self.unit_id} {self.offset_days:+d}"
