"""Charts as PNG bytes (matplotlib's Agg canvas): one per indicator, and the status overview.

Chinese labels need a CJK font. It is found explicitly, never by trusting matplotlib's font cache
(which may predate the font's installation): the file named by the REPORT_CJK_FONT setting, else
the first file of a known family that fontconfig or the usual font folders hold. It is registered
with matplotlib's font manager on first use. Without one, drawing fails with a Chinese message
naming the package to install: a chart with boxes for characters is never produced.

Per-indicator charts reuse one figure: its artists are cleared and redrawn for each indicator,
which is several times faster than creating a figure per chart.
"""

from __future__ import annotations

import io
import math
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from indicators.palette import STATUS_COLOURS

# Families that write simplified Chinese, best first, and where Debian puts their files.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
KNOWN_FILES = ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc")
MISSING_FONT = (
    "无法生成图表：未找到可显示中文的字体。请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），"
    "或在设置 REPORT_CJK_FONT 中指定中文字体文件的路径。"
)
DPI = 100
FIGURE_COLOUR, EXPECTED_COLOUR, TARGET_COLOUR = "#1f5fa8", "#6f6f6f", "#c62828"


class MissingCJKFont(ImproperlyConfigured):
    """No font that writes Chinese: charts would show boxes."""


def fontconfig_file(family: str) -> Path | None:
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{family}", f"{family}:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _sep, families = found.partition("|")
    return Path(path) if path and family in families.split(",") else None


def cjk_font_file() -> Path | None:
    configured = getattr(settings, "REPORT_CJK_FONT", "")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise MissingCJKFont(f"REPORT_CJK_FONT 指定的字体文件不存在：{configured}。{MISSING_FONT}")
        return path
    for family in CJK_FAMILIES:
        path = fontconfig_file(family)
        if path is not None:
            return path
    for folder in FONT_FOLDERS:
        for name in KNOWN_FILES:
            hits = sorted(folder.rglob(name)) if folder.is_dir() else []
            if hits:
                return hits[0]
    return None


@cache
def cjk_font() -> str:
    """Register the CJK font file with matplotlib and return its family name (or fail loudly)."""
    path = cjk_font_file()
    if path is None:
        raise MissingCJKFont(MISSING_FONT)
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@contextmanager
def chart_style() -> Iterator[None]:
    with matplotlib.rc_context(
        {"font.family": [cjk_font(), "DejaVu Sans"], "axes.unicode_minus": False, "savefig.dpi": DPI}
    ):
        yield


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def finite(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


@dataclass(frozen=True)
class IndicatorSeries:
    """What one indicator's chart shows."""

    title: str
    unit: str
    figures: Mapping[int, float]
    expected: Mapping[int, float]
    target: float | None
    target_year: int | None
    caption: str = ""


def draw_indicator(figure: Figure, series: IndicatorSeries, labels: Mapping[str, str]) -> None:
    axes = figure.add_subplot()
    path = sorted((year, value) for year, value in series.expected.items() if finite(value))
    if path:
        axes.plot(*zip(*path, strict=True), linestyle="--", color=EXPECTED_COLOUR, label=labels["expected"])
    points = sorted((year, value) for year, value in series.figures.items() if finite(value))
    if points:
        axes.plot(*zip(*points, strict=True), marker="o", color=FIGURE_COLOUR, label=labels["figures"])
    if finite(series.target):
        axes.axhline(series.target, color=TARGET_COLOUR, linewidth=1, label=labels["target"])
        if series.target_year:
            axes.plot([series.target_year], [series.target], marker="*", markersize=10, color=TARGET_COLOUR)
    years = sorted({*series.expected, *series.figures, *([series.target_year] if series.target_year else [])})
    if years:
        axes.set_xticks(years)
        axes.set_xticklabels([str(year) for year in years], fontsize=7)
    axes.set_title(series.title, fontsize=9)
    axes.set_ylabel(series.unit, fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(alpha=0.3)
    if path or points or finite(series.target):
        axes.legend(fontsize=7, loc="best")


def indicator_charts(series: Sequence[IndicatorSeries], labels: Mapping[str, str]) -> list[bytes]:
    """Figures against the expected path and the target, one PNG per indicator, on one figure."""
    if not series:
        return []
    result = []
    with chart_style():
        figure = Figure(figsize=(5.2, 2.8), layout="constrained")
        for item in series:
            figure.clear()
            draw_indicator(figure, item, labels)
            result.append(png(figure))
    return result


def status_overview_chart(
    *, categories: Sequence[str], counts: Mapping[str, Sequence[int]], labels: Mapping[str, str], title: str
) -> bytes:
    """Stacked horizontal bars: per category, how many indicators are in each status.

    `counts` and `labels` are keyed by status value (colours come from the shared palette)."""
    with chart_style():
        height = max(2.4, 0.45 * len(categories) + 1.2)
        figure = Figure(figsize=(7.0, height), layout="constrained")
        axes = figure.add_subplot()
        left = [0] * len(categories)
        positions = list(range(len(categories)))
        for status, values in counts.items():
            if not any(values):
                continue
            axes.barh(positions, values, left=left, color=STATUS_COLOURS[status], label=labels[status])
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(positions)
        axes.set_yticklabels(categories, fontsize=8)
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(title, fontsize=10)
        axes.tick_params(axis="x", labelsize=8)
        if any(left):
            axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        return png(figure)
