"""The chart a result describes, read once into float arrays and plot positions.

Everything here is plain Python and numpy; matplotlib is imported only for date positions,
which are asked for only while drawing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

# The classifications a point can carry, in the order their marks are drawn.
CLASSES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
)

CHART_NAMES = {
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

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# The verdict's reference centre, lower and upper limits, and the window judged against them.
Reference = tuple[float, float, float, tuple[int, int]]


class Series:
    """The points of a result as float arrays, with x turned into plot positions."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        points = data.get("points") or []
        if not isinstance(points, Sequence) or isinstance(points, str | bytes):
            raise ValueError("result['points'] must be a list of point dicts")
        for i, p in enumerate(points):
            if not isinstance(p, Mapping):
                raise ValueError(f"result['points'][{i}] must be a dict, not {type(p).__name__}")
        self.chart = str(data.get("chart") or "")
        self.name = CHART_NAMES.get(self.chart, f"{self.chart.upper()} chart".strip())
        self.n = len(points)

        def column(key: str) -> Floats:
            return np.array([number(p.get(key)) for p in points], dtype=float)

        self.y = column("y")
        self.cl = column("cl")
        self.lcl = column("lcl")
        self.ucl = column("ucl")
        self.lcl_2s = column("lcl_95")
        self.ucl_2s = column("ucl_95")
        self.target = column("target")
        self.part: list[Any] = [p.get("part", 1) for p in points]
        self.baseline: Flags = np.array([bool(p.get("baseline")) for p in points], dtype=bool)
        self.include: Flags = np.array(
            [p.get("include", True) is not False for p in points], dtype=bool
        )
        self.classes = [classify(p) for p in points]
        verdict = data.get("verdict")
        self.verdict: Mapping[str, Any] = verdict if isinstance(verdict, Mapping) else {}

        raw_x = [p.get("x") for p in points]
        present = [x for x in raw_x if x is not None]
        self.pos: Floats
        if present and all(is_number(x) for x in present):
            self.kind = "number"
            self.pos = np.array([number(x) for x in raw_x], dtype=float)
            self.x_text = [fmt(v) if math.isfinite(v) else "" for v in self.pos]
        elif present and all(as_datetime(x) is not None for x in present):
            self.kind = "date"
            self.pos = np.array([_date_position(as_datetime(x)) for x in raw_x], dtype=float)
            self.x_text = ["" if x is None else date_text(x) for x in raw_x]
        else:
            # Text has no order of its own: keep the given one, one slot per point.
            self.kind = "text"
            self.pos = np.arange(self.n, dtype=float)
            self.x_text = ["" if x is None else str(x) for x in raw_x]

    def place(self, x: Any) -> float:
        """Position of an annotation's x on this chart's x axis."""
        if self.kind == "number" and is_number(x):
            return float(x)
        if self.kind == "date" and as_datetime(x) is not None:
            return _date_position(as_datetime(x))
        if self.kind == "text" and str(x) in self.x_text:
            return float(self.x_text.index(str(x)))
        raise ValueError(f"annotation x {x!r} is not on this chart's x axis ({self.kind})")

    def label_x(self, x: Any) -> str:
        """An x as the chart's axis writes it."""
        if self.kind == "date":
            return date_text(x)
        if self.kind == "number":
            return fmt(float(x))
        return str(x)

    def window(self, span: Any) -> tuple[int, int] | None:
        """0-based inclusive indices of a verdict's 1-based ``{"start", "end"}``, clipped."""
        if not isinstance(span, Mapping):
            return None
        start, end = number(span.get("start")), number(span.get("end"))
        if not (math.isfinite(start) and math.isfinite(end)):
            return None
        first, last = max(0, int(start) - 1), min(self.n - 1, int(end) - 1)
        return (first, last) if first <= last else None

    def reference(self) -> Reference | None:
        """The verdict's reference centre and limits and the window judged against them."""
        ref = self.verdict.get("reference")
        window = self.window(self.verdict.get("judged"))
        if not isinstance(ref, Mapping) or window is None:
            return None
        centre = number(ref.get("centre"))
        if not math.isfinite(centre):
            return None
        return centre, number(ref.get("lower")), number(ref.get("upper")), window

    def decisive_points(self) -> tuple[str, list[int]] | None:
        """The verdict's deciding signal as ("improvement" | "concern", 0-based indices).

        Only points that carry the signal are marked: those on its side of the reference
        centre (a shift), beyond the reference limit (a beyond), or all of a trend. Without
        a reference, the chart's own centre line at each point stands in (older results).
        """
        status = self.verdict.get("status")
        meaning = {"improvement": "improvement", "deterioration": "concern"}.get(str(status))
        decisive = self.verdict.get("decisive")
        window = self.window(decisive)
        if meaning is None or window is None or not isinstance(decisive, Mapping):
            return None
        ref = self.reference()
        centre = np.full(self.n, ref[0]) if ref else self.cl
        side, kind = decisive.get("side"), decisive.get("kind")
        if kind == "beyond" and ref and side == "above" and math.isfinite(ref[2]):
            centre = np.full(self.n, ref[2])
        elif kind == "beyond" and ref and side == "below" and math.isfinite(ref[1]):
            centre = np.full(self.n, ref[1])
        picked = []
        for i in range(window[0], window[1] + 1):
            y = self.y[i]
            if not (self.include[i] and math.isfinite(y) and math.isfinite(self.pos[i])):
                continue
            if side == "above" and not y > centre[i]:
                continue
            if side == "below" and not y < centre[i]:
                continue
            picked.append(i)
        return (meaning, picked) if picked else None


def _date_position(stamp: datetime | None) -> float:
    if stamp is None:
        return math.nan
    from matplotlib import dates as mdates

    # matplotlib.dates ships without type hints; date2num of one datetime is one float.
    return float(mdates.date2num(stamp))  # type: ignore[no-untyped-call]


def number(v: Any) -> float:
    """``v`` as a finite float, or NaN for anything else (None, text, infinity)."""
    if is_number(v) and math.isfinite(float(v)):
        return float(v)
    return math.nan


def is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, str | bytes)


def as_datetime(v: Any) -> datetime | None:
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


def date_text(v: Any) -> str:
    stamp = as_datetime(v)
    if stamp is None:
        return str(v)
    if (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0):
        return stamp.date().isoformat()
    return stamp.isoformat(sep=" ", timespec="minutes")


def classify(point: Mapping[str, Any]) -> str:
    cls = point.get("classification")
    if isinstance(cls, str) and cls in CLASSES:
        return cls
    if point.get("sigma_signal") or point.get("runs_signal"):
        return "special_cause_neutral"
    return "common_cause"


def fmt(v: float) -> str:
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


def half_gap(pos: Floats, i: int) -> float:
    """Half the usual distance between points: how far a point's own stretch reaches."""
    finite = pos[np.isfinite(pos)]
    if len(finite) < 2:
        return 0.5
    return float(np.median(np.diff(np.sort(finite)))) / 2


def varies(values: Floats) -> bool:
    finite = values[np.isfinite(values)]
    return finite.size > 1 and bool(finite.max() - finite.min() > 1e-12 * abs(finite.max()))
