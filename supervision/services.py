"""Writes with rules for task supervision. The admin, the API and the Celery tasks all come here.

Feedback goes through the review workflow of every reported entry (progress.services: draft →
submitted → approved / returned, versions, history); these functions add what is particular to a
task: only the feedback unit (or the office) writes it, its period must be of the plan's kind and
open, and its evidence files must be what they say. Every refusal is a ValidationError naming the
field; nothing is saved when one is raised.

Why this module is long: every supervision write (feedback, contributions, milestones, issues) goes
through the same checks defined here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from progress.reminders import reminder_days, send_reminder, unit_emails
from progress.services import EntryConflict, entry_approve, entry_return, entry_save, entry_submit
from supervision import rules, selectors
from supervision.files import AttachmentRefused, CheckedFile, check_attachment
from supervision.models import (
    CompletionState,
    ContributionState,
    FeedbackAttachment,
    FeedbackReminderLog,
    IssueReminderLog,
    IssueState,
    Milestone,
    SupervisionIssue,
    SupervisionSetting,
    TaskContribution,
    TaskFeedback,
)
from supervision.periods import PeriodKind, period_closing_on

if TYPE_CHECKING:
    from accounts.models import User
    from indicators.models import Task
    from supervision.sheets import SheetRow

MAX_ATTACHMENTS = 20


@dataclass(frozen=True)
class Upload:
    """A file as received: its name, its bytes and their length."""

    name: str
    stream: IO[bytes]
    size: int


# --- feedback ------------------------------------------------------------------------------------


def require_feedback_writer(user: User, task: Task) -> None:
    if not rules.may_see_task(user, task):
        raise ValidationError({"task": _("No such task in your scope.")})
    if not rules.may_write_feedback(user, task):
        raise ValidationError({"task": rules.responsibility_error(user, task)})


def require_period_open(feedback: TaskFeedback | TaskContribution, user: User) -> None:
    message = rules.period_open_error(task=feedback.task, period=feedback.period, user=user)
    if message is not None:
        field = "month" if feedback.month else "quarter" if feedback.quarter else "year"
        raise ValidationError({field: message})


def checked_uploads(uploads: Sequence[Upload], already: int = 0) -> list[tuple[Upload, CheckedFile]]:
    if already + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(count)s attachments per feedback.") % {"count": MAX_ATTACHMENTS}}
        )
    checked, refused = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_attachment(upload.name, upload.stream, upload.size)))
        except AttachmentRefused as refusal:
            refused.append(refusal.message)
    if refused:
        raise ValidationError({"attachments": refused})
    return checked


def feedback_save(
    *,
    feedback: TaskFeedback,
    user: User,
    uploads: Sequence[Upload] = (),
    expected_version: int | None = None,
) -> TaskFeedback:
    """Create or change a draft (or returned) feedback and add its evidence files, all or nothing."""
    if feedback.task_id is None:
        raise ValidationError({"task": _("Choose the task.")})
    require_feedback_writer(user, feedback.task)
    require_period_open(feedback, user)
    already = feedback.attachments.count() if feedback.pk else 0
    checked = checked_uploads(uploads, already)
    stored: list[FeedbackAttachment] = []
    try:
        with transaction.atomic():
            feedback = entry_save(entry=feedback, user=user, expected_version=expected_version)
            for upload, info in checked:
                attachment_store(feedback=feedback, user=user, upload=upload, info=info, stored=stored)
    except BaseException:
        for attachment in stored:  # files are not transactional: remove what this call stored
            attachment.file.storage.delete(attachment.file.name)  # type: ignore[arg-type]
        raise
    return feedback


def attachment_store(
    *, feedback: TaskFeedback, user: User, upload: Upload, info: CheckedFile, stored: list[FeedbackAttachment]
) -> None:
    upload.stream.seek(0)
    attachment = FeedbackAttachment(
        feedback=feedback,
        original_name=info.name[-200:],
        content_type=info.content_type,
        size=info.size,
        uploaded_by=user,
    )
    attachment.file.save(info.name, File(upload.stream), save=False)
    stored.append(attachment)
    attachment.save()


def feedback_submit(
    *, feedback: TaskFeedback, user: User, expected_version: int | None = None
) -> TaskFeedback:
    require_feedback_writer(user, feedback.task)
    require_period_open(feedback, user)
    return entry_submit(entry=feedback, user=user, expected_version=expected_version)


def feedback_approve(
    *, feedback: TaskFeedback, user: User, expected_version: int | None = None
) -> TaskFeedback:
    return entry_approve(entry=feedback, user=user, expected_version=expected_version)


def feedback_return(
    *, feedback: TaskFeedback, user: User, reason: str, expected_version: int | None = None
) -> TaskFeedback:
    return entry_return(entry=feedback, user=user, reason=reason, expected_version=expected_version)


def attachment_delete(*, attachment: FeedbackAttachment, user: User) -> None:
    feedback = attachment.feedback
    require_feedback_writer(user, feedback.task)
    if feedback.state not in {"draft", "returned"}:
        raise ValidationError({"attachments": _("Attachments of submitted feedback cannot be removed.")})
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(attachment.file.name))  # type: ignore[arg-type]


# --- contributions of co-operating units ---------------------------------------------------------


def contribution_save(
    *, contribution: TaskContribution, user: User, expected_version: int | None = None
) -> TaskContribution:
    """A co-operating unit writes its part (a draft until sent); its own unit only."""
    task = contribution.task
    if not rules.may_see_task(user, task):
        raise ValidationError({"task": _("No such task in your scope.")})
    if not rules.may_contribute(user, task):
        raise ValidationError(
            {"task": _("Only co-operating units send a part; the lead unit writes the feedback.")}
        )
    contribution.unit_id = user.unit_id  # type: ignore[assignment]
    mismatch = rules.period_error(contribution.period, rules.plan_setting(task.plan_id))
    if mismatch is not None:
        raise ValidationError({mismatch[0]: mismatch[1]})
    require_period_open(contribution, user)
    with transaction.atomic():
        if contribution.pk is None:
            contribution.created_by = user
        else:
            current = TaskContribution.objects.select_for_update().get(pk=contribution.pk)
            if expected_version is not None and expected_version != current.version:
                raise EntryConflict(current)
            if current.state == ContributionState.SENT:
                raise ValidationError(_("A part already sent to the lead unit cannot be changed."))
            contribution.version = current.version + 1
        contribution.full_clean()
        contribution.save()
    return contribution


def contribution_send(*, contribution: TaskContribution, user: User) -> TaskContribution:
    if contribution.unit_id != user.unit_id or not rules.may_contribute(user, contribution.task):
        raise PermissionDenied(_("Only the co-operating unit sends its own part."))
    with transaction.atomic():
        current = TaskContribution.objects.select_for_update().get(pk=contribution.pk)
        if current.state == ContributionState.SENT:
            raise ValidationError(_("This part was already sent."))
        current.state, current.sent_at = ContributionState.SENT, timezone.now()
        current.version += 1
        current.save()
    return current  # type: ignore[no-any-return]


# --- milestones ----------------------------------------------------------------------------------


def milestone_save(*, milestone: Milestone, user: User) -> Milestone:
    """The office sets a task's milestones."""
    if not rules.may_supervise(user, milestone.task):
        raise PermissionDenied(_("Only the planning office sets milestones."))
    milestone.full_clean()
    milestone._history_user = user  # type: ignore[attr-defined]
    milestone.save()
    return milestone


def milestone_complete(*, milestone: Milestone, user: User, on: date | None = None) -> Milestone:
    """The owner unit (or the office) marks a milestone reached."""
    if not (
        rules.may_supervise(user, milestone.task)
        or (rules.may_see_task(user, milestone.task) and user.unit_id == milestone.owner_id)
    ):
        raise PermissionDenied(_("Only the owner unit or the planning office completes a milestone."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"completed_on": _("A milestone cannot be completed in the future.")})
    milestone.completed_on, milestone.completed_by = on, user
    milestone._history_user = user  # type: ignore[attr-defined]
    milestone.save(update_fields=["completed_on", "completed_by"])
    return milestone


# --- supervision issues (督办事项) ------------------------------------------------------------------


def issue_open(
    *, task: Task, user: User, text: str, deadline: date, kind: str = "demand"
) -> SupervisionIssue:
    if not rules.may_supervise(user, task):
        raise PermissionDenied(_("Only the planning office opens supervision issues."))
    if not text.strip():
        raise ValidationError({"text": _("Write the question or demand.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline has already passed.")})
    issue = SupervisionIssue(task=task, kind=kind, text=text.strip(), deadline=deadline, opened_by=user)
    issue.full_clean()
    issue._history_user = user  # type: ignore[attr-defined]
    issue.save()
    return issue


def locked_issue(issue: SupervisionIssue, expected_version: int | None) -> SupervisionIssue:
    current = SupervisionIssue.objects.select_for_update().select_related("task__plan").get(pk=issue.pk)
    if expected_version is not None and expected_version != current.version:
        raise EntryConflict(current)
    return current  # type: ignore[no-any-return]


def issue_answer(
    *, issue: SupervisionIssue, user: User, answer: str, expected_version: int | None = None
) -> SupervisionIssue:
    if not rules.may_answer_issue(user, issue):
        raise PermissionDenied(_("Only the units responsible for the task answer its issues."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        current = locked_issue(issue, expected_version)
        if current.state == IssueState.CLOSED:
            raise ValidationError(_("The issue is closed."))
        current.answer, current.state = answer.strip(), IssueState.ANSWERED
        current.answered_by, current.answered_at = user, timezone.now()
        current.version += 1
        current._history_user = user  # type: ignore[attr-defined]
        current.save()
    return current


def issue_close(
    *, issue: SupervisionIssue, user: User, expected_version: int | None = None
) -> SupervisionIssue:
    if not rules.may_supervise(user, issue.task):
        raise PermissionDenied(_("Only the planning office closes supervision issues."))
    with transaction.atomic():
        current = locked_issue(issue, expected_version)
        if current.state != IssueState.ANSWERED:
            raise ValidationError(_("Only answered issues are closed."))
        current.state, current.closed_by, current.closed_at = IssueState.CLOSED, user, timezone.now()
        current.version += 1
        current._history_user = user  # type: ignore[attr-defined]
        current.save()
    return current


def issue_reminders_send(
    *, today: date | None = None, days_before: Iterable[int] = (3, 1), days_after: Iterable[int] = (1, 7)
) -> int:
    """E-mail the responsible units of each unanswered issue N days before and after its deadline.

    Sent once per issue and offset (IssueReminderLog); returns the number of e-mails sent.
    """
    dates = reminder_days(today, days_before, days_after)
    issues = list(
        SupervisionIssue.objects.filter(state=IssueState.OPEN, deadline__in=list(dates))
        .select_related("task__plan")
        .prefetch_related("task__responsibilities")
        .order_by("deadline", "pk")
    )
    emails = unit_emails({r.unit_id for issue in issues for r in issue.task.responsibilities.all()})
    sent = 0
    for issue in issues:
        offset = dates[issue.deadline]
        recipients = [e for r in issue.task.responsibilities.all() for e in emails.get(r.unit_id, [])]
        with transaction.atomic():
            _log, created = IssueReminderLog.objects.get_or_create(
                issue=issue, offset_days=offset, defaults={"recipients": len(recipients)}
            )
            if not created or not recipients:
                continue
            context = {
                "task": str(issue.task),
                "plan": issue.task.plan.short_title or issue.task.plan.title,
                "text": issue.text,
                "deadline": issue.deadline.isoformat(),
                "days": abs(offset),
                "before": offset < 0,
            }
            send_reminder("supervision/email/issue", context, recipients)
            sent += 1
    return sent


def feedback_reminders_send(
    *, today: date | None = None, days_before: Iterable[int] = (3, 1), days_after: Iterable[int] = (1, 7)
) -> int:
    """E-mail each feedback unit whose task feedback for a period is not yet submitted, N days before
    and after that period's reporting window closes.

    Only plans whose supervision the office has set up (a stored SupervisionSetting) are reminded, and
    only for periods within the plan's years. Sent once per plan, period, unit and offset
    (FeedbackReminderLog); returns the number of e-mails sent.
    """
    sent = 0
    supervised = list(SupervisionSetting.objects.select_related("plan").order_by("plan_id"))
    for closes, offset in sorted(reminder_days(today, days_before, days_after).items()):
        for setting in supervised:
            period = period_closing_on(PeriodKind(setting.period_kind), setting.days_to_report, closes)
            if period is None or period.year not in setting.plan.years:
                continue
            missing = selectors.feedback_missing_by_unit(setting.plan_id, period)
            emails = unit_emails(missing)
            for unit_id, tasks in missing.items():
                recipients = emails.get(unit_id, [])
                with transaction.atomic():
                    _log, created = FeedbackReminderLog.objects.get_or_create(
                        plan_id=setting.plan_id,
                        period=period.label(),
                        unit_id=unit_id,
                        offset_days=offset,
                        defaults={"recipients": len(recipients), "tasks": len(tasks)},
                    )
                    if not created or not recipients:
                        continue
                    context = {
                        "plan": setting.plan.short_title or setting.plan.title,
                        "period": period.label(),
                        "deadline": closes.isoformat(),
                        "days": abs(offset),
                        "before": offset < 0,
                        "tasks": tasks,
                    }
                    send_reminder("supervision/email/feedback", context, recipients)
                    sent += 1
    return sent


# --- the spreadsheet upload ----------------------------------------------------------------------

FEEDBACK_TEXT_FIELDS = ("progress", "problems", "coordination", "next_steps", "reason", "measures")


@dataclass(frozen=True)
class SheetOutcome:
    saved: int
    unchanged: int
    refusals: list[tuple[int, str | None, str]]  # row, field (None: the row), message


def feedback_sheet_save(*, user: User, rows: Sequence[SheetRow]) -> SheetOutcome:
    """Every row through feedback_save; all or nothing: one refused row refuses the whole upload."""
    from indicators.models import Task

    ids = {number for row in rows if (number := sheet_number(row.values.get("task"))) is not None}
    tasks = Task.objects.for_user(user).select_related("plan").in_bulk(list(ids))
    refusals: list[tuple[int, str | None, str]] = []
    saved = unchanged = 0
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    feedback = feedback_from_row(row.values, tasks)
                    if feedback is None:
                        unchanged += 1
                        continue
                    version = feedback.version if feedback.pk else None
                    feedback_save(feedback=feedback, user=user, expected_version=version)
                    saved += 1
            except ValidationError as error:
                items = (
                    error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
                )
                refusals += [(row.row, field, message) for field, messages in items for message in messages]
            except (PermissionDenied, EntryConflict) as error:
                refusals.append((row.row, None, str(error)))
        if refusals:
            transaction.set_rollback(True)
    return SheetOutcome(0 if refusals else saved, 0 if refusals else unchanged, refusals)


def sheet_number(value: Any) -> int | None:
    """A whole number as a cell holds it (2023, 2023.0, "2023"); None for blank or anything else."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def feedback_from_row(values: dict[str, Any], tasks: dict[int, Task]) -> TaskFeedback | None:
    """The feedback a row describes (new, or the stored one changed); None when nothing changes."""
    from supervision.sheets import COMPLETION_READ

    errors: dict[str, str] = {}
    task = tasks.get(sheet_number(values.get("task")) or 0)
    if task is None:
        errors["task"] = _("No such task in your scope.")
    period = {name: sheet_number(values.get(name)) for name in ("year", "quarter", "month")}
    for name in ("year", "quarter", "month"):
        if str(values.get(name) or "").strip() and period[name] is None:
            errors[name] = _("Enter a whole number.")
    if period["year"] is None and "year" not in errors:
        errors["year"] = _("Enter the year.")
    written = str(values.get("completion") or "").strip()
    completion = COMPLETION_READ.get(written, written)
    if completion not in CompletionState.values:
        errors["completion"] = _("Choose one of 已完成, 序时推进, 滞后, 未启动, 无法完成.")
    if errors:
        raise ValidationError(errors)
    fields = {name: str(values.get(name) or "").strip() for name in FEEDBACK_TEXT_FIELDS}
    feedback = TaskFeedback.objects.filter(task=task, **period).first() or TaskFeedback(task=task, **period)
    feedback.task = task  # the plan is read from the task already fetched
    if (
        feedback.pk
        and feedback.completion == completion
        and all(getattr(feedback, name) == value for name, value in fields.items())
    ):
        return None
    if feedback.pk and feedback.state not in {"draft", "returned"}:
        raise ValidationError(_("Feedback for this period was already submitted; it cannot be changed here."))
    feedback.completion = completion
    for name, value in fields.items():
        setattr(feedback, name, value)
    return feedback
