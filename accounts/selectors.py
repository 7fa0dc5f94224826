"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from accounts.models import ApiToken, User
from tracker.db import Parameter, compiled

UNIT = User._meta.get_field("unit")
TOKEN_USER = ApiToken._meta.get_field("user")
# The token, its user and the user's unit, each by the path from the token to its columns.
TOKEN_WITH_USER: tuple[tuple[type[models.Model], str], ...] = (
    (ApiToken, ""),
    (User, "user__"),
    (UNIT.related_model, "user__unit__"),  # accounts may not import plans
)


def live_token(key_hash: str) -> ApiToken | None:
    """The unrevoked token with this key hash, its user and the user's unit loaded with it, as
    `select_related("user", "user__unit")` loads them; None when there is none.

    Every token-authenticated request asks this: compiled once (tracker.db.compiled), the query
    costs a tenth of what building it with the ORM on each request did.
    """

    def build() -> models.QuerySet[Any]:
        columns = [path + f.name for model, path in TOKEN_WITH_USER for f in model._meta.concrete_fields]
        live = ApiToken.objects.filter(key_hash=Parameter("key_hash"), revoked_at__isnull=True)
        return live.order_by().values_list(*columns)

    rows = compiled("live token with its user", build).given({"key_hash": key_hash}).all()
    if not rows:
        return None
    token, user, unit = loaded(rows[0])
    UNIT.set_cached_value(user, unit if user.unit_id is not None else None)  # type: ignore[attr-defined]
    TOKEN_USER.set_cached_value(token, user)
    return token  # type: ignore[return-value]


def loaded(row: tuple[Any, ...]) -> list[models.Model]:
    """The models of TOKEN_WITH_USER from one row of their columns, each as a query loads it."""
    objects, start = [], 0
    for model, _path in TOKEN_WITH_USER:
        fields = model._meta.concrete_fields
        values = row[start : start + len(fields)]
        start += len(fields)
        objects.append(model.from_db(connection.alias, [field.attname for field in fields], values))
    return objects
