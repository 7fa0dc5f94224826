"""Where plans live: jurisdictions, responsible units, plans and their section trees.

These sit in one app because every other entity hangs off them: indicators, tasks and projects
belong to a plan, and responsibilities and user scopes point at units.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import scope_q
from plans.years import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from accounts.models import User


class JurisdictionQuerySet(models.QuerySet["Jurisdiction"]):
    def for_user(self, user: User) -> JurisdictionQuerySet:
        """Administrative divisions are public knowledge: every active user may read them."""
        return self if user.is_active else self.none()


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="jurisdiction_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="jurisdiction_unique_root_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its city, as documents write it (泰安市泰山区); provinces are left out."""
        parent = self.parent if self.parent_id else None
        return self.compose_full_name(
            self.name, parent.name if parent else None, parent.level if parent else None
        )

    @classmethod
    def compose_full_name(cls, name: str, parent_name: str | None, parent_level: str | None) -> str:
        """`full_name` from plain values, for reads that fetch names without model instances."""
        if parent_name and parent_level not in (cls.Level.PROVINCE, cls.Level.NATIONAL):
            return f"{parent_name}{name}"
        return name


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_user(self, user: User) -> UnitQuerySet:
        """Units of the user's jurisdiction and below; reporters see the units of their jurisdiction."""
        return self.filter(
            scope_q(
                user,
                jurisdiction_path="jurisdiction",
                reporter_q=lambda _unit_id: Q(jurisdiction_id=user.unit.jurisdiction_id),  # type: ignore[union-attr]
            )
        )


class Unit(models.Model):
    """A responsible unit (责任单位): a department, a lower government, a committee, an enterprise."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department")
        GOVERNMENT = "government", _("Lower-level government")
        PARTY = "party", _("Party organ")
        COMMITTEE = "committee", _("Management committee")
        ENTERPRISE = "enterprise", _("Enterprise")
        PEOPLE_ORG = "people_org", _("People's organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_planning_office = models.BooleanField(
        _("planning office"),
        default=False,
        help_text=_("The development and reform bureau that owns the jurisdiction's plans."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["jurisdiction__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_unique_name_in_jurisdiction"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> PlanQuerySet:
        return self.filter(state=Plan.State.PUBLISHED)

    def for_user(self, user: User) -> PlanQuerySet:
        """Office staff and viewers: their jurisdiction's plans; reporters: plans they report on."""
        return self.filter(scope_q(user, jurisdiction_path="jurisdiction", reporter_q=unit_plans_q))


def unit_plans_q(unit_id: int) -> Q:
    """Plans the unit answers for something in: a reporter sees an item through a responsibility of
    their unit (an indicator also through its task's), so these are the plans its reporters see."""
    owned = [
        Exists(
            model._default_manager.filter(unit_id=unit_id, **{f"{model.item_field}__plan": OuterRef("pk")})
        )
        for model in responsibility_models()
    ]
    return Q(reduce(operator.or_, owned)) if owned else Q(pk__in=[])


class Plan(models.Model):
    class Kind(models.TextChoices):
        FIVE_YEAR = "five_year", _("Five-year plan outline")
        ANNUAL_TASKS = "annual_tasks", _("Annual key-task list")
        ACTION_PLAN = "action_plan", _("Action plan")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable identifier used by seeding and imports.")
    )
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PUBLISHED)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="plans"
    )
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    dates_as_written = models.JSONField(_("dates as written"), default=list, blank=True)
    dates_note = models.TextField(_("note on dates"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    base_year = models.PositiveSmallIntegerField(
        _("base year"), help_text=_("The year of the baseline values, usually the year before the start.")
    )
    vision_year = models.PositiveSmallIntegerField(_("vision year"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The plan this one implements: a district's city plan, an annual list's five-year plan."),
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("preceding plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
        help_text=_("The plan of the previous period this one continues (十四五 → 十五五)."),
    )
    source_document = models.CharField(_("source document"), max_length=200, blank=True)
    source_sha256 = models.CharField(
        _("source checksum"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("SHA-256 of the imported document, so importing it again finds this plan."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["jurisdiction__name", "-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")), name="plan_start_not_after_end"
            ),
            models.CheckConstraint(
                condition=Q(base_year__lte=F("start_year")), name="plan_base_not_after_start"
            ),
            models.CheckConstraint(
                condition=Q(vision_year__isnull=True) | Q(vision_year__gte=F("end_year")),
                name="plan_vision_not_before_end",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR), name="plan_years_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class PlanPartQuerySet(models.QuerySet[Any]):
    """Parts of a plan (sections, 专栏 boxes) are visible with their plan."""

    def for_user(self, user: User) -> PlanPartQuerySet:
        return self.filter(plan__in=Plan.objects.for_user(user))


class PlanItemQuerySet(models.QuerySet[Any]):
    """Items of a plan that units answer for and take figures (indicators, key projects): seen by
    their plan's jurisdiction as the policy says, and by reporters of the units answering for them."""

    @staticmethod
    def reporter_q(unit: Any) -> Q:
        """The items the unit answers for; `unit` is its id, or an expression of one."""
        raise NotImplementedError

    @classmethod
    def visible_q(cls, user: User, reporter_q: Callable[[int], Q] | None = None) -> Q:
        """The items the user sees; a reporter's as `reporter_q` words them, if given."""
        return scope_q(user, jurisdiction_path="plan__jurisdiction", reporter_q=reporter_q or cls.reporter_q)

    def for_user(self, user: User) -> Any:
        return self.filter(self.visible_q(user))


class Section(models.Model):
    """A chapter or section of a plan (第一章 → 第一节 / 一、)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    key = models.CharField(_("key"), max_length=40)
    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    line = models.PositiveIntegerField(_("line in source"), null=True, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="section_unique_key_in_plan")]

    def __str__(self) -> str:
        return f"{self.number}{self.title}" if self.number else self.title


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Lead (牵头)")
    COOPERATING = "cooperating", _("Co-operating (配合)")
    SHARED = "shared", _("Shared by duty (按职责分工)")


class Responsibility(models.Model):
    """A unit's responsibility for an item of a plan (an indicator, a task, a key project).

    Concrete subclasses live with their item and name it in `item_field`; the item has a `plan`.
    """

    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="%(class)s_set"
    )
    role = models.CharField(_("role"), max_length=16, choices=ResponsibilityRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    item_field: str  # the subclass's foreign key to the item

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{getattr(self, self.item_field)}：{self.unit}（{self.get_role_display()}）"


def responsibility_models() -> list[type[Responsibility]]:
    """Every concrete responsibility model of the installed apps."""
    return [
        model for model in apps.get_models() if issubclass(model, Responsibility) and not model._meta.abstract
    ]
