"""The API's story world: the users of tests/conftest.py, each calling with a token of their own.

`api(user)` is a client acting as that user with a read-write token; `api(user, read_only=True)`
with a read-only one. Entries are made through the services, as the admin and the API make them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from indicators.models import ProgressEntry
from progress.services import entry_approve, entry_save, entry_submit
from projects.models import ProjectProgress

ROLES = ("admin", "office", "alice", "bob", "viewer", "charlie")


def client_for(user: User, *, read_only: bool = False) -> APIClient:
    _token, key = ApiToken.issue(user=user, name=f"{user.username} system", read_only=read_only)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api(world) -> Callable[..., APIClient]:
    def make(user: User | str, *, read_only: bool = False) -> APIClient:
        return client_for(getattr(world, user) if isinstance(user, str) else user, read_only=read_only)

    return make


def draft(world, *, user=None, indicator=None, year: int = 2022, value: str = "14") -> ProgressEntry:
    entry = ProgressEntry(indicator=indicator or world.science_indicator, year=year, value=Decimal(value))
    return entry_save(entry=entry, user=user or world.alice)


def submitted(world, **kwargs) -> ProgressEntry:
    return entry_submit(entry=draft(world, **kwargs), user=kwargs.get("user") or world.alice)


def approved(world, **kwargs) -> ProgressEntry:
    return entry_approve(entry=submitted(world, **kwargs), user=world.office)


def project_draft(world, *, project=None, year: int = 2022) -> ProjectProgress:
    entry = ProjectProgress(
        project=project or world.science_project,
        year=year,
        stage="construction",
        investment_in_period=Decimal(500),
    )
    return entry_save(entry=entry, user=world.alice)


def errors(response) -> list[dict]:
    body = response.json()
    assert set(body) >= {"errors"}, body
    for error in body["errors"]:
        assert set(error) >= {"field", "code", "message"}, error
    return body["errors"]


def error_fields(response) -> dict[str | None, str]:
    """{field: code} of an error response."""
    return {error["field"]: error["code"] for error in errors(response)}
