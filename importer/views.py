"""The upload page in the admin: a dry run first, then the import as a draft, then publishing.

1. upload: the office picks a file; it is read without writing anything and the page shows what
   was found (counts per kind, then every row, target, task and project with its line) and what
   could not be read (with the line of the document), and the jurisdiction the document names;
2. confirm: the office chooses the jurisdiction (the suggestion preselected) and ticks the items to
   leave out; the same file (kept under its checksum between the two steps) is imported as a draft;
3. result: the draft plan, with a button to publish it once reviewed in the admin.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.policy import may_configure
from importer.messages import COUNT_LABELS
from importer.services import (
    MAX_UPLOAD_BYTES,
    ImportFailed,
    ImportResult,
    jurisdictions_for_import,
    plan_import,
    plan_publish,
)
from indicators.models import Indicator, Task
from plans.models import Jurisdiction, Plan
from projects.models import KeyProject

if TYPE_CHECKING:
    from accounts.models import User

# Between the dry run and the confirmation the file waits in the media storage under its checksum.
UPLOADS = "imports"
KEEP_UPLOADS = timedelta(days=1)


class JurisdictionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Jurisdiction) -> str:
        return f"{obj.full_name}（{obj.get_level_display()}）"


class UploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Plan document"),
        help_text=gettext_lazy("Plain text (UTF-8 or GBK), Word .docx or a PDF with text, as published."),
    )
    jurisdiction = JurisdictionChoice(
        queryset=Jurisdiction.objects.none(),
        required=False,
        label=gettext_lazy("Jurisdiction"),
        empty_label=gettext_lazy("The one the document names"),
        help_text=gettext_lazy(
            "Whose plan this is. Leave it to the document: the next page shows the jurisdiction read "
            "from its issuer and lets you change it before anything is saved."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions_for_import(user)  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(max_length=64, min_length=64)
    filename = forms.CharField(max_length=255, required=False)
    jurisdiction = JurisdictionChoice(
        queryset=Jurisdiction.objects.none(), label=gettext_lazy("Jurisdiction")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions_for_import(user)  # type: ignore[attr-defined]


def _check(request: HttpRequest) -> None:
    if not may_configure(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(_("Only planning-office staff and administrators may import plans."))


def _stored_name(sha256: str) -> str:
    return f"{UPLOADS}/{sha256}.upload"


def _forget_old_uploads() -> None:
    """A file read but never confirmed is kept for a day (to confirm it later), then removed."""
    try:
        _, names = default_storage.listdir(UPLOADS)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP_UPLOADS
    for name in names:
        if default_storage.get_modified_time(f"{UPLOADS}/{name}") < cutoff:
            default_storage.delete(f"{UPLOADS}/{name}")


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": _("Import a plan document"), **extra}


def _counts(result: ImportResult) -> list[tuple[str, int]]:
    return [(str(COUNT_LABELS[kind]), count) for kind, count in result.counts.items()]


def _report(request: HttpRequest, result: ImportResult, filename: str, **extra: Any) -> HttpResponse:
    confirm = ConfirmForm(
        initial={"sha256": result.sha256, "filename": filename, "jurisdiction": result.jurisdiction},
        user=request.user,  # type: ignore[arg-type]
    )
    context = _context(
        request, result=result, counts=_counts(result), filename=filename, confirm=confirm, **extra
    )
    return TemplateResponse(request, "importer/report.html", context)


def upload(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)  # type: ignore[arg-type]
    context = _context(request, form=form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error(
                "document", _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20}
            )
        else:
            content = upload.read()
            try:
                result = plan_import(
                    content=content,
                    filename=upload.name,
                    user=request.user,  # type: ignore[arg-type]
                    dry_run=True,
                    jurisdiction=form.cleaned_data["jurisdiction"],
                )
            except (ImportFailed, PermissionDenied) as exc:
                # Not a plan, or a plan of another jurisdiction: say so on the form.
                form.add_error("document", exc.message if isinstance(exc, ImportFailed) else str(exc))
            else:
                _forget_old_uploads()
                if not result.existing and not default_storage.exists(_stored_name(result.sha256)):
                    default_storage.save(_stored_name(result.sha256), ContentFile(content))
                return _report(request, result, upload.name)
    return TemplateResponse(request, "importer/upload.html", context)


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    _check(request)
    sha256 = request.POST.get("sha256", "")
    name = _stored_name(sha256)
    if len(sha256) != 64 or not sha256.isalnum() or not default_storage.exists(name):
        messages.error(request, _("The uploaded file is no longer available: upload it again."))
        return HttpResponseRedirect(reverse("importer:upload"))
    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    form = ConfirmForm(request.POST, user=request.user)  # type: ignore[arg-type]
    filename = request.POST.get("filename", "") or name
    drop = request.POST.getlist("drop")
    if not form.is_valid():
        # No jurisdiction chosen (or one the user may not use): the report again, with the error.
        result = plan_import(content=content, filename=filename, user=request.user, dry_run=True)  # type: ignore[arg-type]
        response = _report(request, result, filename, dropped=set(drop))
        response.context_data["confirm"] = form  # type: ignore[attr-defined]
        return response
    try:
        result = plan_import(
            content=content,
            filename=filename,
            user=request.user,  # type: ignore[arg-type]
            jurisdiction=form.cleaned_data["jurisdiction"],
            drop=drop,
        )
    except (ImportFailed, PermissionDenied) as exc:
        messages.error(request, exc.message if isinstance(exc, ImportFailed) else str(exc))
        return HttpResponseRedirect(reverse("importer:upload"))
    default_storage.delete(name)
    assert result.plan is not None  # not a dry run: written, or found by its checksum
    if result.existing:
        messages.warning(request, _("This document was imported before; nothing was written."))
    else:
        messages.success(request, _("The plan was imported as a draft. Review it, then publish it."))
    return HttpResponseRedirect(reverse("importer:result", args=[result.plan.pk]))


def result(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)  # type: ignore[arg-type]
    imported = {
        _("Indicators"): Indicator.objects.filter(plan=plan, is_imported=True).count(),
        str(COUNT_LABELS["tasks"]): Task.objects.filter(plan=plan, is_imported=True).count(),
        str(COUNT_LABELS["projects"]): KeyProject.objects.filter(plan=plan, is_imported=True).count(),
    }
    context = _context(
        request,
        plan=plan,
        imported=imported,
        change_url=reverse("admin:plans_plan_change", args=[plan.pk]),
        is_draft=plan.state == Plan.State.DRAFT,
    )
    return TemplateResponse(request, "importer/result.html", context)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)  # type: ignore[arg-type]
    plan_publish(plan=plan, user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The plan is published."))
    return HttpResponseRedirect(reverse("importer:result", args=[plan.pk]))
