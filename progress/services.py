"""Writes with rules: reported figures and their review. The admin and the API both come through here.

The workflow of a reported figure (a progress entry, or a project's progress):

    draft ──submit──▶ submitted ──approve──▶ approved ──revise (office, with a reason)──▶ approved
      ▲                  │
      └──── returned ◀───┘ return (office, with a reason)

- Reporters write and submit figures for what their unit is responsible for; the planning office of
  the plan's jurisdiction may do so too, and approves or returns; nobody approves what they
  entered or submitted themselves; viewers read.
- A plan year is open for entry until the deadline the office sets; after it, a reporter's unit
  needs a lock exception that has not expired.
- Every write states the version it read (`expected_version`); a stale one raises EntryConflict.
- Every change is kept in the entry's history with who, when and why.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_enter_figures
from accounts.scoping import can_manage_plan
from progress.models import EntryDeadline, EntryState, LockException, ReviewedEntry
from progress.registry import kind_of

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan

EntryT = TypeVar("EntryT", bound=ReviewedEntry)
EDITABLE_STATES = {EntryState.DRAFT, EntryState.RETURNED}


class EntryConflict(Exception):
    """The entry changed since the caller read it; `current` is what it is now."""

    def __init__(self, current: ReviewedEntry) -> None:
        super().__init__(_("The entry was changed by someone else; reload it and try again."))
        self.current = current


# --- who may do what ------------------------------------------------------------------------


def may_enter(user: User, entry: ReviewedEntry) -> bool:
    """Reporters of a responsible unit, and the office of the plan's jurisdiction."""
    return may_enter_item(user, entry.item)


def may_enter_item(user: User, item: Any) -> bool:
    """Whether the user may enter figures for this item (indicator, key project) at all."""
    if not can_enter_figures(user):
        return False
    if user.role == user.Role.PLANNING_OFFICE or user.is_superuser:
        return can_manage_plan(user, item.plan.jurisdiction_id)
    return type(item)._default_manager.for_user(user).filter(pk=item.pk).exists()


def may_review(user: User, entry: ReviewedEntry) -> bool:
    return can_manage_plan(user, entry.item.plan.jurisdiction_id)


def period_open(*, plan: Plan, year: int, user: User, at: datetime | None = None) -> bool:
    """Before the deadline, or with an unexpired exception for the user's unit. The office is never locked."""
    if can_manage_plan(user, plan.jurisdiction_id):
        return True
    at = at or timezone.now()
    deadline = EntryDeadline.objects.filter(plan=plan, year=year).values_list("deadline", flat=True).first()
    if deadline is None or at <= deadline:
        return True
    return LockException.objects.filter(
        plan=plan, year=year, unit_id=user.unit_id, expires_at__gt=at
    ).exists()


def require_open(entry: ReviewedEntry, user: User) -> None:
    if not period_open(plan=entry.item.plan, year=entry.year, user=user):
        raise ValidationError(
            {
                "year": _(
                    "The entry period for %(year)s is closed; ask the planning office for an exception."
                )
                % {"year": entry.year}
            }
        )


# --- the transitions --------------------------------------------------------------------------


def locked(entry: EntryT, expected_version: int | None) -> EntryT:
    """The stored row, locked for this transaction; EntryConflict if the caller's copy is stale."""
    current = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    if expected_version is not None and expected_version != current.version:
        raise EntryConflict(current)
    return current


def persist(entry: ReviewedEntry, user: User, reason: str = "") -> None:
    entry._history_user = user  # type: ignore[attr-defined]
    entry._change_reason = reason or None  # type: ignore[attr-defined]
    entry.save()


def entry_save(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    """Create an entry, or update one that is still a draft or returned."""
    if entry.item_id is None:
        raise ValidationError({entry.item_field: _("Choose what the figure is for.")})
    if not may_enter(user, entry):
        raise PermissionDenied(_("You may not enter figures for this item."))
    require_open(entry, user)
    with transaction.atomic():
        if entry.pk is None:
            entry.created_by = user
            entry.state = EntryState.DRAFT
        else:
            current = locked(entry, expected_version)
            if current.state not in EDITABLE_STATES:
                raise ValidationError(_("Only draft or returned entries can be changed."))
            entry.state, entry.version = current.state, current.version + 1
        entry.full_clean()
        persist(entry, user)
    return entry


def entry_submit(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    if not may_enter(user, entry):
        raise PermissionDenied(_("You may not submit figures for this item."))
    require_open(entry, user)
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state not in EDITABLE_STATES:
            raise ValidationError(_("Only draft or returned entries can be submitted."))
        current.full_clean()
        current.state = EntryState.SUBMITTED
        current.submitted_at, current.submitted_by = timezone.now(), user
        current.version += 1
        persist(current, user)
    return current


def entry_approve(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    if not may_review(user, entry):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction approves figures."))
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state != EntryState.SUBMITTED:
            raise ValidationError(_("Only submitted entries can be approved."))
        if user.pk in {current.created_by_id, current.submitted_by_id}:
            raise ValidationError(_("You cannot approve an entry you entered or submitted yourself."))
        current.state = EntryState.APPROVED
        current.reviewed_at, current.reviewed_by = timezone.now(), user
        current.return_reason = ""
        current.version += 1
        persist(current, user)
        refresh_after(current)
    return current


def entry_return(*, entry: EntryT, user: User, reason: str, expected_version: int | None = None) -> EntryT:
    if not may_review(user, entry):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction returns figures."))
    if not reason.strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the entry.")})
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state != EntryState.SUBMITTED:
            raise ValidationError(_("Only submitted entries can be returned."))
        current.state = EntryState.RETURNED
        current.return_reason = reason.strip()
        current.reviewed_at, current.reviewed_by = timezone.now(), user
        current.version += 1
        persist(current, user, reason.strip())
    return current


# What the office may revise on any approved figure; each entry kind adds its own figure fields.
REVISABLE_FIELDS = frozenset({"explanation", "data_source"})


def entry_revise(
    *, entry: EntryT, user: User, reason: str, changes: dict[str, Any], expected_version: int | None = None
) -> EntryT:
    """The office corrects an approved figure; the entry stays approved and the reason is kept."""
    if not may_review(user, entry):
        raise PermissionDenied(_("Only the planning office revises approved figures."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revision.")})
    unknown = set(changes) - REVISABLE_FIELDS - kind_of(entry).revisable_fields
    if unknown:
        raise ValidationError({name: _("This field cannot be revised.") for name in sorted(unknown)})
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state != EntryState.APPROVED:
            raise ValidationError(_("Only approved entries are revised; change drafts directly."))
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        current.reviewed_at, current.reviewed_by = timezone.now(), user
        current.version += 1
        persist(current, user, reason.strip())
        refresh_after(current)
    return current


def refresh_after(entry: ReviewedEntry) -> None:
    """Approved figures feed what is derived from them (an indicator's stored evaluations).

    Entries reviewed here without being a figure kind (a task's feedback, supervision/) have
    nothing derived from them.
    """
    try:
        follow_up = kind_of(entry).on_approved
    except LookupError:
        return
    if follow_up is not None:
        follow_up(entry)
