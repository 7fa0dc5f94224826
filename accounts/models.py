from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person, linked to the unit they work for; the role decides what they may see and do."""

    class Role(models.TextChoices):
        PLANNING_OFFICE = "planning_office", _("Planning-office staff")
        REPORTER = "reporter", _("Unit reporter")
        VIEWER = "viewer", _("Read-only viewer")

    unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Only administrators may exist without a unit: every other role is scoped by it.
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(unit__isnull=False), name="user_has_unit_unless_superuser"
            ),
        ]


class ApiToken(models.Model):
    """A token a reporting system uses (`Authorization: Token …`). Only its hash is stored.

    It acts as its user, limited to reading when ``read_only``; revoked tokens stop working at once.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it."))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, editable=False, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("read only"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str, read_only: bool = True) -> tuple[ApiToken, str]:
        """Create a token; the clear key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            read_only=read_only,
            prefix=key[: cls.PREFIX_LENGTH],
            key_hash=cls.hash_key(key),
        )
        return token, key
