"""One status palette for the screen and the reports: evaluation status value → colour.

Plain data (no Django, no presentation code) so the admin badges, the dashboard, the report charts
and the report cell fills all show a status in the same colour. `STATUS_TINTS` are the light
versions used as table-cell backgrounds, where the text stays black.
"""

from __future__ import annotations

from typing import Final

# Good in greens (darkest for the best), warnings in orange and red, no judgement in greys.
STATUS_COLOURS: Final[dict[str, str]] = {
    "achieved_early": "#1b5e20",
    "ahead": "#2e7d32",
    "on_track": "#558b2f",
    "lagging": "#e65100",
    "not_met": "#c62828",
    "pending": "#616161",
    "no_data": "#9e9e9e",
}
STATUS_TINTS: Final[dict[str, str]] = {
    "achieved_early": "#a5d6a7",
    "ahead": "#c8e6c9",
    "on_track": "#dcedc8",
    "lagging": "#ffe0b2",
    "not_met": "#ffcdd2",
    "pending": "#eeeeee",
    "no_data": "#f5f5f5",
}
