"""Key projects (重点项目) listed in a plan's 专栏 boxes, their stage and investment progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.policy import entries_in_view_q
from plans.models import PlanItemQuerySet, PlanPartQuerySet, Responsibility
from progress.models import VALUE_DIGITS, VALUE_PLACES, ReviewedEntry
from tracker.db import HistoryManager

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


class ProjectStage(models.TextChoices):
    RESERVE = "reserve", _("Reserve (储备)")
    PREPARATORY = "preparatory", _("Preparatory (前期)")
    UNDER_CONSTRUCTION = "construction", _("Under construction (在建)")
    COMPLETED = "completed", _("Completed / in operation (竣工投产)")


def investment_field(verbose_name: StrOrPromise) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In 万元 (ten thousand yuan)."),
    )


class ProjectBox(models.Model):
    """A 专栏 box of a plan: a list of projects, or of strategies kept as text."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("Projects")
        STRATEGIES = "strategies", _("Strategies")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="boxes"
    )
    key = models.CharField(_("key"), max_length=40)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    title_as_written = models.CharField(_("title as written"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROJECTS)
    section = models.ForeignKey(
        "plans.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boxes",
    )
    text = models.TextField(_("text"), blank=True)
    line = models.PositiveIntegerField(_("line in source"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("project box (专栏)")
        verbose_name_plural = _("project boxes (专栏)")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="box_unique_key_in_plan")]

    def __str__(self) -> str:
        return self.title_as_written or self.title


def reporter_project_q(unit: Any) -> Q:
    """Key projects the unit answers for; `unit` is its id, or an expression of one."""
    return Q(Exists(ProjectResponsibility.objects.filter(project=OuterRef("pk"), unit_id=unit)))


class KeyProjectQuerySet(PlanItemQuerySet):
    reporter_q = staticmethod(reporter_project_q)


class KeyProject(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="projects"
    )
    box = models.ForeignKey(
        ProjectBox,
        verbose_name=_("box"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="projects",
    )
    key = models.CharField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    group = models.CharField(_("group"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=ProjectStage.choices, default=ProjectStage.RESERVE
    )
    planned_investment = investment_field(_("planned investment"))
    completed_investment = investment_field(_("completed investment"))
    line = models.PositiveIntegerField(_("line in source"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_imported = models.BooleanField(_("imported"), default=False)
    units = models.ManyToManyField(
        "plans.Unit",
        through="ProjectResponsibility",
        verbose_name=_("responsible units"),
        related_name="projects",
    )

    objects = KeyProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["order"], history_manager=HistoryManager)

    class Meta:
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="project_unique_key_in_plan"),
            models.CheckConstraint(
                condition=Q(planned_investment__isnull=True) | Q(planned_investment__gte=0),
                name="project_planned_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(completed_investment__isnull=True) | Q(completed_investment__gte=0),
                name="project_completed_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectResponsibility(Responsibility):
    item_field = "project"
    project = models.ForeignKey(
        KeyProject, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="responsibilities"
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("project responsibility")
        verbose_name_plural = _("project responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="project_responsibility_unique")
        ]


class ProjectProgressQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> ProjectProgressQuerySet:
        visible = KeyProject.objects.for_user(user).filter(pk=OuterRef("project_id"))
        return self.filter(Exists(visible), entries_in_view_q(user, "project__plan__jurisdiction"))


class ProjectProgress(ReviewedEntry):
    """A project's reported stage and investment for a year or a quarter."""

    item_field = "project"

    project = models.ForeignKey(
        KeyProject, verbose_name=_("key project"), on_delete=models.PROTECT, related_name="progress"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=ProjectStage.choices)
    investment_in_period = investment_field(_("investment completed in the period"))

    objects = ProjectProgressQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        history_change_reason_field=models.TextField(null=True),
        history_manager=HistoryManager,
    )

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["project", "year", "quarter"]
        constraints = [
            *ReviewedEntry.period_constraints("project_progress", "project"),
            models.CheckConstraint(
                condition=Q(investment_in_period__isnull=True) | Q(investment_in_period__gte=0),
                name="project_progress_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.project} {period}"
