"""What goes on the plot: bands, lines, points, the verdict's marks and annotation markers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._legend import Legend
from ._series import Floats, Series, half_gap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Close to the NHS Making Data Count palette, darkened where the original falls below about
# 3:1 contrast against white (their orange is 1.9:1), and every marker gets a dark edge.
INK = "#222222"
_GREY = "#6f7478"
_IMPROVEMENT = "#1f77c0"
_CONCERN = "#d17f00"
_NEUTRAL = "#4b2a8c"
_TARGET = "#b2182b"
_BASELINE_FILL = "#eef2f6"
# The verdict's reference line: a colour no other mark uses, so "judged against this" reads
# apart from the chart's own centre line.
_REFERENCE = "#00796b"

# classification -> (gid, legend key, marker, face colour, edge colour, size factor)
_MARKERS = {
    "common_cause": ("common-cause", "common", "o", _GREY, _GREY, 0.55),
    "special_cause_improvement": (
        "signal-improvement",
        "improvement",
        "D",
        _IMPROVEMENT,
        "#0b4a7d",
        1.0,
    ),
    "special_cause_concern": ("signal-concern", "concern", "s", _CONCERN, "#7a4a00", 1.0),
    "special_cause_neutral": ("signal-neutral", "neutral", "H", _NEUTRAL, "#24124a", 1.1),
}

_LINE_STYLES: dict[str, dict[str, Any]] = {
    "limits-2sigma": {"color": "#9aa3aa", "linewidth": 0.7, "linestyle": (0, (1.5, 2))},
    "limits": {"color": "#5b6770", "linewidth": 1.0, "linestyle": (0, (5, 3))},
    "target": {"color": _TARGET, "linewidth": 1.4, "linestyle": (0, (1, 2))},
    "centre": {"color": INK, "linewidth": 1.2, "linestyle": "-"},
}

# Annotation markers: text size in points and the height of one stacked row.
LABEL_PT = 8.5
ROW_PT = 13.0

# An annotation marker at its plot position with its text (the note's number).
Mark = tuple[float, str]


def draw_phases(ax: Axes, chart: Series, legend: Legend) -> None:
    """Shade the baseline and rule a line where one part of the chart gives way to the next."""
    from matplotlib.patches import Patch

    for i, (left, right) in enumerate(spans(chart.pos, chart.baseline)):
        gid = "baseline" if i == 0 else f"baseline-{i + 1}"
        ax.axvspan(left, right, color=_BASELINE_FILL, linewidth=0, zorder=0, gid=gid)
    if chart.baseline.any() and not chart.baseline.all():
        legend.add("baseline", Patch(facecolor=_BASELINE_FILL, edgecolor="#c9d3dd", linewidth=0.6))

    breaks = phase_breaks(chart)
    if breaks:
        bx = [v for b in breaks for v in (b, b, math.nan)]
        by = [v for _ in breaks for v in (0.0, 1.0, math.nan)]
        ax.plot(
            bx,
            by,
            transform=ax.get_xaxis_transform(),
            color="#8c8c8c",
            linewidth=0.9,
            scalex=False,
            scaley=False,
            gid="phase-break",
        )


def draw_lines(ax: Axes, chart: Series, legend: Legend, narrow: bool) -> None:
    """The limits, target and centre line, each stepping with its values."""
    from matplotlib.lines import Line2D

    lines = [
        ("limits", "limits", (chart.lcl, chart.ucl)),
        ("target", "target", (chart.target,)),
        ("centre", "median" if chart.chart == "run" else "centre", (chart.cl,)),
    ]
    # 2-sigma limits are a faint extra; on a phone screen they only crowd the 3-sigma ones.
    if not narrow:
        lines.insert(0, ("limits-2sigma", "limits_2sigma", (chart.lcl_2s, chart.ucl_2s)))
    for gid, key, columns in lines:
        xs: list[float] = []
        ys: list[float] = []
        for values in columns:
            cx, cy = step_line(chart.pos, values, chart.part)
            if cx and xs:
                xs.append(math.nan)
                ys.append(math.nan)
            xs += cx
            ys += cy
        if xs:
            ax.plot(xs, ys, gid=gid, zorder=2, solid_joinstyle="miter", **_LINE_STYLES[gid])
            legend.add(key, Line2D([], [], **_LINE_STYLES[gid]))


def draw_points(
    ax: Axes,
    chart: Series,
    legend: Legend,
    scale: float,
    dense: bool,
    gaps: Sequence[int] = (),
) -> float:
    """The data line and its points, one marker shape per classification.

    Returns the marker size the points were drawn at, which the verdict's rings build on.
    ``dense`` leaves out the common-cause dots, which below two pixels a point merge into a
    grey band that hides the line; signals still get their markers. The line breaks after
    each position in ``gaps`` (see :func:`broken_line`).
    """
    from matplotlib.lines import Line2D

    pos = chart.pos
    lx, ly = broken_line(pos, chart.y, gaps)
    ax.plot(lx, ly, color="#8a9096", linewidth=1.1 * scale + 0.2, zorder=3, gid="data")
    included = chart.include
    base = 5.2 * scale + 1.2
    for cls, (gid, key, marker, face, edge, size) in _MARKERS.items():
        mask = np.array([c == cls for c in chart.classes], dtype=bool) & included
        mask &= np.isfinite(chart.y) & np.isfinite(pos)
        if not mask.any() or (cls == "common_cause" and dense):
            continue
        style: dict[str, Any] = {
            "marker": marker,
            "markersize": base * size,
            "markerfacecolor": face,
            "markeredgecolor": edge,
            "markeredgewidth": 0.6,
            "linestyle": "none",
        }
        ax.plot(pos[mask], chart.y[mask], gid=gid, zorder=4, clip_on=False, **style)
        if key != "common" or any(c != "common_cause" for c in chart.classes):
            legend.add(key, Line2D([], [], **style))
    excluded = ~included & np.isfinite(chart.y) & np.isfinite(pos)
    if excluded.any():
        style = {
            "marker": "X",
            "markersize": base * 1.15,
            "markerfacecolor": "white",
            "markeredgecolor": INK,
            "markeredgewidth": 0.9,
            "linestyle": "none",
        }
        ax.plot(pos[excluded], chart.y[excluded], gid="excluded", zorder=5, clip_on=False, **style)
        legend.add("excluded", Line2D([], [], **style))
    return base


def draw_verdict(ax: Axes, chart: Series, legend: Legend, base: float) -> None:
    """Draw what the verdict judged: its reference line and the points that decided it."""
    from matplotlib.lines import Line2D

    ref = chart.reference()
    if ref is not None:
        centre, lower, upper, (first, last) = ref
        left = chart.pos[first] - half_gap(chart.pos, first)
        right = chart.pos[last] + half_gap(chart.pos, last)
        style: dict[str, Any] = {"color": _REFERENCE, "linewidth": 1.6, "linestyle": (0, (6, 3))}
        ax.plot([left, right], [centre, centre], gid="reference-centre", zorder=2.5, **style)
        legend.add("baseline_line", Line2D([], [], **style))
        limits = [v for v in (lower, upper) if math.isfinite(v)]
        if limits:
            xs = [v for _ in limits for v in (left, right, math.nan)]
            ys = [v for lim in limits for v in (lim, lim, math.nan)]
            thin: dict[str, Any] = {"color": _REFERENCE, "linewidth": 0.9, "linestyle": (0, (2, 2))}
            ax.plot(xs, ys, gid="reference-limits", zorder=2.5, **thin)
    decided = chart.decisive_points()
    if decided is None:
        return
    meaning, picked = decided
    colour = _IMPROVEMENT if meaning == "improvement" else _CONCERN
    # A ring around the point, not a new fill: the point keeps qicharts2's classification.
    style = {
        "marker": "o",
        "markersize": base * 1.9,
        "markerfacecolor": "none",
        "markeredgecolor": colour,
        "markeredgewidth": 1.6,
        "linestyle": "none",
    }
    ax.plot(
        chart.pos[picked],
        chart.y[picked],
        gid=f"decisive-{meaning}",
        zorder=4.5,
        clip_on=False,
        **style,
    )
    legend.add(f"decisive_{meaning}", Line2D([], [], **style))


def annotate(ax: Axes, marks: list[Mark], rows: list[int], longest: int) -> None:
    """A thin line at each annotated period and its number in a box, in its row."""
    xs = [v for m, _ in marks for v in (m, m, math.nan)]
    ys = [v for _ in marks for v in (0.0, 1.0, math.nan)]
    ax.plot(
        xs,
        ys,
        transform=ax.get_xaxis_transform(),
        color="#3d4a57",
        linewidth=0.8,
        linestyle=(0, (2, 2)),
        scalex=False,
        scaley=False,
        zorder=1.5,
        gid="annotations",
    )
    for (x, text), row in zip(marks, rows, strict=True):
        short = text if len(text) <= longest else text[: longest - 1] + "\u2026"
        ax.annotate(
            short,
            xy=(x, 1.0),
            xycoords=ax.get_xaxis_transform(),
            ha="center",
            va="center",
            fontsize=LABEL_PT,
            color="#1f2a36",
            xytext=(0, -8 - ROW_PT * row),
            textcoords="offset points",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#b8c2cc", "lw": 0.5},
            annotation_clip=False,
            zorder=6,
            gid=f"annotation-{text}",
        )


def broken_line(pos: Floats, y: Floats, gaps: Sequence[int]) -> tuple[Floats, Floats]:
    """The data line's vertices with a NaN after each position in ``gaps``.

    A gap at position k (counted from 1, as spc counts points) falls between the k-th and
    the next point: periods with no data, so the line must not join the points on either
    side. Only the drawing changes; the points, limits and signals are as computed.

    >>> xs, ys = broken_line(np.array([1.0, 2, 5]), np.array([4.0, 5, 6]), [2])
    >>> xs.tolist()
    [1.0, 2.0, nan, 5.0]
    """
    cuts = sorted({int(k) for k in gaps if 0 < int(k) < len(pos)})
    if not cuts:
        return pos, y
    return np.insert(pos, cuts, math.nan), np.insert(y, cuts, math.nan)


def step_line(pos: Any, values: Any, parts: list[Any]) -> tuple[list[float], list[float]]:
    """Vertices of a stepped line, one flat step per run of equal values.

    Each point owns the stretch halfway to its neighbours in the same part, so limits that
    change with the denominator step between points, and a constant limit is a single
    segment of two vertices. The line breaks (NaN) at missing values and part changes.
    """
    xs: list[float] = []
    ys: list[float] = []
    n = len(pos)

    def same_part(i: int, j: int) -> bool:
        return 0 <= j < n and parts[i] == parts[j] and math.isfinite(pos[j])

    i = 0
    while i < n:
        v = values[i]
        if not (math.isfinite(v) and math.isfinite(pos[i])):
            i += 1
            continue
        j = i
        while j + 1 < n and same_part(j, j + 1) and _same(values[j + 1], v):
            j += 1
        left = (pos[i - 1] + pos[i]) / 2 if same_part(i, i - 1) else pos[i]
        right = (pos[j] + pos[j + 1]) / 2 if same_part(j, j + 1) else pos[j]
        if xs and not (same_part(i, i - 1) and math.isfinite(values[i - 1])):
            xs.append(math.nan)
            ys.append(math.nan)
        xs += [left, right]
        ys += [v, v]
        i = j + 1
    return xs, ys


def _same(a: float, b: float) -> bool:
    return math.isfinite(a) and math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def phase_breaks(chart: Series) -> list[float]:
    breaks = []
    for i in range(1, chart.n):
        if chart.part[i] != chart.part[i - 1]:
            a, b = chart.pos[i - 1], chart.pos[i]
            if math.isfinite(a) and math.isfinite(b):
                breaks.append(float((a + b) / 2))
    return breaks


def spans(pos: Floats, mask: Any) -> list[tuple[float, float]]:
    """Contiguous stretches where mask holds, widened halfway to the neighbouring points."""
    found = []
    n = len(pos)
    i = 0
    while i < n:
        if not mask[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and mask[j + 1]:
            j += 1
        left = (pos[i - 1] + pos[i]) / 2 if i > 0 else pos[i] - half_gap(pos, i)
        right = (pos[j] + pos[j + 1]) / 2 if j + 1 < n else pos[j] + half_gap(pos, j)
        if math.isfinite(left) and math.isfinite(right):
            found.append((float(left), float(right)))
        i = j + 1
    return found
