"""Charts as PNG bytes (matplotlib's Agg canvas): one per indicator, and the status overview.

Chinese labels need a CJK font. It is found explicitly, never by trusting matplotlib's font cache
(which may predate the font's installation): the file named by the REPORT_CJK_FONT setting, else
the first file of a known family that fontconfig or the usual font folders hold. It is registered
with matplotlib's font manager on first use. Without one, drawing fails with a Chinese message
naming the package to install: a chart with boxes for characters is never produced.

Per-indicator charts reuse one figure and one axes on an Agg canvas with fixed margins: the axes
is cleared and redrawn for each indicator, and the pixels are written as PNG with light
compression. Creating a figure per chart, laying it out (constrained layout) and compressing hard
took several times longer. The canvas's renderer remembers font lookups and glyph layouts, and the
part of the picture that only depends on the years is restored instead of redrawn; the pixels stay
those of a plain matplotlib drawing (a test compares them).
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
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator
from PIL import Image as PILImage

from indicators.palette import STATUS_COLOURS
from reports.writers.cells import display_width

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
        path = fontconfig_file(family)  # type: ignore[assignment]
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


class ChartRenderer(RendererAgg):
    """Matplotlib's Agg renderer, remembering per font what it looks up afresh for every text.

    A chart draws a few dozen short texts in three or four fonts (tick labels, legend, title), and
    a report draws dozens of charts on one renderer: matplotlib finds the font files through the
    family list, reads the font's line metrics from its tables and lays out the glyphs of each
    string on every draw and every size measurement. The answers depend only on the font
    properties and the string (the style is fixed while the renderer lives), so they are kept
    here. The pixels are matplotlib's own: only the lookups are remembered.
    """

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)  # type: ignore[no-untyped-call]
        self.font_files: dict[FontProperties, list[font_manager.FontPath]] = {}
        self.height_metrics: dict[FontProperties, tuple[float, float, float]] = {}
        self.layouts: dict[tuple[str, FontProperties, object, object], list[Any]] = {}

    def font_paths(self, prop: FontProperties) -> list[font_manager.FontPath]:
        paths = self.font_files.get(prop)
        if paths is None:
            paths = self.font_files[prop.copy()] = font_manager.fontManager._find_fonts_by_props(prop)
        return paths

    def _prepare_font(self, font_prop: FontProperties) -> font_manager.FT2Font:  # type: ignore[name-defined]
        font = font_manager.get_font(self.font_paths(font_prop))
        font.clear()
        font.set_size(font_prop.get_size_in_points(), self.dpi)
        return font

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float, float, float]:
        """Ascent, descent and line gap of the font, as matplotlib's Text reads them from the
        font's OS/2 (else hhea) table when the renderer does not say."""
        metrics = self.height_metrics.get(prop)
        if metrics is None:
            font = font_manager.get_font(self.font_paths(prop))
            table: Any = font.get_sfnt_table("OS/2")
            keys = ("sTypoLineGap", "sTypoAscender", "sTypoDescender")
            if table is None:
                table, keys = font.get_sfnt_table("hhea"), ("lineGap", "ascent", "descent")
            head: Any = font.get_sfnt_table("head")
            scale = prop.get_size_in_points() * self.dpi / 72 / head["unitsPerEm"]
            gap, ascent, descent = (table[key] for key in keys)
            metrics = self.height_metrics[prop.copy()] = (ascent * scale, -descent * scale, gap * scale)
        return metrics

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # type: ignore[no-untyped-def]
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)  # type: ignore[no-untyped-call]
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = (s, prop, features, language)
        items = self.layouts.get(key)
        if items is None:
            font = self._prepare_font(prop)
            flags = get_hinting_flag()  # type: ignore[no-untyped-call]
            items = font._layout(s, flags=flags, features=features, language=language)
            self.layouts[(s, prop.copy(), features, language)] = items
        size = prop.get_size_in_points()
        self._draw_text_glyphs_and_boxes(  # type: ignore[no-untyped-call]
            gc,
            x,
            y,
            angle,
            ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items),
            [],
        )
        return None


class ChartCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with the ChartRenderer."""

    def get_renderer(self) -> ChartRenderer:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = ChartRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer  # type: ignore[no-any-return]


def chart_canvas(width: float, height: float, layout: Literal["constrained"] | None = None) -> ChartCanvas:
    return ChartCanvas(Figure(figsize=(width, height), dpi=DPI, layout=layout))


def png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's pixels as PNG (fast zlib level). The figure's background is opaque, so every
    pixel is: they are written without the alpha channel, a quarter less to filter and compress."""
    buffer = io.BytesIO()
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    PILImage.frombytes("RGB", canvas.get_width_height(), pixels, "raw", "RGBX", 0, 1).save(
        buffer, format="png", compress_level=1
    )
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


TITLE_SIZES = (9, 8, 7)  # points: a long name is set smaller before it is shortened


def chart_title(name: str, unit: str, width: float) -> tuple[str, int]:
    """An indicator chart's title, its unit in brackets, and its size in points: the largest that
    puts it on one line `width` points wide, else the smallest, the name cut short by an ellipsis
    (the caption under the chart gives it whole). A Chinese character is as wide as the size."""
    suffix = f"（{unit}）" if unit else ""
    for size in TITLE_SIZES:
        if display_width(name + suffix) * size / 2 <= width:
            return name + suffix, size
    size = TITLE_SIZES[-1]
    room = int(width * 2 / size) - display_width(suffix + "…")
    kept = 0
    for index, character in enumerate(name):
        kept += display_width(character)
        if kept > room:
            name = name[:index]
            break
    return f"{name}…{suffix}", size


class IndicatorCanvas:
    """One figure, one axes and its lines, updated in place for each indicator (no artist is
    re-created between charts, which is where most of matplotlib's time goes).

    The backgrounds, the x axis with its years, tick labels and vertical grid lines, and the legend
    in its row under the years depend only on the years and on which lines the chart shows, which
    the indicators of a plan mostly share. Those pixels are drawn once per distinct x axis and
    legend and restored for the next chart (matplotlib's blitting: every other artist is
    "animated", left out of the canvas's draw and drawn over the restored pixels in matplotlib's
    own order); the legend overlaps none of them, so the result is the same image.
    """

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.canvas = chart_canvas(5.2, 2.8)
        self.figure = self.canvas.figure
        # Fixed margins (no layout pass), with a row under the years for the legend.
        axes = self.axes = self.figure.add_axes((0.11, 0.2, 0.86, 0.7))
        (self.expected,) = axes.plot([], [], linestyle="--", color=EXPECTED_COLOUR, label=labels["expected"])
        (self.figures,) = axes.plot([], [], marker="o", color=FIGURE_COLOUR, label=labels["figures"])
        self.target = axes.axhline(0, color=TARGET_COLOUR, linewidth=1, label=labels["target"])
        (self.target_star,) = axes.plot([], [], marker="*", markersize=10, color=TARGET_COLOUR, linestyle="")
        axes.grid(alpha=0.3)
        axes.ticklabel_format(axis="y", useOffset=False, style="plain")  # 0.0021, not 1e-3 + offset
        axes.tick_params(axis="x", labelsize=7)
        axes.tick_params(axis="y", labelsize=7)
        # Placed where matplotlib would place them, but fixed, which spares each draw the layout
        # passes that look for overlapping tick labels: the title at the top of the axes (nothing is
        # drawn above it), the empty axis labels anywhere.
        self.title = axes.set_title("", fontsize=TITLE_SIZES[0], y=1.0)
        # Centred over the axes, which sit right of the figure's middle; a margin of 2 % each side.
        left, _bottom, width, _height = axes.get_position().bounds
        centre = left + width / 2
        self.title_width = (2 * min(centre, 1 - centre) - 0.04) * self.figure.get_figwidth() * 72
        axes.xaxis.set_label_coords(0.5, 0.0)
        axes.yaxis.set_label_coords(0.0, 0.5)
        self.legend_for: tuple[bool, ...] | None = None
        for artist in axes.get_children():
            artist.set_animated(artist not in (axes.patch, axes.xaxis))
        self.backgrounds: dict[tuple[object, ...], object] = {}

    def draw(self, series: IndicatorSeries) -> bytes:
        axes = self.axes
        path = sorted((year, value) for year, value in series.expected.items() if finite(value))
        points = sorted((year, value) for year, value in series.figures.items() if finite(value))
        self.expected.set_data([p[0] for p in path], [p[1] for p in path])
        self.figures.set_data([p[0] for p in points], [p[1] for p in points])
        has_target = finite(series.target)
        self.target.set_visible(has_target)
        self.target.set_ydata([series.target, series.target] if has_target else [0, 0])  # type: ignore[arg-type]
        star = has_target and bool(series.target_year)
        self.target_star.set_data([series.target_year] if star else [], [series.target] if star else [])  # type: ignore[arg-type]
        shown = (bool(path), bool(points), has_target)
        if shown != self.legend_for:  # the legend lists what the chart shows
            handles = [
                h for h, on in zip((self.expected, self.figures, self.target), shown, strict=True) if on
            ]
            legend = axes.get_legend()
            if legend is not None:
                legend.remove()
            if handles:  # one row under the years: it never covers a line, nor needs looking for a place
                axes.legend(
                    handles=handles,
                    fontsize=7,
                    loc="upper center",
                    bbox_to_anchor=(0.5, -0.11),
                    ncol=len(handles),
                    frameon=False,
                )
            self.legend_for = shown
        years = sorted(
            {*series.expected, *series.figures, *([series.target_year] if series.target_year else [])}
        )
        axes.set_xticks(years, [str(year) for year in years])
        if years:
            axes.set_xlim(years[0] - 0.3, years[-1] + 0.3)
        axes.relim(visible_only=True)
        axes.autoscale_view(scalex=not years)
        # The unit in the title, as 统计图 are captioned: read level, not turned on its side, and
        # placed with no search for room beside the tick labels.
        text, size = chart_title(series.title, series.unit, self.title_width)
        self.title.set_text(text)
        self.title.set_fontsize(size)
        return self.png(tuple(years))

    def png(self, years: tuple[int, ...]) -> bytes:
        canvas, axes = self.canvas, self.axes
        shared = (years, axes.get_xlim(), self.legend_for)  # the x axis and the legend
        background = self.backgrounds.get(shared)
        if background is None:
            canvas.draw()  # type: ignore[no-untyped-call]  # the figure without its animated artists
            background = self.backgrounds[shared] = canvas.copy_from_bbox(self.figure.bbox)  # type: ignore[no-untyped-call]
        else:
            canvas.restore_region(background)  # type: ignore[no-untyped-call]
        axes.get_ylim()  # brings the y limits up to date, as the axes' own draw would
        for artist in sorted(axes.get_children(), key=lambda artist: artist.get_zorder()):
            if artist.get_animated():
                axes.draw_artist(artist)
        return png(canvas)


def indicator_charts(series: Sequence[IndicatorSeries], labels: Mapping[str, str]) -> list[bytes]:
    """Figures against the expected path and the target, one PNG per indicator, on one canvas."""
    if not series:
        return []
    with chart_style():
        canvas = IndicatorCanvas(labels)
        return [canvas.draw(item) for item in series]


def status_overview_chart(
    *, categories: Sequence[str], counts: Mapping[str, Sequence[int]], labels: Mapping[str, str], title: str
) -> bytes:
    """Stacked horizontal bars: per category, how many indicators are in each status.

    `counts` and `labels` are keyed by status value (colours come from the shared palette)."""
    with chart_style():
        height = max(2.4, 0.45 * len(categories) + 1.2)
        canvas = chart_canvas(7.0, height, layout="constrained")
        axes = canvas.figure.add_subplot()
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
        canvas.draw()  # type: ignore[no-untyped-call]
        return png(canvas)
