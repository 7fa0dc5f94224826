"""Charts as PNG bytes (matplotlib, Agg): one per indicator, and the status overview.

Chinese labels need a CJK font on the machine that builds the report (e.g. Debian's
fonts-noto-cjk or fonts-wqy-microhei). Without one the charts still render, with the missing glyphs
as boxes, and matplotlib's warnings about them are silenced rather than flooding the worker log.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.ticker import MaxNLocator

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
)
STATUS_COLOURS = {
    "提前实现": "#1b7837",
    "快于预期": "#5aae61",
    "基本符合预期": "#a6dba0",
    "滞后": "#f1a340",
    "未达标": "#d73027",
    "待评定": "#bdbdbd",
    "无数据": "#e0e0e0",
}
DPI = 100


@cache
def cjk_font() -> str | None:
    """The first installed font that can write Chinese, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


@contextmanager
def chart_style() -> Iterator[None]:
    font = cjk_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    with (
        warnings.catch_warnings(),
        matplotlib.rc_context({"font.family": families, "axes.unicode_minus": False}),
    ):
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        warnings.filterwarnings("ignore", message="Matplotlib currently does not support")
        yield


def png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()


def finite(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def indicator_chart(
    *,
    title: str,
    unit: str,
    figures: Mapping[int, float],
    expected: Mapping[int, float],
    target: float | None,
    target_year: int | None,
    labels: Mapping[str, str],
) -> bytes:
    """Approved figures against the expected path and the target. `labels`: figures/expected/target."""
    with chart_style():
        figure, axes = plt.subplots(figsize=(5.2, 2.8), layout="constrained")
        path = sorted((year, value) for year, value in expected.items() if finite(value))
        if path:
            axes.plot(*zip(*path, strict=True), linestyle="--", color="#6f6f6f", label=labels["expected"])
        points = sorted((year, value) for year, value in figures.items() if finite(value))
        if points:
            axes.plot(*zip(*points, strict=True), marker="o", color="#1f5fa8", label=labels["figures"])
        if finite(target):
            axes.axhline(target, color="#d73027", linewidth=1, label=labels["target"])
            if target_year:
                axes.plot([target_year], [target], marker="*", markersize=10, color="#d73027")
        years = sorted({*expected, *figures, *([target_year] if target_year else [])})
        if years:
            axes.set_xticks(years)
            axes.set_xticklabels([str(year) for year in years], fontsize=7)
        axes.set_title(title, fontsize=9)
        axes.set_ylabel(unit, fontsize=8)
        axes.tick_params(axis="y", labelsize=7)
        axes.grid(alpha=0.3)
        if path or points or finite(target):
            axes.legend(fontsize=7, loc="best")
        return png(figure)


def status_overview_chart(
    *, categories: Sequence[str], counts: Mapping[str, Sequence[int]], title: str
) -> bytes:
    """Stacked horizontal bars: per category, how many indicators are in each status."""
    with chart_style():
        height = max(2.4, 0.45 * len(categories) + 1.2)
        figure, axes = plt.subplots(figsize=(7.0, height), layout="constrained")
        left = [0] * len(categories)
        positions = list(range(len(categories)))
        for label, values in counts.items():
            if not any(values):
                continue
            axes.barh(positions, values, left=left, color=STATUS_COLOURS.get(label, "#999999"), label=label)
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
