"""Plan families: a catalogue of common indicators, links to it, and targets handed down.

A plan indicator is compared across jurisdictions only through a common indicator (指标库) the office
linked it to, never by a silent name match; the link keeps the factor that converts the plan's unit
into the catalogue's. A decomposition (指标分解) ties a lower-level plan's indicator to the
higher-level one it breaks down.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from families.domain import RollUp
from indicators.domain.evaluation import Direction
from indicators.models import DIRECTION_CHOICES
from progress.models import VALUE_DIGITS, VALUE_PLACES

ROLL_UP_CHOICES = [
    (RollUp.SUM.value, _("Sum of the members")),
    (RollUp.WEIGHTED_MEAN.value, _("Mean weighted by another common indicator")),
    (RollUp.MIN.value, _("Lowest member")),
    (RollUp.MAX.value, _("Highest member")),
    (RollUp.NONE.value, _("None: computed separately at each level")),
]


class CommonIndicator(models.Model):
    """An indicator as the catalogue defines it, shared by the plans that link to it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=DIRECTION_CHOICES, default=Direction.HIGHER
    )
    definition = models.TextField(_("definition"), blank=True)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other names plans use for it, one per entry.")
    )
    roll_up = models.CharField(_("roll-up rule"), max_length=16, choices=ROLL_UP_CHOICES, default=RollUp.NONE)
    weight = models.ForeignKey(
        "self",
        verbose_name=_("weight"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For weighted means and per-capita figures: the indicator that weighs (常住人口)."),
    )

    class Meta:
        verbose_name = _("common indicator")
        verbose_name_plural = _("common indicators")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(roll_up=RollUp.WEIGHTED_MEAN) | Q(weight__isnull=False),
                name="common_indicator_weighted_mean_has_weight",
            ),
            models.CheckConstraint(condition=~Q(weight=F("pk")), name="common_indicator_not_own_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorLink(models.Model):
    """A plan indicator is this common indicator; its figures times `factor` read in the common unit."""

    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="common_link",
    )
    common = models.ForeignKey(
        CommonIndicator, verbose_name=_("common indicator"), on_delete=models.PROTECT, related_name="links"
    )
    factor = models.DecimalField(
        _("unit factor"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES + 4, default=1
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now=True)

    class Meta:
        verbose_name = _("link to a common indicator")
        verbose_name_plural = _("links to common indicators")
        constraints = [
            models.CheckConstraint(condition=Q(factor__gt=0), name="indicator_link_factor_positive")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.common}"


class Decomposition(models.Model):
    """A lower-level plan's indicator takes its target from (breaks down) a higher-level one."""

    parent = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("higher-level indicator"),
        on_delete=models.CASCADE,
        related_name="decomposed_into",
    )
    child = models.OneToOneField(
        "indicators.Indicator",
        verbose_name=_("lower-level indicator"),
        on_delete=models.CASCADE,
        related_name="decomposed_from",
    )

    class Meta:
        verbose_name = _("target decomposition")
        verbose_name_plural = _("target decompositions")
        constraints = [models.CheckConstraint(condition=~Q(parent=F("child")), name="decomposition_not_self")]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"
