"""Report runs: every request for a report (by a user, a schedule or the shell) is a row.

A run is created *queued* before anything is sent to the broker, so a request is never lost: with
the broker down it stays queued (and says why) until the sweeper or the next request enqueues it
again. A worker moves it to *running*, then *done* (with its file) or *failed* (with the reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import report_runs_q
from progress.models import SentReminder
from tracker.storage import report_path

if TYPE_CHECKING:
    from datetime import timedelta

    from accounts.models import User


class ReportKind(models.TextChoices):
    MONITORING = "monitoring", _("Annual monitoring report")
    MIDTERM = "midterm", _("Mid-term evaluation")
    TASKS = "tasks", _("Task progress bulletin")
    PROJECTS = "projects", _("Project progress bulletin")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    DOCX = "docx", "Word (.docx)"


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (RunState.QUEUED, RunState.RUNNING)


class Trigger(models.TextChoices):
    REQUEST = "request", _("Requested")
    SCHEDULE = "schedule", _("Scheduled")
    COMMAND = "command", _("Command line")


class ReportRunQuerySet(models.QuerySet["ReportRun"]):
    def for_user(self, user: User) -> ReportRunQuerySet:
        """Runs for the offices and viewers whose jurisdiction covers them, and a unit's own
        extracts for its reporters (`report_runs_q`)."""
        return self.filter(report_runs_q(user))

    def active(self) -> ReportRunQuerySet:
        return self.filter(state__in=ACTIVE_STATES)


class ReportRun(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices, default="xlsx")
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_runs",
    )
    jurisdiction = models.ForeignKey(
        "plans.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_runs",
        help_text=_("For a report on all plans of a jurisdiction."),
    )
    unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For the unit's own extract: only the items it answers for."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    trigger = models.CharField(_("trigger"), max_length=12, choices=Trigger.choices, default=Trigger.REQUEST)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    enqueue_error = models.TextField(
        _("broker problem"), blank=True, help_text=_("Why the run could not be handed to a worker yet.")
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True, max_length=300)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    snapshot = models.JSONField(
        _("figures of this edition"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("The tables the report was built from: it can be rebuilt and compared with another."),
    )
    dedupe_key = models.CharField(_("request key"), max_length=100, editable=False)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, jurisdiction__isnull=True)
                | Q(plan__isnull=True, jurisdiction__isnull=False),
                name="report_run_one_scope",
            ),
            # A unit answers for items of a plan: its extract is of a plan, never of a jurisdiction.
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(plan__isnull=False), name="report_run_unit_extract_of_plan"
            ),
            # The same request while one is queued or running is that run: one report, not two.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(state__in=["queued", "running"]),
                name="report_run_one_active_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""), name="report_run_failed_says_why"
            ),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(file=""), name="report_run_done_has_file"),
        ]
        indexes = [models.Index(fields=["state", "started_at"], name="report_run_state_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope_name} {self.year}"

    @property
    def scope_name(self) -> str:
        if self.plan_id:
            return str(self.plan)
        return self.jurisdiction.full_name if self.jurisdiction else ""

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @staticmethod
    def key_for(
        *,
        kind: str,
        fmt: str,
        plan_id: int | None,
        jurisdiction_id: int | None,
        year: int,
        unit_id: int | None = None,
    ) -> str:
        scope = f"p{plan_id}" if plan_id else f"j{jurisdiction_id}"
        extract = f":u{unit_id}" if unit_id else ""
        return f"{kind}:{fmt}:{scope}:{year}{extract}"


class ReminderLog(SentReminder):
    """One reminder e-mail to one unit for one deadline and offset: sent at most once."""

    deadline = models.ForeignKey(
        "progress.EntryDeadline", verbose_name=_("entry deadline"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("plans.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    items = models.PositiveIntegerField(_("items not submitted"), default=0)

    class Meta(SentReminder.Meta):
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit", "offset_days"], name="reminder_once_per_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.unit} {self.offset_days:+d}"
