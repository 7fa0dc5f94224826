"""Writes with rules: reported figures. The admin and the API both come through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_enter_figures
from indicators.models import EntryState, Indicator, ProgressEntry, ReviewedEntry

if TYPE_CHECKING:
    from accounts.models import User

EDITABLE_STATES = {EntryState.DRAFT, EntryState.RETURNED}


def reviewed_entry_save(
    *, entry: ReviewedEntry, user: User, visible_items: models.QuerySet, item_id: int | None
) -> ReviewedEntry:
    """Create or update an entry for an item the user answers for, while it is still editable."""
    if not can_enter_figures(user) or not visible_items.filter(pk=item_id).exists():
        raise PermissionDenied(_("You may not enter figures for this item."))
    if entry.pk is not None:
        stored_state = (
            type(entry)._default_manager.filter(pk=entry.pk).values_list("state", flat=True).first()
        )
        if stored_state not in EDITABLE_STATES:
            raise ValidationError(_("Only draft or returned entries can be changed."))
        entry.version += 1
    else:
        entry.created_by = user
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


def progress_entry_save(*, entry: ProgressEntry, user: User) -> ProgressEntry:
    reviewed_entry_save(
        entry=entry, user=user, visible_items=Indicator.objects.for_user(user), item_id=entry.indicator_id
    )
    return entry
