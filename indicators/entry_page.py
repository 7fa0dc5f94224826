"""One figure, one page: the focused entry page a unit's clerk opens from the start page.

The page shows what the figure is measured against (target, last year's approved figure, the value
expected this year), the figure's state and its review history, and a short form with 保存 and
保存并提交. Both buttons go through the workflow services; on success the clerk is back on their
list with a message naming what was done and a link to the next item still open.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts.policy import may_use_admin
from indicators.models import Indicator, IndicatorEvaluation, ProgressEntry
from progress.admin_base import service_errors
from progress.models import EntryState
from progress.services import EDITABLE_STATES, EntryConflict, entry_save, entry_submit, may_enter
from progress.worklist import MISSING, STATE_LABELS, figure_with_unit, target_with_unit, unit_worklist

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

OPEN_STATES = {MISSING, EntryState.DRAFT, EntryState.RETURNED}


class FigureForm(forms.ModelForm):
    """The fields a clerk fills in: the figure (or the judgement of a qualitative target) and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressEntry
        fields = ["value", "judgement", "explanation", "data_source", "attachment"]
        widgets = {
            "value": forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "figure-input"}
            ),
            "explanation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicator.is_qualitative:
            del self.fields["value"]
            self.fields["judgement"].required = True
        else:
            del self.fields["judgement"]
            self.fields["value"].required = True
            if self.instance.value is not None:
                self.initial["value"] = f"{self.instance.value.normalize():f}"
        self.fields["version"].initial = self.instance.version


def previous_figure(indicator: Indicator, year: int, approved_value: Decimal | None) -> Decimal | None:
    """Last year's figure: the approved one, or for the year after the base year the baseline (which
    no unit reports: it is the plan's own starting point)."""
    if approved_value is not None:
        return approved_value
    if indicator.baseline_year == year - 1:
        return indicator.baseline_value
    return None


def entry_url(indicator_id: int, year: int) -> str:
    return reverse("admin:indicators_progressentry_enter", args=[indicator_id, year])


def user_label(user: Any) -> str:
    """A person as colleagues name them: their unit, then their name (login name as a last resort)."""
    if user is None:
        return "—"
    name = user.get_full_name() or user.username
    return f"{user.unit.name} {name}" if getattr(user, "unit_id", None) else name


def history_of(entry: ProgressEntry | None) -> list[dict[str, Any]]:
    """Each change of state (entered, submitted, returned with the reason, approved): one query."""
    if entry is None or entry.pk is None:
        return []
    rows = []
    previous_state = None
    records = entry.history.select_related("history_user__unit").order_by("history_date", "history_id")
    for record in records:
        if record.state == previous_state:
            continue
        previous_state = record.state
        rows.append(
            {
                "when": record.history_date,
                "who": user_label(record.history_user),
                "state": record.state,
                "state_label": dict(EntryState.choices).get(record.state, record.state),
                "reason": record.history_change_reason or "",
            }
        )
    return rows


def back_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("admin:index")


def next_open_item(user: Any, done: tuple[int, int]) -> tuple[str, str] | None:
    """The first figure of the unit's list still to be entered, corrected or submitted."""
    for item in unit_worklist(user, kinds=["indicator"]).items:
        if (item.item.pk, item.year) != done and item.state in OPEN_STATES:
            return str(item.item), entry_url(item.item.pk, item.year)
    return None


def done_message(
    request: HttpRequest, *, indicator: Indicator, year: int, submitted: bool, back: str
) -> None:
    what = {"year": year, "name": indicator.name}
    text = (
        _("Submitted the %(year)s figure of %(name)s for review.") % what
        if submitted
        else _("Saved the %(year)s figure of %(name)s (not yet submitted).") % what
    )
    following = next_open_item(request.user, (indicator.pk, year))
    if following is None:
        messages.success(request, text)
        return
    name, url = following
    messages.success(
        request,
        format_html(
            '{} <a href="{}?{}" class="next-item">{}</a>',
            text,
            url,
            urlencode({"next": back}),
            _("Next: %(name)s") % {"name": name},
        ),
    )


def entry_page(request: HttpRequest, model_admin: ModelAdmin, indicator_id: int, year: int) -> HttpResponse:
    """GET shows the figure; POST saves it (保存) or saves and submits it (保存并提交)."""
    if not may_use_admin(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).select_related("plan", "task"), pk=indicator_id
    )
    if not indicator.plan.start_year <= year <= indicator.plan.end_year:
        raise Http404
    entry = (
        ProgressEntry.objects.filter(indicator=indicator, year=year, quarter__isnull=True)
        .select_related("created_by__unit", "submitted_by__unit")
        .first()
    )
    if entry is not None:
        entry.indicator = indicator
    instance = entry or ProgressEntry(indicator=indicator, year=year)
    may_edit = may_enter(request.user, instance) and instance.state in EDITABLE_STATES
    back = back_url(request)
    form = FigureForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=instance,
        indicator=indicator,
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        submit = "_submit" in request.POST
        if form.is_valid() and save_figure(form, request.user, submit=submit):
            done_message(request, indicator=indicator, year=year, submitted=submit, back=back)
            return HttpResponseRedirect(back)
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    approved = dict(
        ProgressEntry.objects.filter(
            indicator=indicator, year__in=[year - 1], quarter__isnull=True, state=EntryState.APPROVED
        ).values_list("year", "value")
    )
    evaluation = IndicatorEvaluation.objects.filter(indicator=indicator, year=year).first()
    unit = indicator.unit_of_measure
    state = entry.state if entry is not None else MISSING
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("%(year)s figure: %(name)s") % {"year": year, "name": indicator.name},
        "opts": model_admin.model._meta,
        "indicator": indicator,
        "year": year,
        "entry": entry,
        "form": form,
        "may_edit": may_edit,
        "state": state,
        "state_label": STATE_LABELS[state],
        "target": target_with_unit(indicator.target_text, unit),
        "baseline": target_with_unit(indicator.baseline_text, unit),
        "previous": figure_with_unit(previous_figure(indicator, year, approved.get(year - 1)), unit),
        "expected": figure_with_unit(evaluation.expected, unit) if evaluation else "—",
        "unit_of_measure": unit,
        "history": history_of(entry),
        "back_url": back,
        "submitter": user_label(entry.submitted_by) if entry is not None and entry.submitted_by_id else "",
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/indicators/entry_page.html", context)


def save_figure(form: FigureForm, user: Any, *, submit: bool) -> bool:
    """Save (and submit) through the services, all or nothing; their refusals become form errors."""
    entry = form.save(commit=False)
    stored_pk, stored_version = entry.pk, entry.version
    try:
        with transaction.atomic():
            entry = entry_save(entry=entry, user=user, expected_version=form.cleaned_data.get("version"))
            if submit:
                entry_submit(entry=entry, user=user)
    except ValidationError as error:
        service_errors(form, error)
    except (PermissionDenied, EntryConflict) as error:
        form.add_error(None, str(error))
    except IntegrityError:
        form.add_error(None, _("Another figure for this period was saved meanwhile; reload the page."))
    else:
        return True
    entry.pk, entry.version = stored_pk, stored_version  # rolled back: the form is shown again as it was
    return False
