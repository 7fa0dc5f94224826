"""Administrators issue API tokens in the admin (the key shown once), see them listed, revoke them."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ADD = "/admin/accounts/apitoken/add/"
LIST = "/admin/accounts/apitoken/"


def issue(client, world, **fields):
    data = {"user": world.alice.pk, "name": "科技局填报系统", "read_only": "", **fields}
    response = client.post(ADD, data, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name=data["name"])
    words = {word for message in response.context["messages"] for word in re.findall(r"[\w-]+", str(message))}
    (key,) = [word for word in words if ApiToken.hash_key(word) == token.key_hash]
    return token, key


def test_issuing_shows_the_key_once_and_it_works(client, world):
    client.force_login(world.admin)
    token, key = issue(client, world)
    assert (token.user, token.read_only, token.prefix) == (world.alice, False, key[:8])
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(
        "/api/v1/progress/",
        {"indicator": world.science_indicator.pk, "year": 2022, "value": "1"},
        format="json",
    )
    assert response.status_code == 201
    page = client.get(f"{LIST}{token.pk}/change/").content.decode()
    assert key not in page and token.prefix in page


def test_the_list_shows_prefix_user_read_only_and_use(client, world):
    ApiToken.issue(user=world.viewer, name="市大屏", read_only=True)
    client.force_login(world.admin)
    page = client.get(LIST).content.decode()
    assert "市大屏" in page and "viewer" in page


def test_revoking_stops_the_token_at_once(client, world):
    token, key = ApiToken.issue(user=world.office, name="督查室")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/plans/").status_code == 200
    client.force_login(world.admin)
    response = client.post(LIST, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/plans/").status_code == 401


@pytest.mark.parametrize("role", ["office", "alice", "viewer"])
def test_only_administrators_manage_tokens(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert not ApiToken.objects.exists()
