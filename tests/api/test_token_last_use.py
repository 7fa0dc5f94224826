"""A token's last use is recorded at most once a minute: a write per request would cost more than the read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_last_use_is_stamped_then_left_alone_within_the_minute(world):
    client = client_for(world.viewer, read_only=True)
    assert client.get("/api/v1/plans/").status_code == 200
    token = ApiToken.objects.get(user=world.viewer)
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/plans/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/plans/")
    token.refresh_from_db()
    assert first - timedelta(minutes=1) < token.last_used_at <= timezone.now()
