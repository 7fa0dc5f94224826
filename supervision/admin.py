"""Admin pages for task supervision. Rows come through `for_user`; every write goes to
supervision.services, whose refusals are shown on the form's fields.

Why this module is long: one admin per supervision model, with the feedback form's file checks.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.policy import may_configure, may_enter_figures, may_use_admin
from indicators.models import Task
from indicators.spreadsheets import SheetError
from plans.admin_base import ScopedAdmin
from progress.admin import SentReminderAdmin
from progress.admin_base import DryRun, EntryAdmin, EntryForm, apply_transition, service_errors, submitted
from progress.services import EntryConflict
from supervision import rules, services
from supervision.files import AttachmentRefused, attachment_response, check_attachment
from supervision.models import (
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
from supervision.selectors import TaskItem, task_timeline, unit_tasks
from supervision.sheets import COLUMNS, read_task_sheet, write_task_template


def feedback_entry_save(
    *, entry: TaskFeedback, user: Any, expected_version: int | None = None, uploads: Any = ()
) -> TaskFeedback:
    """The entry forms' service signature (progress/admin_base.py) over feedback_save."""
    return services.feedback_save(
        feedback=entry, user=user, expected_version=expected_version, uploads=uploads
    )


def feedback_entry_submit(
    *, entry: TaskFeedback, user: Any, expected_version: int | None = None
) -> TaskFeedback:
    return services.feedback_submit(feedback=entry, user=user, expected_version=expected_version)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once; each is checked by its content before anything is saved."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(EvidenceField, self).clean(file, initial) for file in files]
        refused = []
        for file in files:
            try:
                check_attachment(file.name, file, file.size)
            except AttachmentRefused as refusal:
                refused.append(refusal.message)
        if refused:
            raise ValidationError(refused)
        return files


class FeedbackForm(EntryForm):
    evidence = EvidenceField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Images, PDF or Office files (several at once); checked by their content."),
    )

    class Meta:
        model = TaskFeedback
        fields = "__all__"

    def has_changed(self) -> bool:
        return super().has_changed() or bool(self.files)


class AttachmentInline(admin.TabularInline):
    model = FeedbackAttachment
    extra = 0
    can_delete = False
    fields = ["download", "content_type", "file_size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # type: ignore[assignment]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_use_admin(request.user)

    @admin.display(description=_("file name"))
    def download(self, attachment: FeedbackAttachment) -> str:
        url = reverse("admin:supervision_taskfeedback_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)

    @admin.display(description=_("size"))
    def file_size(self, attachment: FeedbackAttachment) -> str:
        return filesizeformat(attachment.size)


@admin.register(TaskFeedback)
class TaskFeedbackAdmin(EntryAdmin):
    """进展反馈: the lead unit writes and submits; the office approves or returns (actions)."""

    form = FeedbackForm
    item_field = "task"
    service = staticmethod(feedback_entry_save)
    inlines = [AttachmentInline]
    list_display = ["task", "plan", "period", "completion_badge", "state_label", "created_by", "updated_at"]
    list_filter = ["state", "completion", "year"]
    list_select_related = ["task", "task__plan", "created_by"]
    search_fields = ["task__title"]
    autocomplete_fields = ["task"]
    radio_fields = {"completion": admin.HORIZONTAL}
    fieldsets = [
        (None, {"fields": ["task", ("year", "quarter", "month"), "completion"]}),
        (_("Progress"), {"fields": ["progress", "problems", "coordination", "next_steps", "evidence"]}),
        (
            _("Not started or cannot be completed"),
            {
                "fields": ["reason", "measures"],
            },
        ),
        (
            _("Review"),
            {
                "fields": [
                    "version",
                    "state",
                    "return_reason",
                    "created_by",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                    "parts",
                    "timeline",
                ]
            },
        ),
    ]
    textareas = {"progress": 5, "problems": 3, "coordination": 3, "next_steps": 3, "reason": 2, "measures": 2}
    readonly_fields = [*EntryAdmin.readonly_fields, "parts", "timeline"]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "attachment/<int:pk>/", wrap(self.attachment_view), name="supervision_taskfeedback_attachment"
            ),
            path("template/", wrap(self.template_view), name="supervision_taskfeedback_template"),
            path("upload/", wrap(self.upload_view), name="supervision_taskfeedback_upload"),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        """A returned feedback says why at the top, where the unit starts correcting it."""
        feedback = kwargs.get("obj")
        if request.method == "GET" and feedback is not None and feedback.state == "returned":
            messages.warning(request, _("Returned because: %(reason)s") % {"reason": feedback.return_reason})
        return super().render_change_form(request, context, *args, **kwargs)

    def template_view(self, request: HttpRequest) -> HttpResponse:
        """The tasks the unit answers for, for the period being reported, as an xlsx to fill in."""
        if not (may_use_admin(request.user) and may_enter_figures(request.user)):
            raise PermissionDenied
        today = timezone.localdate()
        unit = request.user.unit.name if request.user.unit_id else ""
        rows = [template_row(item) for item in unit_tasks(request.user, today=today) if item.leads]
        content = write_task_template(
            rows,
            title=_("%(unit)s: task progress to report (downloaded %(date)s)")
            % {"unit": unit, "date": today},
            note=str(
                _("Fill in the white cells (完成状态 from the list, 进展情况 …), then upload this file.")
            ),
        )
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{unit}-任务进展模板-{today:%Y%m%d}.xlsx"
        )
        return response

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload the filled-in template: all rows saved as drafts, or none and every refusal listed."""
        if not (may_use_admin(request.user) and may_enter_figures(request.user)):
            raise PermissionDenied
        form = SheetUploadForm(request.POST or None, request.FILES or None)
        refusals: list[dict[str, Any]] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows, columns = read_task_sheet(upload.name, upload.read())
            except SheetError as error:
                form.add_error("file", error.message)
            else:
                outcome = services.feedback_sheet_save(user=request.user, rows=rows)
                refusals = [
                    {"row": row, "column": columns.get(field or "", ""), "header": sheet_header(field),
                     "message": message}
                    for row, field, message in outcome.refusals
                ]  # fmt: skip
                if not refusals:
                    messages.success(
                        request,
                        _(
                            "%(saved)s feedback saved as drafts, %(unchanged)s unchanged; "
                            "submit them for review."
                        )
                        % {"saved": outcome.saved, "unchanged": outcome.unchanged},
                    )
                    return HttpResponseRedirect(reverse("admin:supervision_taskfeedback_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload task progress"),
            "opts": self.model._meta,
            "form": form,
            "refusals": refusals,
            "template_url": reverse("admin:supervision_taskfeedback_template"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/supervision/upload.html", context)

    def attachment_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Downloads go through the task's scope; the stored name is never exposed."""
        attachment = FeedbackAttachment.objects.for_user(request.user).filter(pk=pk).first()
        if attachment is None or not may_use_admin(request.user):
            raise Http404
        return attachment_response(attachment)  # type: ignore[return-value]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fieldsets if obj is not None else self.fieldsets[:3]

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type]:
        return list(self.inlines) if obj is not None else []

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.textareas:
            kwargs["widget"] = forms.Textarea(attrs={"rows": self.textareas[db_field.name], "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *(name for name in ("parts", "timeline") if name not in fields)]

    @admin.display(description=_("period"))
    def period(self, feedback: TaskFeedback) -> str:
        return feedback.period.label()

    @admin.display(description=_("plan"), ordering="task__plan")
    def plan(self, feedback: TaskFeedback) -> str:
        return str(feedback.task.plan)

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, feedback: TaskFeedback) -> str:
        return feedback.get_state_display()

    @admin.display(description=_("completion state"), ordering="completion")
    def completion_badge(self, feedback: TaskFeedback) -> str:
        return completion_badge(feedback.completion, feedback.get_completion_display())

    @admin.display(description=_("co-operating units' parts"))
    def parts(self, feedback: TaskFeedback) -> str:
        rows = TaskContribution.objects.filter(
            task_id=feedback.task_id, year=feedback.year, quarter=feedback.quarter, month=feedback.month
        ).select_related("unit")
        return format_html_join(  # type: ignore[return-value]
            "",
            "<p><strong>{}</strong>（{}，{}）：{}</p>",
            (
                (part.unit, part.get_completion_display(), part.get_state_display(), part.progress)
                for part in rows
            ),
        ) or _("None")

    @admin.display(description=_("timeline"))
    def timeline(self, feedback: TaskFeedback) -> str:
        events = task_timeline(feedback.task)
        return format_html(
            '<ol class="task-timeline">{}</ol>',
            format_html_join(
                "",
                "<li><strong>{}</strong> {} {} {}</li>",
                (
                    (
                        event.label,
                        moment_text(event.when),
                        event.who,
                        event.text,
                    )
                    for event in events
                ),
            ),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        uploads = [
            services.Upload(name=file.name, stream=file, size=file.size)
            for file in form.cleaned_data.get("evidence") or []
        ]
        if change and not form.has_changed():
            return
        feedback_entry_save(
            entry=obj, user=request.user, expected_version=obj.version if change else None, uploads=uploads
        )

    @admin.action(description=_("Submit the selected feedback for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        apply_transition(request, self.with_items(queryset), feedback_entry_submit, submitted)


def moment_text(moment: Any) -> str:
    """A time in the local zone to the minute, a date as it is, nothing as nothing."""
    if isinstance(moment, datetime):
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    return moment.isoformat() if moment else ""


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("The downloaded task progress template (.xlsx).")
    )


def template_row(item: TaskItem) -> dict[str, Any]:
    feedback = item.feedback
    row: dict[str, Any] = {
        "task": item.task.pk,
        "title": f"{item.task.number}. {item.task.title}",
        "year": item.period.year,
        "quarter": item.period.quarter,
        "month": item.period.month,
        "state": str(feedback.get_state_display() if feedback else _("Not entered")),
        "return_reason": feedback.return_reason if feedback else "",
    }
    if feedback is not None:
        row["completion"] = feedback.completion
        row.update({name: getattr(feedback, name) for name in services.FEEDBACK_TEXT_FIELDS})
    return row


def sheet_header(field: str | None) -> str:
    return COLUMNS[field][0] if field in COLUMNS else ""


COMPLETION_COLOURS = {
    "completed": "#2e7d32",
    "on_schedule": "#1565c0",
    "lagging": "#e65100",
    "not_started": "#616161",
    "cannot_complete": "#c62828",
}


def completion_badge(completion: str, label: str) -> str:
    return format_html(
        '<span class="completion-state" data-completion="{}" style="background:{};color:#fff;'
        'padding:1px 6px;border-radius:3px;white-space:nowrap">{}</span>',
        completion,
        COMPLETION_COLOURS.get(completion, "#9e9e9e"),
        label,
    )


class ProbedForm(forms.ModelForm):
    """Before saving, the admin's `write` runs inside a savepoint that is rolled back: whatever the
    service refuses becomes this form's errors (the same idea as progress.admin_base.EntryForm)."""

    request: Any = None
    write: Any = None

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or self.request is None or self.write is None:
            return
        probe = copy.copy(self.instance)
        try:
            with transaction.atomic():
                self.write(self.request, probe, self, bool(self.instance.pk))
                raise DryRun
        except DryRun:
            pass
        except ValidationError as error:
            service_errors(self, error)
        except (PermissionDenied, EntryConflict) as error:
            self.add_error(None, str(error))


class ProbedAdmin(ScopedAdmin):
    """A scoped admin whose saves go through `write` (a service call), probed by the form first."""

    form = ProbedForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request, "write": staticmethod(self.write)})

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.write(request, obj, form, change)


@admin.register(SupervisionSetting)
class SupervisionSettingAdmin(ScopedAdmin):
    list_display = ["plan", "period_kind", "days_to_report"]
    list_select_related = ["plan"]
    autocomplete_fields = ["plan"]


@admin.register(Milestone)
class MilestoneAdmin(ProbedAdmin):
    """The office sets milestones; the owner unit marks them completed (an action)."""

    plan_path = "task.plan.jurisdiction_id"
    list_display = ["title", "task", "due_date", "owner", "completed_on", "overdue"]
    list_filter = ["due_date", "completed_on"]
    list_select_related = ["task", "task__plan", "owner"]
    search_fields = ["title", "task__title"]
    autocomplete_fields = ["task", "owner"]
    fields = ["task", "title", "due_date", "owner", "completed_on", "completed_by"]
    readonly_fields = ["completed_on", "completed_by"]
    actions = ["complete_selected"]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, milestone: Milestone) -> bool:
        from django.utils import timezone

        return milestone.completed_on is None and milestone.due_date < timezone.localdate()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "task":
            kwargs["queryset"] = Task.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.milestone_save(milestone=obj, user=request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not may_enter_figures(request.user):
            actions.pop("complete_selected", None)
        return actions

    @admin.action(description=_("Mark the selected milestones completed today"))
    def complete_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = refused = 0
        for milestone in queryset.select_related("task__plan"):
            try:
                services.milestone_complete(milestone=milestone, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError):
                refused += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d milestone completed.", "%(count)d milestones completed.", done)
                % {"count": done},
            )
        if refused:
            messages.error(request, _("Only the owner unit or the planning office completes a milestone."))


@admin.register(SupervisionIssue)
class SupervisionIssueAdmin(ProbedAdmin):
    """督办事项: the office opens and closes (an action); the responsible units answer."""

    plan_path = "task.plan.jurisdiction_id"
    list_display = ["task", "kind", "short_text", "deadline", "state", "answered_at", "closed_at"]
    list_filter = ["state", "kind", "deadline"]
    list_select_related = ["task", "task__plan"]
    search_fields = ["text", "task__title"]
    autocomplete_fields = ["task"]
    actions = ["close_selected"]
    readonly_fields = [
        "state",
        "opened_by",
        "opened_at",
        "answered_by",
        "answered_at",
        "closed_by",
        "closed_at",
    ]

    @admin.display(description=_("question or demand"))
    def short_text(self, issue: SupervisionIssue) -> str:
        return issue.text[:40]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["task", "kind", "text", "deadline"]
        return ["task", "kind", "text", "deadline", "answer", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        editable = {"answer"} if self.may_answer(request, obj) else set()
        return [name for name in self.get_fields(request, obj) if name not in editable]

    def may_answer(self, request: HttpRequest, obj: Any) -> bool:
        return obj.state != IssueState.CLOSED and rules.may_answer_issue(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return may_use_admin(request.user) and may_enter_figures(request.user)
        return may_use_admin(request.user) and (
            self.may_answer(request, obj) or super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "task":
            kwargs["queryset"] = Task.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            opened = services.issue_open(
                task=obj.task, user=request.user, text=obj.text, deadline=obj.deadline, kind=obj.kind
            )
            obj.pk = opened.pk
        elif "answer" in form.changed_data:
            services.issue_answer(
                issue=obj, user=request.user, answer=obj.answer, expected_version=obj.version
            )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not may_configure(request.user):
            actions.pop("close_selected", None)
        return actions

    @admin.action(description=_("Close the selected answered issues"))
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        closed, refused = 0, []
        for issue in queryset.select_related("task__plan"):
            try:
                services.issue_close(issue=issue, user=request.user)
                closed += 1
            except (PermissionDenied, ValidationError, EntryConflict) as error:
                refused.append(f"{issue}：{' '.join(getattr(error, 'messages', [str(error)]))}")
        if closed:
            messages.success(
                request,
                ngettext("%(count)d issue closed.", "%(count)d issues closed.", closed) % {"count": closed},
            )
        for message in refused:
            messages.error(request, message)


@admin.register(TaskContribution)
class TaskContributionAdmin(ProbedAdmin):
    """A co-operating unit's part: written by that unit, sent to the lead unit (an action)."""

    plan_path = "task.plan.jurisdiction_id"
    list_display = ["task", "unit", "year", "quarter", "month", "completion", "state", "sent_at"]
    list_filter = ["state", "completion", "year"]
    list_select_related = ["task", "task__plan", "unit"]
    autocomplete_fields = ["task"]
    fields = [
        "task",
        ("year", "quarter", "month"),
        "completion",
        "progress",
        "problems",
        "state",
        "unit",
        "sent_at",
    ]
    readonly_fields = ["state", "unit", "sent_at"]
    actions = ["send_selected"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_use_admin(request.user) and may_enter_figures(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return (
            self.has_add_permission(request)
            and obj.unit_id == request.user.unit_id
            and obj.state == ContributionState.DRAFT
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "task":
            kwargs["queryset"] = Task.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.contribution_save(contribution=obj, user=request.user)

    @admin.action(description=_("Send the selected parts to the lead unit"))
    def send_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        sent = 0
        for part in queryset.select_related("task__plan"):
            try:
                services.contribution_send(contribution=part, user=request.user)
                sent += 1
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{part}：{' '.join(getattr(error, 'messages', [str(error)]))}")
        if sent:
            messages.success(
                request, ngettext("%(count)d part sent.", "%(count)d parts sent.", sent) % {"count": sent}
            )


@admin.register(IssueReminderLog)
class IssueReminderLogAdmin(SentReminderAdmin):
    list_display = ["issue", "offset_days", "recipients", "sent_at"]
    list_select_related = ["issue__task"]
    plan_path = "issue__task__plan"


@admin.register(FeedbackReminderLog)
class FeedbackReminderLogAdmin(SentReminderAdmin):
    list_display = ["unit", "period", "plan", "offset_days", "tasks", "recipients", "sent_at"]
    list_select_related = ["plan", "unit"]
    list_filter = ["period", "offset_days"]
