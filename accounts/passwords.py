"""What follows a password change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for Django's `password_changed` hook; it refuses nothing.

    A password is changed after a suspected leak as often as by routine, and an API token is as good
    as the password: so every token of the user stops working, and an administrator issues new ones
    (README "Security").
    """

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def password_changed(self, password: str, user: User) -> None:
        from accounts.models import ApiToken

        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())

    def get_help_text(self) -> str:
        return ""
