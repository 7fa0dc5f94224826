"""Evaluation, forecast and warning of one indicator for one year, in one pass.

The three share the cleaned figures, the resolved goal and (for rates) the average of the elapsed
years, so that judging a whole province stays close to the cost of evaluating it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .arithmetic import CONTEXT, clean
from .early_warning import BindingAssessment, EarlyWarning, WarningRules, assess_binding, warn
from .evaluation import evaluate_cleaned
from .forecasting import Forecast, ForecastThresholds, project
from .spec import Evaluation, IndicatorSpec, Thresholds, YearTarget

__all__ = ["Assessment", "assess"]

# Rules whose ``assessed`` value is the average of the elapsed years' rates, as the forecast takes it.
_AVERAGE_RULES = ("rate_average", "rate_final", "rate_yearly_limit")


@dataclass(frozen=True, slots=True)
class Assessment:
    evaluation: Evaluation
    forecast: Forecast
    warning: EarlyWarning
    binding: BindingAssessment | None = None  # 约束性 indicators: the annual and the cumulative test


def assess(
    spec: IndicatorSpec,
    figures: Mapping[int, Decimal],
    year: int,
    *,
    thresholds: Thresholds = Thresholds(),
    forecast_thresholds: ForecastThresholds = ForecastThresholds(),
    rules: WarningRules = WarningRules(),
    linked: Mapping[int, Decimal] | None = None,
    quotas: Mapping[int, Decimal] | None = None,
    judgements: Mapping[int, str] | None = None,
    yearly_targets: Mapping[int, YearTarget] | None = None,
) -> Assessment:
    """What :func:`evaluate`, :func:`forecast` and :func:`warn` give, computed once; never raises."""
    with localcontext(CONTEXT):
        cleaned = clean(figures)
        evaluation, run = evaluate_cleaned(
            spec, cleaned, year, thresholds, linked, quotas, judgements, yearly_targets
        )
        average = evaluation.assessed if evaluation.rule in _AVERAGE_RULES and not evaluation.lagged else None
        projected = project(run.spec, run.goal, cleaned, year, forecast_thresholds, average=average)
        binding = assess_binding(spec, cleaned, evaluation, thresholds=thresholds) if spec.binding else None
        return Assessment(
            evaluation,
            projected,
            warn(evaluation, binding=spec.binding, forecast=projected, rules=rules, binding_test=binding),
            binding,
        )
