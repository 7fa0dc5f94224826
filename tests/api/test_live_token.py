"""The token lookup of every API request, compiled once, loads what `select_related` would load.

It builds the token, its user and the user's unit from one row with Django's `from_db` and its
fields' `set_cached_value`: should an upgrade change what those do, these fail.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ApiToken
from accounts.selectors import live_token

pytestmark = pytest.mark.django_db


def state(obj) -> dict:
    return {name: value for name, value in vars(obj).items() if name != "_state"}


@pytest.mark.parametrize("who", ["alice", "admin"])  # admin: a superuser without a unit
def test_the_token_comes_with_its_user_and_unit_as_select_related_loads_them(world, who):
    token, key = ApiToken.issue(user=getattr(world, who), name="system", read_only=True)
    expected = ApiToken.objects.select_related("user", "user__unit").get(pk=token.pk)
    for _ in range(2):  # compiled on the first call, run with the value on the second
        found = live_token(ApiToken.hash_key(key))
        assert found is not None
        with CaptureQueriesContext(connection) as queries:
            user, unit = found.user, found.user.unit
        assert len(queries) == 0
        assert state(found) == state(expected)
        assert state(user) == state(expected.user)
        assert (unit and state(unit)) == (expected.user.unit and state(expected.user.unit))
        assert not found._state.adding and found._state.db == expected._state.db
        assert user.get_deferred_fields() == set() and found.get_deferred_fields() == set()


def test_revoked_and_unknown_tokens_are_none(world):
    token, key = ApiToken.issue(user=world.alice, name="system")
    assert live_token(ApiToken.hash_key(key)) is not None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert live_token(ApiToken.hash_key(key)) is None
    assert live_token(ApiToken.hash_key("unknown")) is None
