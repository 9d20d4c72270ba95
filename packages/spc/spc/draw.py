"""Draw spc chart results as SVG or PNG control charts.

The computation side hands over a plain dict (or an object with ``to_dict()``); this module
only draws it. matplotlib is imported inside :func:`render`, never at module import, so the
web app and the command line can import ``spc`` without paying for matplotlib.

Design choices worth knowing:

* The figure is laid out in screen pixels (100 dpi, 1 inch = 100 px), so text keeps the same
  pixel size at every ``width_px``; a 360 px chart is as readable as a 720 px one, it just
  shows fewer ticks and legend columns.
* Signals are told apart by marker shape as well as colour (improvement: diamond, concern:
  square, neutral: hexagon, common cause: small dot, excluded: hollow cross), so the chart
  still reads in greyscale and for colour-blind readers.
* Each kind of mark is one matplotlib artist with a fixed ``gid`` (``centre``, ``limits``,
  ``limits-2sigma``, ``target``, ``phase-break``, ``baseline``, ``data``, ``common-cause``,
  ``signal-improvement``, ``signal-concern``, ``signal-neutral``, ``excluded``,
  ``annotations``), which becomes the ``id`` of a ``<g>`` in the SVG. Lines of several parts
  share an artist and are broken with NaN, which keeps ids unique and the SVG small.
* Output is deterministic: the SVG hash salt is derived from the input and metadata such as
  the creation date is stripped, so identical input gives identical bytes (cacheable).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import numbers
import re
import textwrap
import threading
import warnings
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["annotation_notes", "render"]

# Text sizes are in points; at this dpi one point is 1.39 px.
_DPI = 100
_MIN_WIDTH_PX = 200
_MAX_WIDTH_PX = 4000

_LABELS = {
    "centre": "Centre line",
    "median": "Median",
    "limits": "Control limits",
    "limits_2sigma": "2-sigma limits",
    "target": "Target",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral": "Special cause",
    "common": "Common cause",
    "excluded": "Excluded",
    "baseline": "Baseline",
    "baseline_line": "baseline",
    "decisive_improvement": "Improvement signal",
    "decisive_concern": "Concern signal",
    "no_data": "No data yet",
}

# Close to the NHS Making Data Count palette, darkened where the original falls below about
# 3:1 contrast against white (their orange is 1.9:1), and every marker gets a dark edge.
_INK = "#222222"
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

_CHART_NAMES = {
    "run": "Run chart",
    "i": "I chart (individual values)",
    "mr": "Moving range chart",
    "xbar": "Xbar chart (subgroup means)",
    "s": "S chart (subgroup standard deviations)",
    "t": "T chart (time between events)",
    "p": "P chart (proportions)",
    "pp": "P prime chart (Laney)",
    "c": "C chart (counts)",
    "u": "U chart (rates)",
    "up": "U prime chart (Laney)",
    "g": "G chart (opportunities between events)",
}

_VERDICTS = {
    "improvement": "improvement",
    "deterioration": "deterioration",
    "no_signal": "no signal",
    "too_little_data": "too little data to judge",
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# rcParams are process-global in matplotlib and the SVG backend reads svg.fonttype and
# svg.hashsalt from them while saving, so renders take turns. Drawing is CPU-bound under the
# GIL anyway, so the lock costs a web server little.
_LOCK = threading.Lock()


def render(
    result: Any,
    fmt: str = "svg",
    *,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    annotations: Sequence[tuple[Any, str]] = (),
    width_px: int = 720,
    lang_labels: Mapping[str, str] | None = None,
) -> bytes:
    """Draw a chart result as SVG or PNG and return the file's bytes.

    ``result`` is the dict form of an spc chart result (``chart``, ``points``, ``parts``,
    ``verdict``) or an object whose ``to_dict()`` returns it. Missing numbers (``None``)
    become gaps. ``x`` may be numbers, ISO dates (``"2024-03-01"``) or any text; text is
    placed in the given order.

    ``annotations`` is a sequence of ``(x, text)``, for example the start of each PDSA cycle,
    marked with a thin vertical line and a short label. ``lang_labels`` overrides legend
    strings by key (``centre``, ``median``, ``limits``, ``limits_2sigma``, ``target``,
    ``improvement``, ``concern``, ``neutral``, ``common``, ``excluded``, ``baseline``,
    ``no_data``); unknown keys are ignored so the web app can pass one catalogue.

    The SVG starts with ``<svg role="img" aria-labelledby=...>`` holding a ``<title>`` and
    a plain-language ``<desc>`` for screen readers; text stays text. The PNG is exactly
    ``width_px`` wide.

    >>> chart = {"chart": "run", "points": [
    ...     {"x": i + 1, "y": y, "cl": 3.0, "part": 1, "classification": "common_cause"}
    ...     for i, y in enumerate([3, 4, 2, 3, 5, 3])]}
    >>> svg = render(chart, title="Days to first antenatal visit", width_px=360)
    >>> svg[:4]
    b'<svg'
    >>> b"<title" in svg and b"Run chart of 6 points" in svg
    True
    >>> render(chart, "png")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if fmt not in ("svg", "png"):
        raise ValueError(f"fmt must be 'svg' or 'png', not {fmt!r}")
    if isinstance(width_px, bool) or not isinstance(width_px, numbers.Integral):
        raise ValueError(f"width_px must be a whole number of pixels, not {width_px!r}")
    if not _MIN_WIDTH_PX <= width_px <= _MAX_WIDTH_PX:
        raise ValueError(
            f"width_px must be between {_MIN_WIDTH_PX} and {_MAX_WIDTH_PX}, not {width_px}"
        )
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, Mapping):
        raise ValueError("result must be a chart result dict or have a to_dict() method")
    labels = {**_LABELS, **{k: str(v) for k, v in (lang_labels or {}).items() if k in _LABELS}}
    chart = _Series(data)
    notes = annotation_notes(annotations)
    # The chart carries only each note's number at its period; the words go under the
    # chart (see annotation_notes), where they can neither overlap nor run off the plot.
    marks = [(chart.place(x), str(number)) for number, x, _ in notes]
    desc = _describe(chart, notes)
    key = json.dumps(
        [data, fmt, title, x_label, y_label, [list(a) for a in annotations], width_px, labels],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    import matplotlib

    rc = {
        "svg.fonttype": "none",
        "svg.hashsalt": digest,
        # Text is laid out with DejaVu Sans, which ships with matplotlib; browsers without
        # it fall back to Verdana (same widths) or their own sans-serif, never to serif.
        "font.family": ["sans-serif"],
        "font.sans-serif": ["DejaVu Sans", "Verdana"],
        # Titles, labels and annotations are typed by users: "from $5 to $10" is money,
        # not TeX mathematics.
        "text.parse_math": False,
    }
    with _LOCK, matplotlib.rc_context(rc):
        fig = _draw(chart, marks, labels, title, x_label, y_label, width_px)
        buf = io.BytesIO()
        if fmt == "svg":
            metadata = {"Creator": None, "Date": None, "Format": None, "Type": None}
        else:
            metadata = {"Software": None}
        with warnings.catch_warnings():
            # Just under three years on a narrow chart fits no interval between the
            # minimum and maximum tick counts; matplotlib then takes six-monthly ticks,
            # which is what we would choose, but warns on every render.
            warnings.filterwarnings("ignore", "AutoDateLocator was unable", UserWarning)
            fig.savefig(buf, format=fmt, dpi=_DPI, metadata=metadata)
    out = buf.getvalue()
    if fmt == "svg":
        out = _finish_svg(out, title or chart.name, desc, digest)
    return out


def annotation_notes(annotations: Sequence[tuple[Any, str]]) -> list[tuple[int, Any, str]]:
    """Number annotations as :func:`render` draws them: ``(number, x, text)``.

    Numbers follow the given order (pass them in time order), one per distinct x; notes at
    the same x share a number and their texts are joined with "; ". A page lists these
    under the chart as "1. text".

    >>> annotation_notes([("2024-02-01", "PDSA 1"), ("2024-05-01", "PDSA 2"),
    ...                   ("2024-02-01", "New rota")])
    [(1, '2024-02-01', 'PDSA 1; New rota'), (2, '2024-05-01', 'PDSA 2')]
    """
    grouped: dict[Any, tuple[Any, list[str]]] = {}
    for x, text in annotations:
        stamp = _as_datetime(x)
        key = stamp if stamp is not None else (_number(x) if _is_number(x) else str(x))
        grouped.setdefault(key, (x, []))[1].append(str(text))
    return [(i + 1, x, "; ".join(texts)) for i, (x, texts) in enumerate(grouped.values())]


class _Series:
    """The points of a result as float arrays, with x turned into plot positions."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        import numpy as np

        points = data.get("points") or []
        if not isinstance(points, Sequence) or isinstance(points, str | bytes):
            raise ValueError("result['points'] must be a list of point dicts")
        for i, p in enumerate(points):
            if not isinstance(p, Mapping):
                raise ValueError(f"result['points'][{i}] must be a dict, not {type(p).__name__}")
        self.chart = str(data.get("chart") or "")
        self.name = _CHART_NAMES.get(self.chart, f"{self.chart.upper()} chart".strip())
        self.n = len(points)

        def column(key: str) -> Any:
            return np.array([_number(p.get(key)) for p in points], dtype=float)

        self.y = column("y")
        self.cl = column("cl")
        self.lcl = column("lcl")
        self.ucl = column("ucl")
        self.lcl_2s = column("lcl_95")
        self.ucl_2s = column("ucl_95")
        self.target = column("target")
        self.part = [p.get("part", 1) for p in points]
        self.baseline = np.array([bool(p.get("baseline")) for p in points], dtype=bool)
        self.include = np.array([p.get("include", True) is not False for p in points], dtype=bool)
        self.classes = [_classify(p) for p in points]
        self.verdict = data.get("verdict") or {}

        raw_x = [p.get("x") for p in points]
        present = [x for x in raw_x if x is not None]
        if present and all(_is_number(x) for x in present):
            self.kind = "number"
            self.pos = np.array([_number(x) for x in raw_x], dtype=float)
            self.x_text = [_fmt(v) if math.isfinite(v) else "" for v in self.pos]
        elif present and all(_as_datetime(x) is not None for x in present):
            from matplotlib import dates as mdates

            self.kind = "date"
            stamps = [_as_datetime(x) for x in raw_x]
            self.pos = np.array(
                [mdates.date2num(s) if s is not None else math.nan for s in stamps], dtype=float
            )
            self.x_text = ["" if x is None else _date_text(x) for x in raw_x]
        else:
            # Text has no order of its own: keep the given one, one slot per point.
            self.kind = "text"
            self.pos = np.arange(self.n, dtype=float)
            self.x_text = ["" if x is None else str(x) for x in raw_x]

    def place(self, x: Any) -> float:
        """Position of an annotation's x on this chart's x axis."""
        if self.kind == "number" and _is_number(x):
            return float(x)
        if self.kind == "date" and _as_datetime(x) is not None:
            from matplotlib import dates as mdates

            return float(mdates.date2num(_as_datetime(x)))
        if self.kind == "text" and str(x) in self.x_text:
            return float(self.x_text.index(str(x)))
        raise ValueError(f"annotation x {x!r} is not on this chart's x axis ({self.kind})")


def _number(v: Any) -> float:
    if _is_number(v) and math.isfinite(float(v)):
        return float(v)
    return math.nan


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, str | bytes)


def _as_datetime(v: Any) -> datetime | None:
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, str) and _ISO_DATE.match(v):
        try:
            return datetime.fromisoformat(v)
        except ValueError:
            return None
    return None


def _date_text(v: Any) -> str:
    stamp = _as_datetime(v)
    if stamp is None:
        return str(v)
    if (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0):
        return stamp.date().isoformat()
    return stamp.isoformat(sep=" ", timespec="minutes")


def _classify(point: Mapping[str, Any]) -> str:
    cls = point.get("classification")
    if cls in _MARKERS:
        return cls
    if point.get("sigma_signal") or point.get("runs_signal"):
        return "special_cause_neutral"
    return "common_cause"


def _fmt(v: float) -> str:
    """A number with about three significant figures, without exponent or trailing zeros."""
    if not math.isfinite(v):
        return ""
    if v == 0:
        return "0"
    decimals = min(6, max(0, 2 - math.floor(math.log10(abs(v)))))
    text = f"{v:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _step_line(pos: Any, values: Any, parts: list[Any]) -> tuple[list[float], list[float]]:
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


def _phase_breaks(chart: _Series) -> list[float]:
    breaks = []
    for i in range(1, chart.n):
        if chart.part[i] != chart.part[i - 1]:
            a, b = chart.pos[i - 1], chart.pos[i]
            if math.isfinite(a) and math.isfinite(b):
                breaks.append((a + b) / 2)
    return breaks


def _spans(pos: Any, mask: Any) -> list[tuple[float, float]]:
    """Contiguous stretches where mask holds, widened halfway to the neighbouring points."""
    spans = []
    n = len(pos)
    i = 0
    while i < n:
        if not mask[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and mask[j + 1]:
            j += 1
        left = (pos[i - 1] + pos[i]) / 2 if i > 0 else pos[i] - _half_gap(pos, i)
        right = (pos[j] + pos[j + 1]) / 2 if j + 1 < n else pos[j] + _half_gap(pos, j)
        if math.isfinite(left) and math.isfinite(right):
            spans.append((left, right))
        i = j + 1
    return spans


def _half_gap(pos: Any, i: int) -> float:
    import numpy as np

    finite = pos[np.isfinite(pos)]
    if len(finite) < 2:
        return 0.5
    return float(np.median(np.diff(np.sort(finite)))) / 2


def _draw(chart, marks, labels, title, x_label, y_label, width_px):
    import numpy as np
    from matplotlib import ticker
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    height_px = max(320, round(width_px * 0.52))
    narrow = width_px < 520
    # A hair over the target size: Agg truncates the pixel size, and 3.61 * 100 is 360.99...
    fig = Figure(
        figsize=((width_px + 0.01) / _DPI, (height_px + 0.01) / _DPI),
        dpi=_DPI,
        layout="constrained",
        facecolor="white",
    )
    fig.get_layout_engine().set(w_pad=6 / 72, h_pad=6 / 72)
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

    pos = chart.pos
    finite_x = pos[np.isfinite(pos)]
    plot_w = width_px * 0.85
    # Shrink marks on long series so neighbours do not merge into a band.
    px_per_point = plot_w / max(len(finite_x), 1)
    scale = min(1.0, max(0.5, px_per_point / 7))
    handles: list[Any] = []

    def legend(key: str, handle: Any) -> None:
        handle.set_label(labels[key])
        handles.append(handle)

    for i, (left, right) in enumerate(_spans(pos, chart.baseline)):
        gid = "baseline" if i == 0 else f"baseline-{i + 1}"
        ax.axvspan(left, right, color=_BASELINE_FILL, linewidth=0, zorder=0, gid=gid)
    if chart.baseline.any() and not chart.baseline.all():
        legend("baseline", Patch(facecolor=_BASELINE_FILL, edgecolor="#c9d3dd", linewidth=0.6))

    breaks = _phase_breaks(chart)
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

    is_run = chart.chart == "run"
    lines = [
        ("limits", "limits", (chart.lcl, chart.ucl)),
        ("target", "target", (chart.target,)),
        ("centre", "median" if is_run else "centre", (chart.cl,)),
    ]
    # 2-sigma limits are a faint extra; on a phone screen they only crowd the 3-sigma ones.
    if not narrow:
        lines.insert(0, ("limits-2sigma", "limits_2sigma", (chart.lcl_2s, chart.ucl_2s)))
    styles = {
        "limits-2sigma": {"color": "#9aa3aa", "linewidth": 0.7, "linestyle": (0, (1.5, 2))},
        "limits": {"color": "#5b6770", "linewidth": 1.0, "linestyle": (0, (5, 3))},
        "target": {"color": _TARGET, "linewidth": 1.4, "linestyle": (0, (1, 2))},
        "centre": {"color": _INK, "linewidth": 1.2, "linestyle": "-"},
    }
    for gid, key, columns in lines:
        xs: list[float] = []
        ys: list[float] = []
        for values in columns:
            cx, cy = _step_line(pos, values, chart.part)
            if cx and xs:
                xs.append(math.nan)
                ys.append(math.nan)
            xs += cx
            ys += cy
        if xs:
            ax.plot(xs, ys, gid=gid, zorder=2, solid_joinstyle="miter", **styles[gid])
            legend(key, Line2D([], [], **styles[gid]))

    ax.plot(
        pos,
        chart.y,
        color="#8a9096",
        linewidth=1.1 * scale + 0.2,
        zorder=3,
        gid="data",
    )

    included = chart.include
    base = 5.2 * scale + 1.2
    for cls, (gid, key, marker, face, edge, size) in _MARKERS.items():
        mask = np.array([c == cls for c in chart.classes], dtype=bool) & included
        mask &= np.isfinite(chart.y) & np.isfinite(pos)
        # Below two pixels a point, common-cause dots merge into a grey band that hides
        # the line; signals still get their markers.
        if not mask.any() or (cls == "common_cause" and px_per_point < 2):
            continue
        style = {
            "marker": marker,
            "markersize": base * size,
            "markerfacecolor": face,
            "markeredgecolor": edge,
            "markeredgewidth": 0.6,
            "linestyle": "none",
        }
        ax.plot(pos[mask], chart.y[mask], gid=gid, zorder=4, clip_on=False, **style)
        if key != "common" or any(c != "common_cause" for c in chart.classes):
            legend(key, Line2D([], [], **style))
    excluded = ~included & np.isfinite(chart.y) & np.isfinite(pos)
    if excluded.any():
        style = {
            "marker": "X",
            "markersize": base * 1.15,
            "markerfacecolor": "white",
            "markeredgecolor": _INK,
            "markeredgewidth": 0.9,
            "linestyle": "none",
        }
        ax.plot(pos[excluded], chart.y[excluded], gid="excluded", zorder=5, clip_on=False, **style)
        legend("excluded", Line2D([], [], **style))

    _draw_verdict(ax, chart, labels, legend, base)

    marks = sorted(marks, key=lambda m: m[0])
    longest = max(10, int(width_px / 9 / max(1, min(len(marks), 3))))
    axes_px = height_px * (0.55 if narrow else 0.62)
    head_px = 0.0
    if marks:
        _set_limits(ax, chart, 0.0, axes_px, marks)
        rows = _label_rows(marks, *ax.get_xlim(), plot_w, longest)
        head_px = (max(rows) + 1) * _ROW_PT * _DPI / 72 + 4
    _set_limits(ax, chart, head_px, axes_px, marks)
    _x_axis(ax, chart, plot_w, narrow)
    ax.yaxis.set_major_locator(
        ticker.MaxNLocator(nbins=max(4, height_px // 70), steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    )
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: _fmt(v)))

    if marks:
        _annotate(ax, marks, rows, longest)
    if not np.isfinite(chart.y).any():
        ax.text(
            0.5,
            0.5,
            labels["no_data"],
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=10,
            color="#666666",
        )

    # Roughly how many characters fit across the figure at these font sizes.
    chars = max(20, int((width_px - 24) / 9))
    if title:
        fig.suptitle(
            textwrap.fill(title, chars),
            x=0.015,
            ha="left",
            fontsize=11,
            fontweight="bold",
            color=_INK,
        )
    if x_label:
        ax.set_xlabel(textwrap.fill(x_label, int(chars * 1.2)), fontsize=8.5, color="#444444")
    if y_label:
        ax.set_ylabel(
            textwrap.fill(y_label, max(16, int(height_px / 8.5))), fontsize=8.5, color="#444444"
        )
    if handles:
        ncols = max(1, min(len(handles), (width_px - 20) // (105 if narrow else 120)))
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=ncols,
            fontsize=8.5,
            frameon=False,
            handlelength=2.2,
            columnspacing=1.2,
            handletextpad=0.5,
            borderaxespad=0.2,
        )
    return fig


def _window(chart, span: Any) -> tuple[int, int] | None:
    """0-based inclusive indices of a verdict's 1-based ``{"start", "end"}``, clipped."""
    if not isinstance(span, Mapping):
        return None
    start, end = _number(span.get("start")), _number(span.get("end"))
    if not (math.isfinite(start) and math.isfinite(end)):
        return None
    first, last = max(0, int(start) - 1), min(chart.n - 1, int(end) - 1)
    return (first, last) if first <= last else None


def _reference(chart) -> tuple[float, float, float, tuple[int, int]] | None:
    """The verdict's reference centre and limits and the window judged against them."""
    verdict = chart.verdict if isinstance(chart.verdict, Mapping) else {}
    ref = verdict.get("reference")
    window = _window(chart, verdict.get("judged"))
    if not isinstance(ref, Mapping) or window is None:
        return None
    centre = _number(ref.get("centre"))
    if not math.isfinite(centre):
        return None
    return centre, _number(ref.get("lower")), _number(ref.get("upper")), window


def decisive_points(chart) -> tuple[str, list[int]] | None:
    """The verdict's deciding signal as ("improvement" | "concern", 0-based indices).

    Only points that carry the signal are marked: those on its side of the reference
    centre (a shift), beyond the reference limit (a beyond), or all of a trend. Without a
    reference, the chart's own centre line at each point stands in (older results).
    """
    import numpy as np

    verdict = chart.verdict if isinstance(chart.verdict, Mapping) else {}
    meaning = {"improvement": "improvement", "deterioration": "concern"}.get(verdict.get("status"))
    decisive = verdict.get("decisive")
    window = _window(chart, decisive)
    if meaning is None or window is None:
        return None
    ref = _reference(chart)
    centre = np.full(chart.n, ref[0]) if ref else chart.cl
    side, kind = decisive.get("side"), decisive.get("kind")
    if kind == "beyond" and ref and side == "above" and math.isfinite(ref[2]):
        centre = np.full(chart.n, ref[2])
    elif kind == "beyond" and ref and side == "below" and math.isfinite(ref[1]):
        centre = np.full(chart.n, ref[1])
    picked = []
    for i in range(window[0], window[1] + 1):
        y = chart.y[i]
        if not (chart.include[i] and math.isfinite(y) and math.isfinite(chart.pos[i])):
            continue
        if side == "above" and not y > centre[i]:
            continue
        if side == "below" and not y < centre[i]:
            continue
        picked.append(i)
    return (meaning, picked) if picked else None


def _draw_verdict(ax, chart, labels, legend, base: float) -> None:
    """Draw what the verdict judged: its reference line and the points that decided it."""
    from matplotlib.lines import Line2D

    ref = _reference(chart)
    if ref is not None:
        centre, lower, upper, (first, last) = ref
        left = chart.pos[first] - _half_gap(chart.pos, first)
        right = chart.pos[last] + _half_gap(chart.pos, last)
        style = {"color": _REFERENCE, "linewidth": 1.6, "linestyle": (0, (6, 3))}
        ax.plot([left, right], [centre, centre], gid="reference-centre", zorder=2.5, **style)
        legend("baseline_line", Line2D([], [], **style))
        limits = [v for v in (lower, upper) if math.isfinite(v)]
        if limits:
            xs = [v for _ in limits for v in (left, right, math.nan)]
            ys = [v for lim in limits for v in (lim, lim, math.nan)]
            thin = {"color": _REFERENCE, "linewidth": 0.9, "linestyle": (0, (2, 2))}
            ax.plot(xs, ys, gid="reference-limits", zorder=2.5, **thin)
    decided = decisive_points(chart)
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
    legend(f"decisive_{meaning}", Line2D([], [], **style))


def _set_limits(ax, chart, head_px: float, axes_px: float, marks) -> None:
    """Fit the data, limits and target, with ``head_px`` free at the top for labels."""
    import numpy as np

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
        pad = _half_gap(chart.pos, 0) if finite.size > 1 else 1.0
        ax.set_xlim(float(xs.min()) - pad, float(xs.max()) + pad)


def _x_axis(ax, chart, plot_w: float, narrow: bool) -> None:
    from matplotlib import dates as mdates
    from matplotlib import ticker

    nbins = max(3, int(plot_w // (80 if narrow else 75)))
    if chart.kind == "date":
        # With fewer than three ticks the locator falls back to years, which says too little.
        locator = mdates.AutoDateLocator(minticks=3, maxticks=max(5, nbins))
        ax.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator, show_offset=True)
        ax.xaxis.set_major_formatter(formatter)
    elif chart.kind == "number":
        whole = all(float(v).is_integer() for v in chart.pos if math.isfinite(v))
        ax.xaxis.set_major_locator(
            ticker.MaxNLocator(nbins=nbins, integer=whole, steps=[1, 2, 2.5, 5, 10])
        )
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: _fmt(v)))
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


_LABEL_PT = 8.5
_ROW_PT = 13.0


def _label_rows(marks, lo: float, hi: float, plot_w: float, longest: int) -> list[int]:
    """Stack annotation markers in rows so none overprints another.

    Widths are estimated from the character count (DejaVu Sans averages about 0.6 em), which
    is close enough to keep labels apart without a draw pass to measure them.
    """
    ends: list[float] = []
    rows = []
    for x, text in marks:
        width = (min(len(text), longest) * 0.62 * _LABEL_PT + 8) * _DPI / 72
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


def _annotate(ax, marks, rows: list[int], longest: int) -> None:
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
            fontsize=_LABEL_PT,
            color="#1f2a36",
            xytext=(0, -8 - _ROW_PT * row),
            textcoords="offset points",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#b8c2cc", "lw": 0.5},
            annotation_clip=False,
            zorder=6,
            gid=f"annotation-{text}",
        )


def _describe(chart: _Series, notes) -> str:
    """A plain-language summary for screen readers: what a sighted reader takes in."""
    import numpy as np

    parts = []
    finite = np.isfinite(chart.y)
    count = int(finite.sum())
    span = ""
    texts = [t for t, ok in zip(chart.x_text, finite, strict=True) if ok and t]
    if texts:
        span = f" from {texts[0]} to {texts[-1]}"
    parts.append(f"{chart.name} of {_points(chart.n)}{span}.")
    if count < chart.n:
        missing = chart.n - count
        parts.append(f"{_points(missing)} {'has' if missing == 1 else 'have'} no value.")
    last = int(np.flatnonzero(finite)[-1]) if count else None
    if last is not None:
        centre = chart.cl[last]
        if math.isfinite(centre):
            word = "Median" if chart.chart == "run" else "Centre line"
            parts.append(f"{word} {_fmt(centre)}.")
        lcl, ucl = chart.lcl[last], chart.ucl[last]
        if math.isfinite(lcl) or math.isfinite(ucl):
            varying = _varies(chart.lcl) or _varies(chart.ucl)
            lead = "Control limits vary with each point; latest" if varying else "Control limits"
            parts.append(f"{lead} {_fmt(lcl) or 'none'} to {_fmt(ucl) or 'none'}.")
        if math.isfinite(chart.target[last]):
            parts.append(f"Target {_fmt(chart.target[last])}.")
        at = f" ({chart.x_text[last]})" if chart.x_text[last] else ""
        parts.append(f"Latest value {_fmt(chart.y[last])}{at}.")
    counts = dict.fromkeys(_MARKERS, 0)
    for cls, ok, inc in zip(chart.classes, finite, chart.include, strict=True):
        if ok and inc:
            counts[cls] += 1
    signals = [
        f"{counts[cls]} {word}"
        for cls, word in (
            ("special_cause_improvement", "improvement"),
            ("special_cause_concern", "concern"),
            ("special_cause_neutral", "special cause"),
        )
        if counts[cls]
    ]
    if signals:
        parts.append("Special-cause points: " + ", ".join(signals) + ".")
    parts += _describe_verdict(chart)
    n_parts = len(dict.fromkeys(chart.part))
    if n_parts > 1:
        parts.append(f"{n_parts} phases.")
    excluded = int((~chart.include).sum())
    if excluded:
        parts.append(f"{_points(excluded)} excluded from the calculations.")
    status = chart.verdict.get("status") if isinstance(chart.verdict, Mapping) else None
    if status:
        verdict = f"Verdict: {_VERDICTS.get(status, str(status).replace('_', ' '))}"
        reasons = chart.verdict.get("reasons") or []
        if reasons:
            verdict += " (" + "; ".join(str(r).rstrip(".") for r in reasons) + ")"
        parts.append(verdict + ".")
    if notes:
        said = [f"{number}. {text} at {_label_x(chart, x)}" for number, x, text in notes]
        parts.append("Marked: " + "; ".join(said) + ".")
    return " ".join(parts)


def _describe_verdict(chart: _Series) -> list[str]:
    out = []
    ref = _reference(chart)
    if ref is not None:
        centre, lower, upper, (first, last) = ref
        limits = ""
        if math.isfinite(lower) or math.isfinite(upper):
            limits = f", limits {_fmt(lower) or 'none'} to {_fmt(upper) or 'none'}"
        out.append(
            f"Baseline line (the verdict's reference) {_fmt(centre)}{limits},"
            f" drawn across points {first + 1}-{last + 1}."
        )
    decided = decisive_points(chart)
    if decided is not None:
        meaning, picked = decided
        kind = chart.verdict["decisive"].get("kind") or "signal"
        where = ", ".join(str(i + 1) for i in picked)
        out.append(f"The {meaning} signal behind the verdict ({kind}) is marked at points {where}.")
    return out


def _points(n: int) -> str:
    return "1 point" if n == 1 else f"{n} points"


def _label_x(chart: _Series, x: Any) -> str:
    if chart.kind == "date":
        return _date_text(x)
    if chart.kind == "number":
        return _fmt(float(x))
    return str(x)


def _varies(values: Any) -> bool:
    import numpy as np

    finite = values[np.isfinite(values)]
    return finite.size > 1 and bool(finite.max() - finite.min() > 1e-12 * abs(finite.max()))


_TAG = re.compile(r"<[^<>]*>")
_COORDS = re.compile(r' (d|x|y)="([^"]*)"')
_DECIMALS = re.compile(r"-?\d+\.\d{3,}")
_POLYLINE = re.compile(r"\s*(?:[ML]\s+-?[\d.]+\s+-?[\d.]+\s+|z\s*)+")
_USE_GROUP = re.compile(r"<g>\n((?:\s*<use [^>]*/>\n)+)(\s*)</g>")
_USE_STYLE = re.compile(r' style="([^"]*)"/>')


def _finish_svg(svg: bytes, title: str, desc: str, digest: str) -> bytes:
    """Make matplotlib's SVG accessible and small.

    The root gets a title, a description and an image role for assistive technology. The XML
    declaration and DOCTYPE go: neither is needed for an .svg file, and both are noise when
    the web app inlines the SVG into HTML. Coordinates keep two decimals (a hundredth of a
    point, far below a device pixel) and the style repeated on every marker moves to its
    group; together these take a 260-point chart from about 100 KB to about half that.
    """
    text = svg.decode("utf-8")
    # Only inside tags: a user's title may itself contain x="1.2345".
    text = _TAG.sub(lambda tag: _COORDS.sub(_compact, tag[0]), text)
    text = _USE_GROUP.sub(_hoist_style, text)
    start = text.index("<svg")
    end = text.index(">", start)
    title_id, desc_id = f"spc-title-{digest}", f"spc-desc-{digest}"
    root = text[start:end].rstrip("/")
    opening = f'{root} role="img" aria-labelledby="{title_id} {desc_id}">'
    head = (
        f'\n <title id="{title_id}">{escape(title)}</title>'
        f'\n <desc id="{desc_id}">{escape(desc)}</desc>'
    )
    return (opening + head + text[end + 1 :]).encode("utf-8")


def _compact(m: re.Match[str]) -> str:
    value = _DECIMALS.sub(_trim, m[2])
    if m[1] == "d" and _POLYLINE.fullmatch(value):
        value = _polyline(value)
    return f' {m[1]}="{value}"'


def _polyline(d: str) -> str:
    """Rewrite an M/L path with H and V where one coordinate stays: steps halve in size."""
    out = []
    cx = cy = None
    tokens = d.split()
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op == "z":
            out.append("z")
            i += 1
            continue
        x, y = tokens[i + 1], tokens[i + 2]
        if op == "L" and x == cx:
            out.append(f"V{y}")
        elif op == "L" and y == cy:
            out.append(f"H{x}")
        else:
            out.append(f"{op}{x} {y}")
        cx, cy = x, y
        i += 3
    return "".join(out)


def _trim(m: re.Match[str]) -> str:
    text = f"{float(m[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _hoist_style(m: re.Match[str]) -> str:
    uses = m[1]
    styles = set(_USE_STYLE.findall(uses))
    if len(styles) != 1:
        return m[0]
    return f'<g style="{styles.pop()}">\n' + _USE_STYLE.sub("/>", uses) + m[2] + "</g>"
