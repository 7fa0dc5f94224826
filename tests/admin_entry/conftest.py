"""Helpers for the admin data-entry tests: figures put in their state through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from indicators.models import ProgressEntry
from progress.models import EntryDeadline
from progress.services import entry_approve, entry_return, entry_save, entry_submit

YEAR = 2025  # the worlds' plans run 2021–2025; tests open this year with a deadline ahead


def figure(world: Any, indicator: Any, value: str, *, year: int = YEAR, state: str = "draft", by: Any = None):
    """An entry by `by` (alice by default), taken to `state` the way people would."""
    user = by or world.alice
    entry = entry_save(entry=ProgressEntry(indicator=indicator, year=year, value=Decimal(value)), user=user)
    if state in {"submitted", "approved", "returned"}:
        entry = entry_submit(entry=entry, user=user)
    if state == "approved":
        entry = entry_approve(entry=entry, user=world.office)
    if state == "returned":
        entry = entry_return(entry=entry, user=world.office, reason="口径不对")
    return entry


@pytest.fixture
def open_year(world: Any) -> EntryDeadline:
    return EntryDeadline.objects.create(
        plan=world.plan, year=YEAR, deadline=timezone.now() + timedelta(days=20)
    )


@pytest.fixture
def closed_year(world: Any) -> EntryDeadline:
    return EntryDeadline.objects.create(
        plan=world.plan, year=YEAR, deadline=timezone.now() - timedelta(days=1)
    )


def page(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def indicator_url(world: Any) -> str:
    from django.urls import reverse

    return reverse("admin:indicators_indicator_change", args=[world.science_indicator.pk])


def inline(rows: list[dict[str, str]], *, initial: int = 0, prefix: str = "entries") -> dict[str, str]:
    """The POST data of an entry inline with the given rows (`initial` of them already saved)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data
