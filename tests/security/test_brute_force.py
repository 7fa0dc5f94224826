"""Guessing passwords or tokens soon stops working (defect 5)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import client_for
from tests.conftest import PASSWORD

LOGIN = "/admin/login/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_lock_the_sign_in_even_for_the_right_one(client, world):
    for _ in range(2):
        assert sign_in(client, "office", "wrong").status_code == 200  # the form again
    assert sign_in(client, "office", "wrong").status_code == 429  # the third: locked
    locked = sign_in(client, "office", PASSWORD)
    assert locked.status_code == 429
    assert "密码错误次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # An administrator unlocks by deleting the attempt (the admin lists them under 访问尝试).
    client.force_login(world.admin)
    changelist = client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and "office" in changelist.content.decode()
    AccessAttempt.objects.filter(username="office").delete()
    client.logout()
    assert sign_in(client, "office", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_another_user_is_not_locked_by_someone_elses_failures(client, world):
    for _ in range(4):
        sign_in(client, "office", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


@pytest.fixture
def rates(settings):
    """Lower rates for one test (DRF reads them once, into the throttle class)."""
    from rest_framework import throttling

    original = throttling.SimpleRateThrottle.THROTTLE_RATES

    def lower(**overrides: str) -> None:
        throttling.SimpleRateThrottle.THROTTLE_RATES = {**original, **overrides}

    yield lower
    throttling.SimpleRateThrottle.THROTTLE_RATES = original


def test_guessed_tokens_earn_a_429_in_the_shape(world, rates):
    rates(token_failure="5/hour")
    client = APIClient()
    statuses = []
    for guess in range(8):
        client.credentials(HTTP_AUTHORIZATION=f"Token guess{guess}")
        statuses.append(client.get("/api/v1/plans/").status_code)
    assert statuses == [401] * 5 + [429] * 3
    body = client.get("/api/v1/plans/").json()
    assert body["errors"][0]["code"] == "throttled"
    assert not body["errors"][0]["message"].isascii()
    assert client_for(world.alice).get("/api/v1/plans/").status_code == 429  # the address, until it waits


def test_a_valid_token_is_limited_by_the_user_rate(world, rates):
    rates(user="3/minute")
    client = client_for(world.alice)
    assert [client.get("/api/v1/plans/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client_for(world.bob).get("/api/v1/plans/").status_code == 200
