"""The shared admin pieces for reported figures: forms checked by the workflow service, the entry
inline under an item, the item and entry admins, and the review actions.

Reported figures are written, submitted, approved and returned only through the workflow services
(`progress.services`), which the entry forms also ask before saving, so that whatever the services
refuse is shown on the form, row by row.

Just over 400 lines, kept whole: the form, the inline, the entry admin and the review actions each
call the same service gates, and apart they would import one another.

Why this module is long: the entry form, inline, admins and review actions are one workflow surface
every entry kind reuses.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.policy import may_configure, may_enter_figures, may_use_admin
from plans.admin_base import ScopedAdmin, ScopedHistoryMixin, requested_year
from progress.models import EntryState
from progress.selectors import reporting_periods
from progress.services import (
    EDITABLE_STATES,
    EntryConflict,
    entries_approve,
    entry_return,
    entry_save,
    entry_submit,
    may_enter_item,
)

# --- reported figures: forms checked by the service ----------------------------------------

Service = Callable[..., Any]


class DryRun(Exception):
    """Raised inside the probe's savepoint so that nothing the probe wrote is kept."""


def service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal as form errors; errors on fields the form does not show go on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        if name == NON_FIELD_ERRORS or name in form.fields:
            form.add_error(None if name == NON_FIELD_ERRORS else name, messages_)
        else:
            label = capfirst(form._meta.model._meta.get_field(name).verbose_name)
            form.add_error(None, [f"{label}：{message}" for message in messages_])


class EntryForm(forms.ModelForm):
    """A reported figure. Before saving, the workflow service itself checks the row.

    A changed form is saved by the service inside a savepoint that is then rolled back: whatever
    it refuses (a closed period, another unit's item, a submitted entry, a stale version) becomes
    this form's errors, so no rule is copied here. Entries no longer editable (submitted,
    approved) are shown with their fields disabled. `user` and `service` are bound per request.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    user: Any = None
    service: Service = staticmethod(entry_save)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, value in self.initial.items():  # 12.500000 is shown as 12.5
            if isinstance(value, Decimal):
                self.initial[name] = Decimal(f"{value.normalize():f}")
        instance = self.instance
        if instance.pk and instance.state not in EDITABLE_STATES:
            for form_field in self.fields.values():
                form_field.disabled = True
        elif instance.pk is None and instance.year is None and self.initial.get("year"):
            instance.year = self.initial["year"]  # shown beside the new row before it is saved

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or self.user is None or not self.has_changed():
            return
        probe = copy.copy(self.instance)
        try:
            with transaction.atomic():
                type(self).service(entry=probe, user=self.user, expected_version=self.cleaned_data["version"])
                raise DryRun
        except DryRun:
            pass
        except ValidationError as error:
            service_errors(self, error)
        except (PermissionDenied, EntryConflict) as error:
            self.add_error(None, str(error))
        except IntegrityError:  # a figure for the same period saved meanwhile
            self.add_error(None, _("Another figure for this period was saved meanwhile; reload the page."))


def bound_form(form_class: type[EntryForm], user: Any, service: Service) -> type[EntryForm]:
    return type(form_class.__name__, (form_class,), {"user": user, "service": staticmethod(service)})


class EntryInline(admin.TabularInline):
    """Reported figures under their item: whoever may enter figures may add and edit them here.

    The new row starts on the year being reported (`?year=` or the plan's open period).
    """

    form = EntryForm
    service: Service = staticmethod(entry_save)
    readonly_fields = ["entry_state", "created_by"]
    extra = 0
    ordering = ["year", "quarter"]
    widgets = {
        "explanation": forms.Textarea(attrs={"rows": 2, "cols": 28}),
        "data_source": forms.TextInput(attrs={"size": 12}),
        "year": forms.NumberInput(attrs={"style": "width:5em"}),
        "quarter": forms.NumberInput(attrs={"style": "width:3em"}),
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description=_("state"))
    def entry_state(self, entry: Any) -> str:
        return entry.get_state_display() if entry.pk else "—"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("widgets", self.widgets)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = bound_form(formset.form, request.user, self.service)
        return formset

    def entry_year(self, request: HttpRequest, item: Any) -> int:
        """The year the new row is for: `?year=` inside the plan, else the first open period."""
        plan = item.plan
        year = requested_year(request, plan=plan)
        if year is not None:
            return year
        cache: dict[int, int] = request.__dict__.setdefault("_entry_years", {})
        if plan.pk not in cache:
            cache[plan.pk] = reporting_periods([plan], unit_id=request.user.unit_id)[plan.pk][0].year
        return cache[plan.pk]

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        if obj is None or not self.has_add_permission(request, obj):
            return 0
        year = self.entry_year(request, obj)
        exists = self.model._default_manager.filter(
            **{self.model.item_field: obj, "year": year, "quarter__isnull": True}
        ).exists()
        return 0 if exists else 1

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        """Only on an item the user may enter figures for: an office reads a lower plan's figures."""
        return may_enter_on(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def may_enter_on(request: HttpRequest, item: Any | None) -> bool:
    """May enter figures, and (given an item) for this item; asked once per item and request."""
    if not (may_use_admin(request.user) and may_enter_figures(request.user)):
        return False
    if item is None or item.pk is None:
        return True
    cache: dict[tuple[type, int], bool] = request.__dict__.setdefault("_may_enter", {})
    key = (type(item), item.pk)
    if key not in cache:
        cache[key] = may_enter_item(request.user, item)
    return cache[key]


class ReportedItemAdmin(ScopedHistoryMixin, ScopedAdmin, SimpleHistoryAdmin):
    """An item figures are reported against (indicator, key project).

    The plan's office edits the item; a reporter opens it only to enter figures in the entry
    inline, with every field of the item itself read-only.
    """

    entry_inline: type[EntryInline]

    def save_entry(self, entry: Any, user: Any, expected_version: int | None = None) -> None:
        self.entry_inline.service(entry=entry, user=user, expected_version=expected_version)

    def office_may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        return super().has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.office_may_change(request, obj) or may_enter_on(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        """Only the office deletes items: a reporter "changes" an item only to add its figures."""
        return self.office_may_change(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if self.office_may_change(request, obj):
            return list(self.readonly_fields)
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        """A reporter who saved figures goes back to their unit's list, told what was saved."""
        if self.office_may_change(request, obj) or "_continue" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("Saved the figures of %(item)s.") % {"item": obj})
        return HttpResponseRedirect(reverse("admin:index"))

    def get_inlines(self, request: HttpRequest, obj: Model | None) -> list[type]:
        if self.office_may_change(request, obj):
            return list(self.inlines)
        return [self.entry_inline]

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, EntryInline) and obj is not None and obj.pk:
            kwargs["initial"] = [{"year": inline.entry_year(request, obj)}]
        return kwargs

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not self.entry_inline.model:
            super().save_formset(request, form, formset, change)
            return
        for entry in formset.save(commit=False):
            self.save_entry(entry, request.user, expected_version=entry.version)


# --- the workflow as admin actions ------------------------------------------------------------


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The responsible unit sees this reason next to the returned figure."),
    )


def submitted(count: int) -> str:
    return ngettext("Submitted %(count)d entry.", "Submitted %(count)d entries.", count) % {"count": count}


def approved(count: int) -> str:
    return ngettext("Approved %(count)d entry.", "Approved %(count)d entries.", count) % {"count": count}


def returned(count: int) -> str:
    return ngettext("Returned %(count)d entry.", "Returned %(count)d entries.", count) % {"count": count}


def apply_transition(
    request: HttpRequest,
    entries: Iterable[Any],
    transition: Callable[..., Any],
    done: Callable[[int], str],
) -> tuple[list[Any], list[tuple[Any, str]]]:
    """Run a workflow service on each entry; report what was done and, row by row, what was refused."""
    applied: list[Any] = []
    refused: list[tuple[Any, str]] = []
    # One line per entry and one copy of each reason, however the rows and errors were joined.
    for entry in {entry.pk: entry for entry in entries}.values():
        try:
            applied.append(transition(entry=entry, user=request.user))
        except ValidationError as error:
            refused.append((entry, " ".join(dict.fromkeys(error.messages))))
        except (PermissionDenied, EntryConflict) as error:
            refused.append((entry, str(error)))
    report_transition(request, applied, refused, done)
    return applied, refused


def report_transition(
    request: HttpRequest, applied: list[Any], refused: list[tuple[Any, str]], done: Callable[[int], str]
) -> None:
    """What a workflow action did, and row by row what it refused."""
    if applied:
        messages.success(request, done(len(applied)))
    if refused:
        messages.error(
            request,
            format_html(
                "{}<ul>{}</ul>",
                ngettext("%(count)d entry was refused:", "%(count)d entries were refused:", len(refused))
                % {"count": len(refused)},
                format_html_join("", "<li>{}：{}</li>", ((str(entry), reason) for entry, reason in refused)),
            ),
        )


class EntryAdmin(ScopedHistoryMixin, ScopedAdmin, SimpleHistoryAdmin):
    """The changelist of reported figures; `item_field` names the item (indicator, project).

    Submit, approve and return are actions on one or many rows, each row through the service.
    """

    item_field: str
    form = EntryForm
    # The workflow's own fields: shown, changed only by the services.
    readonly_fields = [
        "state",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    service: Service = staticmethod(entry_save)
    actions = ["submit_selected", "approve_selected", "return_selected"]
    return_template = "admin/entries/return_reason.html"

    def item_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._meta.get_field(self.item_field).related_model._default_manager.for_user(
            request.user
        )

    def save_entry(self, entry: Any, user: Any, expected_version: int | None = None) -> None:
        self.service(entry=entry, user=user, expected_version=expected_version)

    def jurisdiction_of(self, obj: Model) -> int | None:
        return getattr(obj, self.item_field).plan.jurisdiction_id

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_use_admin(request.user) and may_enter_figures(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_enter_on(request, getattr(obj, self.item_field) if obj is not None else None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.state not in EDITABLE_STATES:
            return [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name != "version"]
        return list(self.readonly_fields)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return bound_form(form, request.user, self.service)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == self.item_field:
            kwargs["queryset"] = self.item_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and not form.has_changed():
            return
        self.save_entry(obj, request.user, expected_version=obj.version if change else None)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not may_enter_figures(request.user):
            actions.pop("submit_selected", None)
        if not may_configure(request.user):
            actions.pop("approve_selected", None)
            actions.pop("return_selected", None)
        return actions

    def with_items(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(f"{self.item_field}__plan")

    @admin.action(description=_("Submit the selected figures for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        apply_transition(request, self.with_items(queryset), entry_submit, submitted)

    @admin.action(description=_("Approve the selected figures…"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> TemplateResponse | None:
        """First a page listing what is about to be approved, then one batch approval.

        In one batch each indicator's evaluations are refreshed once, not once per figure.
        """
        if "apply" in request.POST:
            applied, refused = entries_approve(entries=list(self.with_items(queryset)), user=request.user)
            report_transition(request, applied, refused, approved)
            return None
        return self.review_confirmation(
            request, queryset, action="approve_selected", title=_("Approve these figures?"), form=None
        )

    @admin.action(description=_("Return the selected figures with a reason…"))
    def return_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> TemplateResponse | None:
        """First an intermediate page asking for the reason, then the service on each row."""
        form = ReturnReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            apply_transition(
                request,
                self.with_items(queryset),
                lambda **kwargs: entry_return(reason=reason, **kwargs),
                returned,
            )
            return None
        return self.review_confirmation(
            request, queryset, action="return_selected", title=_("Return figures to their units"), form=form
        )

    def review_summary(self, entry: Any) -> str:
        """What the confirmation page shows of each entry beside its name."""
        return str(entry.get_state_display())

    def review_confirmation(
        self, request: HttpRequest, queryset: QuerySet[Any], *, action: str, title: Any, form: Any
    ) -> TemplateResponse:
        entries = list(self.with_items(queryset))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "entries": entries,
            "rows": [(entry, self.review_summary(entry)) for entry in entries],
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": action,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.return_template, context)


ENTRY_STATE_COLOURS = {
    "missing": "#9e9e9e",
    EntryState.DRAFT: "#616161",
    EntryState.SUBMITTED: "#1565c0",
    EntryState.RETURNED: "#c62828",
    EntryState.APPROVED: "#2e7d32",
}


def state_badge(state: str, label: Any) -> str:
    return format_html(
        '<span class="entry-state" data-state="{}" style="border:1px solid {};color:{};padding:0 5px;'
        'border-radius:3px;white-space:nowrap">{}</span>',
        state,
        ENTRY_STATE_COLOURS.get(state, "#616161"),
        ENTRY_STATE_COLOURS.get(state, "#616161"),
        label,
    )
