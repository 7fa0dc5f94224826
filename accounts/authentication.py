"""API authentication: `Authorization: Token <key>` for reporting systems, sessions for the browser."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied, Throttled
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken, User
from accounts.selectors import live_token

LAST_USE_RESOLUTION = timedelta(minutes=1)


class TokenFailureThrottle(SimpleRateThrottle):
    """Wrong tokens per client address (rate `token_failure`): guessing keys soon earns a 429.

    Authentication runs before DRF's own throttles, and a refused token never reaches them, so the
    failures are counted here, where they happen. Only failures count: a system with a valid token
    is limited by the `user` rate alone.
    """

    scope = "token_failure"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def blocked(self, request: Request) -> float | None:
        """Seconds to wait when the address has used up its failures, else None (records nothing)."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return (self.wait() or 1.0) if len(self.history) >= self.num_requests else None

    def record_failure(self, request: Request) -> None:
        if self.blocked(request) is None and self.rate is not None:
            self.throttle_success()


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        failures = TokenFailureThrottle()
        wait = failures.blocked(request)
        if wait is not None:
            raise Throttled(wait)
        try:
            return self.token_user(request, parts)
        except AuthenticationFailed:
            failures.record_failure(request)
            raise

    def token_user(self, request: Request, parts: list[bytes]) -> tuple[User, ApiToken]:
        if len(parts) != 2:
            raise AuthenticationFailed(_("Malformed token header: use 'Token <key>'."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Malformed token header: use 'Token <key>'.")) from None
        token = live_token(ApiToken.hash_key(key))
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_RESOLUTION:
            # A write per request would cost more than the read it serves; a minute is precise enough.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's, with the CSRF refusal in the user's language rather than Django's English reason."""

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except PermissionDenied:
            raise PermissionDenied(
                _("The security check (CSRF) failed: reload the page and try again."), code="csrf_failed"
            ) from None


class ReadOnlyTokenLimit(BasePermission):
    """A read-only token may only read, whatever its user could do."""

    message = _("This token is read-only.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.read_only:
            return request.method in SAFE_METHODS
        return True
