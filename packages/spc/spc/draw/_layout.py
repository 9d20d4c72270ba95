"""The figure around the marks: its size, axes, ticks, title and the room labels need."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _marks
from ._legend import Legend
from ._marks import LABEL_PT, ROW_PT, Mark
from ._series import Series, fmt, half_gap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

# Text sizes are in points; at this dpi one point is 1.39 px.
DPI = 100

# The date axis's month names when the caller gives none (the command line's English).
# An app passes its reader's names instead: matplotlib's own "%b" follows the process's C
# locale, not the page's language.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def draw(
    chart: Series,
    marks: list[Mark],
    wording: Mapping[str, str],
    title: str,
    x_label: str,
    y_label: str,
    width_px: int,
    *,
    month_names: Sequence[str] = MONTHS,
    gaps: Sequence[int] = (),
) -> Figure:
    """The whole chart as a matplotlib figure, ready to save.

    ``month_names`` are the twelve short month names the date axis writes (the reader's
    language); ``gaps`` are the positions after which the data line breaks.
    """
    height_px = max(320, round(width_px * 0.52))
    narrow = width_px < 520
    fig, ax = _frame(width_px, height_px)

    finite_x = chart.pos[np.isfinite(chart.pos)]
    plot_w = width_px * 0.85
    # Shrink marks on long series so neighbours do not merge into a band.
    px_per_point = plot_w / max(len(finite_x), 1)
    scale = min(1.0, max(0.5, px_per_point / 7))
    legend = Legend(wording)
    _marks.draw_phases(ax, chart, legend)
    _marks.draw_lines(ax, chart, legend, narrow)
    base = _marks.draw_points(ax, chart, legend, scale, dense=px_per_point < 2, gaps=gaps)
    _marks.draw_verdict(ax, chart, legend, base)

    marks = sorted(marks, key=lambda m: m[0])
    longest = max(10, int(width_px / 9 / max(1, min(len(marks), 3))))
    axes_px = height_px * (0.55 if narrow else 0.62)
    head_px = 0.0
    rows: list[int] = []
    if marks:
        _set_limits(ax, chart, 0.0, axes_px, marks)
        rows = _label_rows(marks, *ax.get_xlim(), plot_w, longest)
        head_px = (max(rows) + 1) * ROW_PT * DPI / 72 + 4
    _set_limits(ax, chart, head_px, axes_px, marks)
    _x_axis(ax, chart, plot_w, narrow, month_names)
    _y_axis(ax, height_px)
    if marks:
        _marks.annotate(ax, marks, rows, longest)
    if not np.isfinite(chart.y).any():
        ax.text(
            0.5,
            0.5,
            wording["no_data"],
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=10,
            color="#666666",
        )
    _words(fig, ax, title, x_label, y_label, width_px, height_px)
    legend.place(fig, width_px, narrow)
    return fig


def _frame(width_px: int, height_px: int) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    # A hair over the target size: Agg truncates the pixel size, and 3.61 * 100 is 360.99...
    fig = Figure(
        figsize=((width_px + 0.01) / DPI, (height_px + 0.01) / DPI),
        dpi=DPI,
        layout=ConstrainedLayoutEngine(w_pad=6 / 72, h_pad=6 / 72),
        facecolor="white",
    )
    ax = fig.add_subplot()
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#9a9a9a")
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(labelsize=8.5, colors="#444444", length=3, width=0.6)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _words(
    fig: Figure, ax: Axes, title: str, x_label: str, y_label: str, width_px: int, height_px: int
) -> None:
    """Title and axis labels, wrapped to the width they have."""
    # Roughly how many characters fit across the figure at these font sizes.
    chars = max(20, int((width_px - 24) / 9))
    if title:
        fig.suptitle(
            textwrap.fill(title, chars),
            x=0.015,
            ha="left",
            fontsize=11,
            fontweight="bold",
            color=_marks.INK,
        )
    if x_label:
        ax.set_xlabel(textwrap.fill(x_label, int(chars * 1.2)), fontsize=8.5, color="#444444")
    if y_label:
        ax.set_ylabel(
            textwrap.fill(y_label, max(16, int(height_px / 8.5))), fontsize=8.5, color="#444444"
        )


def _set_limits(ax: Axes, chart: Series, head_px: float, axes_px: float, marks: list[Mark]) -> None:
    """Fit the data, limits and target, with ``head_px`` free at the top for labels."""
    columns = (chart.y, chart.cl, chart.lcl, chart.ucl, chart.target)
    values = np.concatenate([c[np.isfinite(c)] for c in columns])
    if values.size == 0:
        lo, hi = 0.0, 1.0
    else:
        lo, hi = float(values.min()), float(values.max())
    span = hi - lo
    if span == 0:
        span = abs(hi) * 0.2 or 1.0
        lo, hi = lo - span / 2, hi + span / 2
    bottom = lo - span * 0.06
    # Counts, rates and proportions cannot go below zero; an axis that does looks wrong.
    if lo >= 0 > bottom:
        bottom = 0.0
    top = hi + span * 0.06
    head = min(0.4, head_px / max(axes_px, 1.0))
    top += (top - bottom) * head / (1 - head)
    ax.set_ylim(bottom, top)

    finite = chart.pos[np.isfinite(chart.pos)]
    if finite.size:
        xs = np.concatenate([finite, [m for m, _ in marks]])
        pad = half_gap(chart.pos, 0) if finite.size > 1 else 1.0
        ax.set_xlim(float(xs.min()) - pad, float(xs.max()) + pad)


def _x_axis(
    ax: Axes, chart: Series, plot_w: float, narrow: bool, month_names: Sequence[str]
) -> None:
    from matplotlib import dates as mdates
    from matplotlib import ticker

    nbins = max(3, int(plot_w // (80 if narrow else 75)))
    if chart.kind == "date":
        # With fewer than three ticks the locator falls back to years, which says too little.
        # matplotlib.dates ships without type hints, hence the ignores.
        locator = mdates.AutoDateLocator(minticks=3, maxticks=max(5, nbins))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(_date_formatter(month_names))
    elif chart.kind == "number":
        whole = all(float(v).is_integer() for v in chart.pos if math.isfinite(v))
        ax.xaxis.set_major_locator(
            ticker.MaxNLocator(nbins=nbins, integer=whole, steps=[1, 2, 2.5, 5, 10])
        )
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(_tick))
    else:
        names = chart.x_text
        width = max(4, int(plot_w / min(nbins, max(len(names), 1)) / 6.7))

        def name(v: float, _: Any) -> str:
            i = round(v)
            if abs(v - i) > 1e-9 or not 0 <= i < len(names):
                return ""
            # Two short lines read better than one cut-off word.
            return textwrap.fill(names[i], width, max_lines=2, placeholder="\u2026")

        ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=nbins, integer=True, min_n_ticks=1))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(name))


def date_ticks(stamps: Sequence[datetime], month_names: Sequence[str]) -> list[str]:
    """Labels for date ticks, in the words of ``month_names``.

    Ticks all on 1 January are years; ticks all on a month's first day are months, with the
    year under the first tick and under each January; other ticks are days with their
    month, the year again under the first and at each new year. No text is English unless
    the month names are.

    >>> date_ticks([datetime(2026, m, 1) for m in (11, 12)] + [datetime(2027, 1, 1)],
    ...            ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
    ...             "sept.", "oct.", "nov.", "déc."])
    ['nov.\\n2026', 'déc.', 'janv.\\n2027']
    """
    if all((s.month, s.day) == (1, 1) for s in stamps):
        return [str(s.year) for s in stamps]
    months = all(s.day == 1 for s in stamps)
    out = []
    for i, s in enumerate(stamps):
        text = month_names[s.month - 1] if months else f"{s.day} {month_names[s.month - 1]}"
        new_year = i == 0 or s.year != stamps[i - 1].year
        out.append(f"{text}\n{s.year}" if new_year else text)
    return out


def _date_formatter(month_names: Sequence[str]) -> Formatter:
    """A tick formatter writing :func:`date_ticks`; it sees all ticks at once, so it can
    tell a month axis from a day axis (matplotlib is imported only while drawing)."""
    from matplotlib import dates as mdates
    from matplotlib import ticker

    class DateTicks(ticker.Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return self.format_ticks([x])[0]

        def format_ticks(self, values: Any) -> list[str]:
            # matplotlib.dates ships without type hints; num2date of a float is a datetime.
            stamps = [mdates.num2date(v).replace(tzinfo=None) for v in values]  # type: ignore[no-untyped-call]
            return date_ticks(stamps, month_names)

    return DateTicks()


def _y_axis(ax: Axes, height_px: int) -> None:
    from matplotlib import ticker

    ax.yaxis.set_major_locator(
        ticker.MaxNLocator(nbins=max(4, height_px // 70), steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    )
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(_tick))


def _tick(v: float, _: Any) -> str:
    return fmt(v)


def _label_rows(marks: list[Mark], lo: float, hi: float, plot_w: float, longest: int) -> list[int]:
    """Stack annotation markers in rows so none overprints another.

    Widths are estimated from the character count (DejaVu Sans averages about 0.6 em), which
    is close enough to keep labels apart without a draw pass to measure them.
    """
    ends: list[float] = []
    rows = []
    for x, text in marks:
        width = (min(len(text), longest) * 0.62 * LABEL_PT + 8) * DPI / 72
        # Markers are centred on their period's line.
        left = (x - lo) / (hi - lo) * plot_w - width / 2
        row = next((r for r, end in enumerate(ends) if end < left), None)
        if row is None:
            # A new row rather than a shared one: markers never overprint each other.
            row = len(ends)
            ends.append(0.0)
        ends[row] = left + width
        rows.append(row)
    return rows
