"""Pure-Python domain core: target expressions, the evaluation engine, forecast, warnings, Open SDG.

Nothing here imports Django, so reports, the importer and tests can use it directly.
"""

from __future__ import annotations

from .aliases import match_indicator
from .early_warning import (
    BindingAssessment,
    Colour,
    EarlyWarning,
    Streak,
    WarningRules,
    assess_binding,
    escalate,
    validate_rules,
    warn,
)
from .evaluation import (
    STATUS_ORDER,
    Direction,
    Evaluation,
    Goal,
    GoalMode,
    IndicatorSpec,
    Measure,
    Status,
    Thresholds,
    YearTarget,
    evaluate,
    resolve_goal,
)
from .forecasting import Forecast, ForecastMethod, ForecastThresholds, Outlook, forecast
from .judgements import Judgement, read_judgement
from .opensdg import OpenSdgResult, OpenSdgStatus, OpenSdgThresholds, open_sdg_measure, open_sdg_progress
from .targets import (
    Column,
    Comparator,
    Target,
    TargetKind,
    apply_footnote_years,
    footnote_years,
    parse_decimal,
    parse_target,
)

__all__ = [
    "STATUS_ORDER",
    "BindingAssessment",
    "Colour",
    "Column",
    "Comparator",
    "Direction",
    "EarlyWarning",
    "Evaluation",
    "Forecast",
    "ForecastMethod",
    "ForecastThresholds",
    "Goal",
    "GoalMode",
    "IndicatorSpec",
    "Judgement",
    "Measure",
    "OpenSdgResult",
    "OpenSdgStatus",
    "OpenSdgThresholds",
    "Outlook",
    "Status",
    "Streak",
    "Target",
    "TargetKind",
    "Thresholds",
    "WarningRules",
    "YearTarget",
    "apply_footnote_years",
    "assess_binding",
    "escalate",
    "evaluate",
    "footnote_years",
    "forecast",
    "match_indicator",
    "open_sdg_measure",
    "open_sdg_progress",
    "parse_decimal",
    "parse_target",
    "read_judgement",
    "resolve_goal",
    "validate_rules",
    "warn",
]
