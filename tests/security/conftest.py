"""The security tests read the story world of tests/conftest.py and the API clients of tests/api."""

from __future__ import annotations

import pytest

from accounts.models import User
from plans.models import Unit
from tests.api.conftest import api  # noqa: F401  (a fixture)
from tests.conftest import make_user


@pytest.fixture
def province_office(world) -> User:
    """The province's planning office: it sees the city's plan (below it) but does not manage it."""
    unit = Unit.objects.create(name="省发展改革委", jurisdiction=world.province, is_planning_office=True)
    return make_user("provincial", unit=unit, role=User.Role.PLANNING_OFFICE)
