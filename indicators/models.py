"""Indicators, tasks and their progress entries.

A task's quantitative sub-target ("开展10场以上高端学术交流活动") is stored as an Indicator whose
``task`` is set: it is trackable exactly like a table indicator (same target fields, same progress
entries, same evaluation), so there is one target table and one progress table.

Why this module is long: indicators, tasks, their entries and stored evaluations are one target
table with its constraints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.domain.early_warning import BindingAssessment, Colour, WarningRules, validate_rules
from indicators.domain.evaluation import Direction, Measure, Status
from indicators.domain.forecasting import ForecastMethod, Outlook
from indicators.domain.spec import published_label
from indicators.domain.targets import Comparator, TargetKind
from indicators.querysets import IndicatorQuerySet, ProgressEntryQuerySet, TaskQuerySet
from plans.models import Responsibility
from progress.models import VALUE_DIGITS, VALUE_PLACES, ReviewedEntry
from tracker.db import HistoryManager

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


def value_field(verbose_name: StrOrPromise, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True, **kwargs
    )


DIRECTION_CHOICES = [
    (Direction.HIGHER.value, _("Higher is better")),
    (Direction.LOWER.value, _("Lower is better")),
    (Direction.MAINTAIN.value, _("Maintain")),
]
MEASURE_CHOICES = [
    (Measure.LEVEL.value, _("Level")),
    (Measure.RATE.value, _("Yearly rate")),
    (Measure.CUMULATIVE.value, _("Cumulative over the period")),
    (Measure.REDUCTION.value, _("Cumulative reduction")),
]
STATUS_CHOICES = [(status.value, status.label) for status in Status]
FORECAST_METHOD_CHOICES = [(method.value, method.label) for method in ForecastMethod]
OUTLOOK_CHOICES = [(outlook.value, outlook.label) for outlook in Outlook]
COLOUR_CHOICES = [(colour.value, colour.label) for colour in Colour]
TARGET_KIND_CHOICES = [
    (TargetKind.LEVEL.value, _("Level at the target year")),
    (TargetKind.RATE.value, _("Yearly rate")),
    (TargetKind.CUMULATIVE.value, _("Cumulative change")),
    (TargetKind.REDUCTION.value, _("Reduction")),
    (TargetKind.QUOTA.value, _("Quota assigned by the higher level")),
    (TargetKind.RELATIVE.value, _("Relative to another indicator")),
    (TargetKind.NOT_SET.value, _("Not set")),
    (TargetKind.UNPARSED.value, _("Unparsed")),
]
COMPARATOR_CHOICES = [
    (Comparator.EQ.value, "="),
    (Comparator.GE.value, "≥"),
    (Comparator.GT.value, ">"),
    (Comparator.LE.value, "≤"),
    (Comparator.LT.value, "<"),
    (Comparator.APPROX.value, "≈"),
]


class Task(models.Model):
    """A numbered key task (重点任务) of a plan."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        "plans.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    responsibility_text = models.CharField(_("responsibility as written"), max_length=500, blank=True)
    line = models.PositiveIntegerField(_("line in source"), null=True, blank=True)
    is_imported = models.BooleanField(_("imported"), default=False)
    units = models.ManyToManyField(
        "plans.Unit", through="TaskResponsibility", verbose_name=_("responsible units"), related_name="tasks"
    )

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number_in_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TaskResponsibility(Responsibility):
    item_field = "task"
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="responsibilities"
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("task responsibility")
        verbose_name_plural = _("task responsibilities")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_responsibility_unique")]


class Indicator(models.Model):
    """A tracked target: a row of an indicator table, a target stated in prose, or a task's sub-target."""

    class Attribute(models.TextChoices):
        EXPECTED = "expected", _("Expected (预期性)")
        BINDING = "binding", _("Binding (约束性)")

    class Origin(models.TextChoices):
        TABLE = "table", _("Indicator table")
        TEXT = "text", _("Plan text")
        TASK = "task", _("Task sub-target")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.CharField(_("key"), max_length=40, help_text=_("Stable identifier within the plan."))
    section = models.ForeignKey(
        "plans.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("composite indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.TABLE)
    line = models.PositiveIntegerField(_("line in source"), null=True, blank=True)
    source_text = models.TextField(
        _("source text"), blank=True, help_text=_("The sentence the target is taken from.")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_as_written = models.CharField(_("name as written"), max_length=300, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    attribute = models.CharField(_("attribute"), max_length=8, choices=Attribute.choices, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=DIRECTION_CHOICES, default=Direction.HIGHER
    )
    measure = models.CharField(_("measure"), max_length=12, choices=MEASURE_CHOICES, default=Measure.LEVEL)

    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_text = models.CharField(_("baseline as written"), max_length=100, blank=True)
    baseline_value = value_field(_("baseline value"))
    baseline_is_estimate = models.BooleanField(_("baseline is an estimate"), default=False)

    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_text = models.CharField(_("target as written"), max_length=200, blank=True)
    target_kind = models.CharField(
        _("target kind"), max_length=12, choices=TARGET_KIND_CHOICES, default=TargetKind.NOT_SET
    )
    target_comparator = models.CharField(
        _("target comparator"), max_length=8, choices=COMPARATOR_CHOICES, blank=True
    )
    target_value = value_field(_("target value"))
    target_unit = models.CharField(_("unit inside the target"), max_length=20, blank=True)
    relative_to_text = models.CharField(_("relative to (as written)"), max_length=100, blank=True)
    relative_to = models.ForeignKey(
        "self",
        verbose_name=_("linked indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For targets such as 与地区生产总值增速同步: the indicator it must keep pace with."),
    )

    annual_text = models.CharField(_("yearly growth / [cumulative] as written"), max_length=100, blank=True)
    annual_kind = models.CharField(
        _("yearly cell kind"), max_length=12, choices=TARGET_KIND_CHOICES, default=TargetKind.NOT_SET
    )
    annual_comparator = models.CharField(
        _("yearly cell comparator"), max_length=8, choices=COMPARATOR_CHOICES, blank=True
    )
    annual_value = value_field(_("yearly cell value"))

    data_source_unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("data source unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sourced_indicators",
    )
    units = models.ManyToManyField(
        "plans.Unit",
        through="IndicatorResponsibility",
        verbose_name=_("responsible units"),
        related_name="indicators",
    )
    footnote = models.TextField(_("footnote"), blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Decisions taken when the source was unclear.")
    )
    is_imported = models.BooleanField(
        _("imported"), default=False, help_text=_("Read from a document by the importer, not yet reviewed.")
    )
    reports_quarterly = models.BooleanField(
        _("reported quarterly"),
        default=False,
        help_text=_("Units also report quarterly figures; otherwise only yearly ones."),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["order"], history_manager=HistoryManager)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="indicator_unique_key_in_plan"),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(baseline_year__lt=F("target_year")),
                name="indicator_baseline_before_target",
            ),
            models.CheckConstraint(
                condition=~Q(origin="task") | Q(task__isnull=False), name="indicator_task_target_has_task"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.relative_to_id is not None:
            self.check_relative_link()

    def check_relative_link(self) -> None:
        """A relative target links to another indicator of the same plan, and links never loop."""
        other = self.relative_to
        if other is None:
            return
        if other.plan_id != self.plan_id:
            raise ValidationError({"relative_to": _("The linked indicator must belong to the same plan.")})
        seen = {self.pk}
        current: int | None = other.pk
        while current is not None:
            if current in seen:
                raise ValidationError(
                    {
                        "relative_to": _(
                            "This link would make relative targets depend on each other in a loop."
                        )
                    }
                )
            seen.add(current)
            current = Indicator.objects.filter(pk=current).values_list("relative_to_id", flat=True).first()

    @property
    def is_binding(self) -> bool:
        return self.attribute == self.Attribute.BINDING

    @property
    def is_qualitative(self) -> bool:
        """A target stated only in words: progress is a judgement, not a figure.

        Quota targets (完成市下达任务) are not qualitative: the figure is a number, judged once the
        office enters the assigned quota.
        """
        return self.target_kind == TargetKind.UNPARSED and self.annual_kind in {
            TargetKind.NOT_SET,
            TargetKind.UNPARSED,
        }


class IndicatorResponsibility(Responsibility):
    item_field = "indicator"
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="responsibilities"
    )

    class Meta(Responsibility.Meta):
        verbose_name = _("indicator responsibility")
        verbose_name_plural = _("indicator responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="indicator_responsibility_unique")
        ]


class IndicatorQuota(models.Model):
    """A target set for one year, entered by the office: the figure assigned by the higher level for
    a 完成市下达任务 target, or a rate set year by year (各年度视情提出: 6以上, 5.5左右)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="quotas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    comparator = models.CharField(
        _("comparator"),
        max_length=8,
        choices=COMPARATOR_CHOICES,
        default=Comparator.EQ.value,
        help_text=_("≥ for 以上, ≈ for 左右; = follows the indicator's direction."),
    )
    value = models.DecimalField(_("quota"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    document = models.CharField(_("assigned by (document)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("assigned quota")
        verbose_name_plural = _("assigned quotas")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="quota_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.indicator_id is None or self.year is None:
            return
        plan = self.indicator.plan
        if not plan.start_year <= self.year <= plan.end_year:
            raise ValidationError(
                {
                    "year": _("The year must be within the plan period %(start)s–%(end)s.")
                    % {"start": plan.start_year, "end": plan.end_year}
                }
            )


class QualitativeJudgement(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    LAGGING = "lagging", _("Lagging")


class ProgressEntry(ReviewedEntry):
    """A reported figure for an indicator (or task sub-target) for a year or a quarter."""

    item_field = "indicator"
    item_fields = (*ReviewedEntry.item_fields, "reports_quarterly", "target_kind", "annual_kind")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="entries"
    )
    value = value_field(_("value"))
    judgement = models.CharField(
        _("qualitative judgement"), max_length=12, choices=QualitativeJudgement.choices, blank=True
    )

    objects = ProgressEntryQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        history_change_reason_field=models.TextField(null=True),
        history_manager=HistoryManager,
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            *ReviewedEntry.period_constraints("progress", "indicator"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(judgement=""), name="progress_has_value_or_judgement"
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.indicator} {period}"

    def rule_errors(self) -> dict[str, StrOrPromise]:
        errors = super().rule_errors()
        if self.indicator_id is None:
            return errors
        if self.quarter is not None and not self.indicator.reports_quarterly and "quarter" not in errors:
            errors["quarter"] = _("This indicator is reported yearly: leave the quarter empty.")
        if self.indicator.is_qualitative:
            if self.value is not None:
                errors["value"] = _("This target is qualitative: give a judgement, not a number.")
            elif not self.judgement:
                errors["judgement"] = _("Choose a judgement for this qualitative target.")
        elif self.value is None:
            errors["value"] = _("Enter the figure for this indicator.")
        elif self.judgement:
            errors["judgement"] = _("A judgement is only given for qualitative targets.")
        return errors


class IndicatorEvaluation(models.Model):
    """The evaluation of an indicator for a year, as last computed from its approved figures.

    Derived data, kept so that lists and reports read statuses like any other column: it is
    recomputed by `evaluations_refresh` whenever an approved figure, quota or target changes, and
    by `manage.py refresh_evaluations` after the thresholds change.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES)
    time_progress = value_field(_("time progress"))
    expected = value_field(_("expected value"))
    completion = value_field(_("completion"))
    actual = value_field(_("actual value"))
    assessed = value_field(_("assessed value"))
    target_value = value_field(_("target value for the year"))
    rule = models.CharField(_("rule"), max_length=40)
    explanation = models.TextField(_("explanation"))
    data_year = models.PositiveSmallIntegerField(
        _("data year"),
        null=True,
        blank=True,
        help_text=_("Set when the year had no approved figure and the latest earlier year was judged."),
    )
    completed = models.BooleanField(
        _("completed"), default=False, help_text=_("A met target of a one-year list, published as 已完成.")
    )
    forecast_method = models.CharField(
        _("forecast method"), max_length=24, choices=FORECAST_METHOD_CHOICES, blank=True
    )
    forecast_value = value_field(_("projected value at the target year"))
    forecast_completion = value_field(_("projected completion"))
    forecast_outlook = models.CharField(
        _("forecast"), max_length=12, choices=OUTLOOK_CHOICES, default=Outlook.UNKNOWN.value
    )
    forecast_explanation = models.TextField(_("forecast explanation"), blank=True)
    warning = models.CharField(_("warning"), max_length=8, choices=COLOUR_CHOICES, blank=True)
    warning_explanation = models.TextField(_("warning explanation"), blank=True)
    binding_annual = models.BooleanField(
        _("binding: annual test passed"),
        null=True,
        blank=True,
        help_text=_("约束性 indicators: the year's figure against the year's expected path."),
    )
    binding_cumulative = models.BooleanField(
        _("binding: cumulative test passed"),
        null=True,
        blank=True,
        help_text=_("约束性 indicators: the plan so far."),
    )
    binding_explanation = models.TextField(_("binding assessment"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="evaluation_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.get_status_display()}"

    @property
    def binding_passed(self) -> bool | None:
        """A 约束性 indicator passes only if both tests pass; None when either cannot be made."""
        return BindingAssessment(self.binding_annual, self.binding_cumulative, "").passed

    @property
    def published_label(self) -> str:
        """The class as published: 已完成 for a completed one-year target, the data's year if lagged."""
        return published_label(Status(self.status), completed=self.completed, data_year=self.data_year)


_DEFAULT_RULES = WarningRules()


class PlanWarningRulesQuerySet(models.QuerySet[Any]):
    def for_user(self, user: User) -> PlanWarningRulesQuerySet:
        from plans.models import Plan

        return self.filter(plan__in=Plan.objects.for_user(user))


class PlanWarningRules(models.Model):
    """The 预警 rules of a plan (defaults from practice: see indicators.domain.early_warning)."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="warning_rules"
    )
    yellow_gap = models.DecimalField(
        _("yellow from (points behind time progress)"),
        max_digits=4,
        decimal_places=3,
        default=_DEFAULT_RULES.yellow_gap,
        help_text=_("0.10: completion 10 points behind time progress is yellow."),
    )
    red_gap = models.DecimalField(
        _("red beyond (points behind time progress)"),
        max_digits=4,
        decimal_places=3,
        default=_DEFAULT_RULES.red_gap,
        help_text=_("0.30: more than 30 points behind is red."),
    )
    yellow_on_difficult = models.BooleanField(
        _("yellow when the forecast is 完成有难度"), default=_DEFAULT_RULES.yellow_on_difficult
    )
    red_on_unlikely = models.BooleanField(
        _("red when the forecast is 难以完成"), default=_DEFAULT_RULES.red_on_unlikely
    )
    binding_veto = models.BooleanField(
        _("red when a binding indicator is off track"), default=_DEFAULT_RULES.binding_veto
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("consecutive yellows that call for red-level attention"), default=_DEFAULT_RULES.escalate_after
    )

    objects = PlanWarningRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning rules")
        verbose_name_plural = _("warning rules")

    def __str__(self) -> str:
        return str(self.plan)

    def as_rules(self) -> WarningRules:
        return WarningRules(
            yellow_gap=self.yellow_gap,
            red_gap=self.red_gap,
            yellow_on_difficult=self.yellow_on_difficult,
            red_on_unlikely=self.red_on_unlikely,
            binding_veto=self.binding_veto,
            escalate_after=self.escalate_after,
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        for error in validate_rules(self.as_rules()):
            errors.setdefault(error.field, []).append(error.message)
        if errors:
            raise ValidationError(errors)


class BulkUpload(models.Model):
    """A bulk upload too large to check and write within its request: a worker runs it, all or nothing.

    The rows are kept as sent until the worker is done; `checked` counts the rows checked so far,
    so the caller (API) and the admin can follow it; `report` is what became of each row.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CHECKING = "checking", _("Checking rows")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("rows"))
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    options = models.JSONField(_("options"), default=dict)  # dry_run, partial, submit
    rows = models.JSONField(_("rows as sent"), default=list)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("bulk upload")
        verbose_name_plural = _("bulk uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.total})"


class WarningNotice(models.Model):
    """A worsening of an indicator's 预警 in a year, as the units and the office are told of it.

    Written by `evaluations_refresh` when the attention due for a year with its own figure rises
    (none → yellow → red, two yellows in a row calling for red); one row per indicator, year and
    attention level, so a worsening is notified once however often the evaluations are recomputed.
    `mailed_at` is set when the e-mail went out.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="warning_notices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    colour = models.CharField(_("warning"), max_length=8, choices=COLOUR_CHOICES)
    attention = models.CharField(_("attention due"), max_length=8, choices=COLOUR_CHOICES)
    since = models.PositiveSmallIntegerField(_("since"))
    periods = models.PositiveSmallIntegerField(_("consecutive years"))
    explanation = models.TextField(_("warning explanation"), blank=True)
    created_at = models.DateTimeField(_("noticed at"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning notice")
        verbose_name_plural = _("warning notices")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "attention"], name="warning_notice_once_per_level"
            ),
            models.CheckConstraint(
                condition=~Q(colour="green") & ~Q(attention="green"), name="warning_notice_not_green"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.get_attention_display()}"
