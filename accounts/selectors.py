"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import ApiToken, User
from tracker.db import Joined, Parameter, compiled, joined_columns, load_joined

# The token, its user and the user's unit, all their fields, as `select_related("user", "user__unit")`
# loads them.
TOKEN_WITH_USER = tuple(
    Joined(path, model, tuple(model._meta.concrete_fields))
    for path, model in (
        ("", ApiToken),
        ("user", User),
        ("user__unit", User._meta.get_field("unit").related_model),  # accounts may not import plans
    )
)


def live_token(key_hash: str) -> ApiToken | None:
    """The unrevoked token with this key hash, its user and the user's unit loaded with it, as
    `select_related("user", "user__unit")` loads them; None when there is none.

    Every token-authenticated request asks this: compiled once (tracker.db.compiled), the query
    costs a tenth of what building it with the ORM on each request did.
    """

    def build() -> models.QuerySet[Any]:
        live = ApiToken.objects.filter(key_hash=Parameter("key_hash"), revoked_at__isnull=True)
        return live.order_by().values_list(*joined_columns(TOKEN_WITH_USER))

    rows = compiled("live token with its user", build).given({"key_hash": key_hash}).all()
    return load_joined(rows[0], TOKEN_WITH_USER) if rows else None
