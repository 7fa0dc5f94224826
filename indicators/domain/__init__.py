"""Pure-Python domain core: target expressions, the evaluation engine, the Open SDG method.

Nothing here imports Django, so reports, the importer and tests can use it directly.
"""

from __future__ import annotations

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
    evaluate,
    resolve_goal,
)
from .opensdg import OpenSdgResult, OpenSdgStatus, OpenSdgThresholds, open_sdg_measure, open_sdg_progress
from .targets import Column, Comparator, Target, TargetKind, parse_decimal, parse_target

__all__ = [
    "STATUS_ORDER",
    "Column",
    "Comparator",
    "Direction",
    "Evaluation",
    "Goal",
    "GoalMode",
    "IndicatorSpec",
    "Measure",
    "OpenSdgResult",
    "OpenSdgStatus",
    "OpenSdgThresholds",
    "Status",
    "Target",
    "TargetKind",
    "Thresholds",
    "evaluate",
    "open_sdg_measure",
    "open_sdg_progress",
    "parse_decimal",
    "parse_target",
    "resolve_goal",
]
