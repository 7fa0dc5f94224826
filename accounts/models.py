from __future__ import annotations

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

    @property
    def is_planning_office(self) -> bool:
        return self.role == self.Role.PLANNING_OFFICE

    @property
    def is_reporter(self) -> bool:
        return self.role == self.Role.REPORTER
