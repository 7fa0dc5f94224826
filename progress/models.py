"""Figure entry and review: what every reported figure shares, and when a plan year is open.

The concrete entries live with what they are reported for (`indicators.ProgressEntry`,
`projects.ProjectProgress`); they subclass `ReviewedEntry` and register themselves in
`progress.registry`, so nothing here imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import PlanPartQuerySet
from tracker.storage import attachment_path

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from plans.models import Plan

# Every measured value (figures, targets, investment) is a decimal of this size.
VALUE_DIGITS = 20
VALUE_PLACES = 6


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ReviewedEntry(models.Model):
    """What every reported figure shares: a period, a review workflow and its audit fields."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Leave empty for a yearly figure."),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=EntryState.choices, default=EntryState.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    item_field: ClassVar[str]  # the foreign key to what the figure is reported for
    # What writing an entry reads of its item (the rules below, the policy's plan jurisdiction): an
    # item looked up for a write loads these alone, not its every column and its plan's.
    item_fields: ClassVar[tuple[str, ...]] = ("plan__jurisdiction_id", "plan__start_year", "plan__end_year")

    class Meta:
        abstract = True

    @property
    def item_id(self) -> int | None:
        return getattr(self, f"{self.item_field}_id")

    @property
    def item(self) -> Any:
        return getattr(self, self.item_field)

    def period_plan(self) -> Plan | None:
        """The plan whose period the entry must fall in."""
        return self.item.plan if self.item_id else None

    def rule_errors(self) -> dict[str, StrOrPromise]:
        """Rules on single fields, shown next to the field (the database refuses these rows too)."""
        plan = self.period_plan()
        if plan is None or self.year is None or plan.start_year <= self.year <= plan.end_year:
            return {}
        return {
            "year": _("Year %(year)s is outside the plan period %(start)s–%(end)s.")
            % {"year": self.year, "start": plan.start_year, "end": plan.end_year}
        }

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Field checks, then the rules, skipping fields excluded or already in error."""
        errors: dict[str, list[Any]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        for name, message in self.rule_errors().items():
            if name not in skipped:
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def period_constraints(prefix: str, item: str) -> list[models.BaseConstraint]:
        return [
            models.UniqueConstraint(
                fields=[item, "year"],
                condition=Q(quarter__isnull=True),
                name=f"{prefix}_one_yearly_per_item",
                violation_error_message=_("A figure for this year already exists."),
            ),
            models.UniqueConstraint(
                fields=[item, "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name=f"{prefix}_one_quarterly_per_item",
                violation_error_message=_("A figure for this quarter already exists."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name=f"{prefix}_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(state=EntryState.RETURNED) | ~Q(return_reason=""),
                name=f"{prefix}_returned_has_reason",
            ),
        ]


class SentReminder(models.Model):
    """What every reminder log keeps (figures, 督办事项, task feedback): at which offset from its
    deadline it went and to how many; its subclass's unique constraint sends each at most once."""

    offset_days = models.SmallIntegerField(
        _("days from the deadline"), help_text=_("Negative before the deadline, positive after it.")
    )
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-sent_at"]


class EntryDeadline(models.Model):
    """Figures for a plan's year may be entered until this moment; later they are locked."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="deadlines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateTimeField(_("deadline"))

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        db_table = "plans_entrydeadline"  # created by the plans app; moved here without copying its rows
        verbose_name = _("entry deadline")
        verbose_name_plural = _("entry deadlines")
        ordering = ["plan", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="deadline_unique_per_plan_year")]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"


class LockException(models.Model):
    """The office lets one unit keep entering a plan year's figures after the deadline, until expiry."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lock_exceptions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="lock_exceptions"
    )
    expires_at = models.DateTimeField(_("expires at"))
    reason = models.TextField(_("reason"), blank=True)
    granted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        db_table = "plans_lockexception"
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["plan", "year", "unit"]

    def __str__(self) -> str:
        return f"{self.plan} {self.year} {self.unit}"
