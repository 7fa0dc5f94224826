"""Admin pages for a unit's data entry: the start page (本单位待填报), the spreadsheet template and its
upload with a dry-run preview. Every write goes through the services (progress.services,
indicators.bulk); these views only read, render and pass on. The start page's rows come from
progress.admin_views, each entry kind presenting its own items.

Why this module is long: the unit's start page, template download and upload preview are one journey
sharing its session state.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import may_enter_figures, may_use_admin
from indicators.bulk import (
    JOB_ROWS,
    BulkResult,
    BulkRow,
    bulk_upload_start,
    figure,
    indicator_id,
    progress_bulk_save,
    whole_number,
)
from indicators.entry_page import entry_url, previous_figure
from indicators.models import BulkUpload, Indicator, ProgressEntry
from indicators.spreadsheets import (
    HEADERS,
    Sheet,
    SheetError,
    TemplateRow,
    nothing_entered,
    read_figures,
    write_refused_rows,
    write_template,
)
from progress.admin_base import apply_transition, submitted
from progress.admin_views import worklist_groups, worklist_rows
from progress.models import EntryState
from progress.registry import entry_kinds
from progress.services import entry_submit
from progress.worklist import MISSING, WorkItem, Worklist, figure_with_unit, target_with_unit, unit_worklist

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SESSION_KEY = "figures_upload"


# --- the start page ----------------------------------------------------------------------------


def indicator_work(item: WorkItem) -> dict[str, Any]:
    """An indicator's row on the start page: its target, last year's and this year's figure, its
    status, and the link to its entry page. A figure entered but not yet approved is not "no data":
    it is evaluated once approved."""
    from indicators.admin_display import status_badge

    indicator: Indicator = item.item
    entry: ProgressEntry | None = item.entry
    unit = indicator.unit_of_measure
    if entry is None:
        figure = "—"
    elif entry.value is not None:
        figure = figure_with_unit(entry.value, unit)
    else:
        figure = entry.get_judgement_display()
    stored = item.evaluation or {}
    if entry is not None and entry.state != EntryState.APPROVED:
        badge = format_html('<span class="muted evaluation-pending">{}</span>', _("Evaluated once approved"))
    else:
        badge = status_badge(stored.get("status"), stored.get("explanation"))  # type: ignore[assignment]
    approved_before = item.previous.value if item.previous is not None else None
    return {
        "group": f"{indicator.task.number}. {indicator.task.title}"
        if indicator.task_id
        else indicator.category,
        "target": target_with_unit(indicator.target_text, unit),
        "previous": figure_with_unit(previous_figure(indicator, item.year, approved_before), unit),
        "figure": figure,
        "url": entry_url(indicator.pk, item.year),
        "evaluation_badge": badge,
    }


def worklist_context(request: HttpRequest) -> dict[str, Any]:
    worklist = unit_worklist(request.user)
    rows = worklist_rows(worklist)
    return {
        "worklist": worklist,
        "rows": rows,
        "groups": worklist_groups(rows),
        "unit": request.user.unit if request.user.unit_id else None,
        "may_enter": may_enter_figures(request.user),
        "worklist_url": reverse("admin:indicators_progressentry_worklist"),
        "template_url": reverse("admin:indicators_progressentry_template"),
        "upload_url": reverse("admin:indicators_progressentry_upload"),
    }


def ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def worklist(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """本单位待填报: the unit's items for each open period; POST submits the ticked entries."""
    if not may_use_admin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        entries = [
            entry
            for kind in entry_kinds()
            for entry in kind.entry_model._default_manager.for_user(request.user)
            .filter(pk__in=ids(request.POST.getlist(kind.submit_field)))
            .select_related(f"{kind.entry_model.item_field}__plan")
        ]
        if not entries:
            messages.warning(request, _("Tick the figures to submit first."))
        apply_transition(request, entries, entry_submit, submitted)
        return HttpResponseRedirect(request.path)
    context = {
        **model_admin.admin_site.each_context(request),
        **worklist_context(request),
        "title": _("To report for my unit"),
        "opts": model_admin.model._meta,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/indicators/worklist.html", context)


# --- the spreadsheet template ------------------------------------------------------------------


ENTERABLE_STATES = {MISSING, EntryState.DRAFT, EntryState.RETURNED}


def template_rows(worklist: Worklist) -> list[TemplateRow]:
    rows = []
    for item in worklist.items:
        indicator: Indicator = item.item
        entry: ProgressEntry | None = item.entry
        rows.append(
            TemplateRow(
                indicator_id=indicator.pk,
                plan=str(indicator.plan),
                group=f"任务{indicator.task.number}" if indicator.task_id else indicator.category,
                name=indicator.name,
                unit_of_measure=indicator.unit_of_measure,
                target=indicator.target_text,
                previous=previous_figure(
                    indicator,
                    item.year,
                    item.previous.value if item.previous is not None else None,
                ),
                year=item.year,
                qualitative=indicator.is_qualitative,
                value=entry.value if entry else None,
                judgement=entry.judgement if entry else "",
                explanation=entry.explanation if entry else "",
                data_source=entry.data_source if entry else "",
                state=str(item.state_label),
                return_reason=entry.return_reason if entry else "",
                editable=item.state in ENTERABLE_STATES and item.period.is_open(worklist.now),
            )
        )
    return rows


def template_download(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """The unit's open targets as an xlsx to fill in offline and upload again."""
    if not may_enter_figures(request.user):
        raise PermissionDenied
    unit = request.user.unit.name if request.user.unit_id else _("all units")
    today = timezone.localdate()
    content = write_template(
        template_rows(unit_worklist(request.user, kinds=["indicator"])),
        title=_("%(unit)s: figures to report (downloaded %(date)s)")
        % {"unit": unit, "date": f"{today.year}年{today.month}月{today.day}日"},
        note=_(
            "Fill in the white cells: 数值 for numeric targets or 定性评价 (a list) for qualitative ones, "
            "and 情况说明 and 数据来源. Grey cells are locked: whole rows already submitted, approved or "
            "past the deadline. Then upload this file on the upload page."
        ),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{unit}-填报模板-{today:%Y%m%d}.xlsx"
    )
    return response


# --- upload, preview, confirm ---------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("The downloaded template (.xlsx), or a .csv with the same column headers."),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Submit the figures for review once saved"), required=False
    )


@dataclass(frozen=True)
class Refusal:
    row: int | None
    column: str | None  # letter
    header: str
    message: str
    indicator: str = ""  # the name of what the row is for, when the row names one the user sees
    value: str = ""  # what was written in the cell at fault

    @property
    def sentence(self) -> str:
        """The refusal as one sentence: 第 5 行 研发经费投入强度 数值“22家”：请输入数字。"""
        parts = [_("Row %(row)s") % {"row": self.row} if self.row else ""]
        if self.indicator:
            parts.append(self.indicator)
        if self.header:
            parts.append(f"{self.header}“{self.value}”" if self.value else self.header)
        return f"{' '.join(part for part in parts if part)}：{self.message}"


@dataclass(frozen=True)
class Change:
    row: int
    action: str
    indicator: str
    period: str
    before: str
    after: str


ACTION_LABELS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Changed"),
    "unchanged": gettext_lazy("Unchanged"),
    "refused": gettext_lazy("Refused"),
}


def field_header(name: str) -> str:
    if name in HEADERS:
        return HEADERS[name][0]
    try:
        return str(ProgressEntry._meta.get_field(name).verbose_name)
    except Exception:
        return name


def refusals_of(result: BulkResult, sheet: Sheet, user: Any) -> list[Refusal]:
    """Every refused row's reasons, each with the indicator's name, the column and the value written
    where the reason names a field: one query for the names."""
    rows = {row.row: row for row in sheet.rows}
    wanted = {indicator_id(rows[outcome.row].indicator) for outcome in result.refused if outcome.row in rows}
    names = dict(Indicator.objects.for_user(user).filter(pk__in=wanted - {None}).values_list("pk", "name"))
    refusals: list[Refusal] = []
    for outcome in result.refused:
        row = rows.get(outcome.row)
        name = names.get(indicator_id(row.indicator), "") if row is not None else ""
        for field_name, reasons in outcome.errors.items():
            field_level = field_name != NON_FIELD_ERRORS
            column = sheet.column_of(field_name) if field_level else None
            header = field_header(field_name) if field_level else ""
            written = getattr(row, field_name, None) if field_level and row is not None else None
            value = "" if written is None else str(written).strip()
            refusals.extend(Refusal(outcome.row, column, header, reason, name, value) for reason in reasons)
    return refusals


def changes_of(result: BulkResult, rows: list[BulkRow], user: Any) -> list[Change]:
    """What the upload changes, row by row, with the figure before and after: two queries."""
    by_row = {row.row: row for row in rows}
    ids = {ident for row in rows if (ident := indicator_id(row.indicator)) is not None}
    indicators = Indicator.objects.for_user(user).in_bulk(list(ids))
    current = {
        (entry.indicator_id, entry.year, entry.quarter): entry
        for entry in ProgressEntry.objects.filter(indicator__in=list(indicators))
    }
    changes = []
    for outcome in result.outcomes:
        if outcome.action not in {"create", "update"}:
            continue
        row = by_row[outcome.row]
        indicator = indicators.get(indicator_id(row.indicator))
        if indicator is None:
            continue
        year = whole_number(row.year, "year", required=True)
        quarter = whole_number(row.quarter, "quarter", required=False)
        before = current.get((indicator.pk, year, quarter))
        unit = indicator.unit_of_measure
        changes.append(
            Change(
                row=outcome.row,
                action=str(ACTION_LABELS[outcome.action]),
                indicator=indicator.name,
                period=f"{year}年第{quarter}季度" if quarter else f"{year}年",
                before=(
                    "—"
                    if before is None
                    else figure_with_unit(before.value, unit)
                    if before.value is not None
                    else str(before.get_judgement_display())
                ),
                after=(
                    figure_with_unit(figure(row.value), unit)
                    if row.value not in (None, "")
                    else row.judgement or "—"
                ),
            )
        )
    return changes


@dataclass
class Preview:
    filename: str
    submit: bool
    digest: str = ""
    sheet_error: Refusal | None = None
    refusals: list[Refusal] | None = None
    changes: list[Change] | None = None
    counts: dict[str, int] | None = None
    skipped: int = 0
    committed: bool = False
    header_row: int = 0

    @property
    def can_confirm(self) -> bool:
        return self.sheet_error is None and not self.refusals and bool(self.changes)

    @property
    def can_save_rest(self) -> bool:
        """Some rows refused, others would change something: those can be saved on their own."""
        return self.sheet_error is None and bool(self.refusals) and bool(self.changes)


def check_upload(
    user: Any, filename: str, content: bytes, *, submit: bool, dry_run: bool, partial: bool = False
) -> Preview:
    """Read the file and run the bulk service on it (a dry run first, then for real); `partial`
    saves the good rows and leaves the refused ones."""
    preview = Preview(filename=filename, submit=submit, digest=hashlib.sha256(content).hexdigest())
    try:
        sheet = read_figures(filename, content)
    except SheetError as error:
        preview.sheet_error = Refusal(error.row, error.column, "", error.message)
        return preview
    rows = [row for row in sheet.rows if not nothing_entered(row)]
    preview.skipped = len(sheet.rows) - len(rows)
    preview.header_row = sheet.header_row
    result = progress_bulk_save(user=user, rows=rows, dry_run=dry_run, submit=submit, partial=partial)
    preview.refusals = refusals_of(result, sheet, user)
    preview.changes = changes_of(result, rows, user)
    preview.counts = {action: result.count(action) for action in ACTION_LABELS}
    preview.committed = result.committed
    return preview


def large_upload(user: Any, filename: str, content: bytes, *, submit: bool) -> BulkUpload | None:
    """A confirmed upload of more rows than a request should write: a job for a worker, else None."""
    try:
        sheet = read_figures(filename, content)
    except SheetError:
        return None  # check_upload says why
    rows = [row for row in sheet.rows if not nothing_entered(row)]
    if len(rows) <= JOB_ROWS:
        return None
    return bulk_upload_start(user=user, rows=rows, submit=submit)


def upload(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """Upload → preview (a dry run: what changes, every refused row and why) → confirm (all or nothing)."""
    if not may_enter_figures(request.user):
        raise PermissionDenied
    preview: Preview | None = None
    form = UploadForm()
    stored = request.session.get(UPLOAD_SESSION_KEY)
    if request.method == "GET" and request.GET.get("refusals") and stored:
        preview = check_upload(
            request.user, stored["name"], stored_content(stored), submit=False, dry_run=True
        )
        reasons: dict[int, list[str]] = {}
        for refusal in preview.refusals or []:
            if refusal.row is not None:
                reasons.setdefault(refusal.row, []).append(refusal.sentence)
        response = HttpResponse(
            write_refused_rows(stored["name"], stored_content(stored), preview.header_row, reasons),
            content_type=XLSX_TYPE,
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename="未通过的行.xlsx"
        )
        return response
    if request.method == "POST" and ("confirm" in request.POST or "confirm_rest" in request.POST):
        if not stored or stored.get("digest") != request.POST.get("digest"):
            messages.error(request, _("The upload has expired; upload the file again."))
            return HttpResponseRedirect(request.path)
        rest = "confirm_rest" in request.POST
        # A large file runs as an all-or-nothing job; saving only the good rows stays in the request.
        job = (
            None
            if rest
            else large_upload(request.user, stored["name"], stored_content(stored), submit=stored["submit"])
        )
        if job is not None:
            del request.session[UPLOAD_SESSION_KEY]
            messages.success(request, _("The upload is large: it runs in the background. Follow it here."))
            return HttpResponseRedirect(reverse("admin:indicators_bulkupload_change", args=[job.pk]))
        preview = check_upload(
            request.user,
            stored["name"],
            stored_content(stored),
            submit=stored["submit"],
            dry_run=False,
            partial=rest,
        )
        if preview.committed and preview.refusals:  # the good rows saved; the file kept for the rest
            counts = preview.counts or {}
            messages.warning(
                request,
                format_html(
                    '{} <a href="{}?refusals=1" id="download-refused">{}</a>',
                    _("Saved %(saved)d rows; %(refused)d rows were not saved.")
                    % {
                        "saved": counts.get("create", 0) + counts.get("update", 0),
                        "refused": counts.get("refused", 0),
                    },
                    request.path,
                    _("Download them to correct (xlsx)"),
                ),
            )
            return HttpResponseRedirect(reverse("admin:indicators_progressentry_worklist"))
        if preview.committed:
            del request.session[UPLOAD_SESSION_KEY]
            counts = preview.counts or {}
            messages.success(
                request,
                _("Saved: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                % {
                    "created": counts.get("create", 0),
                    "updated": counts.get("update", 0),
                    "unchanged": counts.get("unchanged", 0),
                },
            )
            return HttpResponseRedirect(reverse("admin:indicators_progressentry_worklist"))
        messages.error(request, _("Nothing was saved: some rows were refused."))
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            if upload_file.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                content = upload_file.read()
                preview = check_upload(
                    request.user,
                    upload_file.name,
                    content,
                    submit=form.cleaned_data["submit"],
                    dry_run=True,
                )
                request.session[UPLOAD_SESSION_KEY] = {
                    "name": upload_file.name,
                    "content": base64.b64encode(content).decode("ascii"),
                    "submit": form.cleaned_data["submit"],
                    "digest": preview.digest,
                }
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Upload figures from a spreadsheet"),
        "opts": model_admin.model._meta,
        "form": form,
        "preview": preview,
        "action_labels": ACTION_LABELS,
        "template_url": reverse("admin:indicators_progressentry_template"),
        "worklist_url": reverse("admin:indicators_progressentry_worklist"),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/indicators/upload.html", context)


def stored_content(stored: dict[str, Any]) -> bytes:
    return base64.b64decode(stored["content"])
