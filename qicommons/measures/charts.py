"""A measure's chart: the one place in the web app that calls the SPC engine.

`qic_arguments` turns a measure, its data points and its chart marks into the keyword
arguments of `spc.qic`. Both the computed result (for the verdict) and the drawn chart
are cached in Django's cache under a SHA-256 of everything they depend on: the data,
the measure's settings, the marks, the annotations, the language and the size. Any
change to one of them gives a new key, so a cached chart is never stale and nothing
has to be invalidated; a dashboard of a dozen charts costs one cache read each after
its first view.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import spc
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ChartMark, DataPoint, Measure

__all__ = ["ChartData", "chart_data", "chart_key", "qic_arguments", "render_chart", "result_for"]

# Bump when the shape of what is cached changes, so old entries are simply not found.
CACHE_VERSION = 1
CACHE_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class ChartData:
    """What a measure's chart is computed from, read once (see `chart_data`)."""

    measure: Measure
    points: tuple[DataPoint, ...]
    marks: tuple[ChartMark, ...]
    annotations: tuple[tuple[date, str], ...] = ()


def chart_data(measure: Measure, annotations=()) -> ChartData:
    """Read one measure's points and marks (two queries)."""
    return ChartData(
        measure,
        tuple(measure.points.order_by("period")),
        tuple(measure.marks.order_by("period", "pk")),
        tuple(annotations),
    )


def _position_after(periods: list[date], day: date) -> int:
    """How many points have a period on or before `day`."""
    return sum(1 for p in periods if p <= day)


def qic_arguments(data: ChartData) -> dict:
    """The keyword arguments of `spc.qic` for this measure, as plain JSON-able values.

    Marks become positions counted from 1: the baseline ends at (and includes) its
    period; a new phase starts at its period, so the break falls after the points
    before it; an exclusion removes the point of its period.
    """
    measure = data.measure
    periods = [p.period for p in data.points]
    if measure.has_subgroups:
        x, y = [], []
        for p in data.points:
            for v in p.values or [p.value]:
                x.append(p.period.isoformat())
                y.append(v)
        n = None
    else:
        x = [p.period.isoformat() for p in data.points]
        y = [p.value for p in data.points]
        n = [p.denominator for p in data.points] if measure.needs_denominator else None
    args = {
        "y": y,
        "x": x,
        "n": n,
        "chart": measure.chart_type,
        "multiply": measure.multiply,
        "target": measure.target,
        "rules": measure.rules,
        "direction": measure.direction or None,
    }
    size = len(periods)
    breaks, excluded, freeze = set(), set(), None
    for mark in data.marks:
        if mark.kind == ChartMark.Kind.PHASE:
            before = sum(1 for p in periods if p < mark.period)
            if 0 < before < size:
                breaks.add(before)
        elif mark.kind == ChartMark.Kind.BASELINE:
            freeze = _position_after(periods, mark.period) or None
        elif mark.kind == ChartMark.Kind.EXCLUDE and mark.period in periods:
            excluded.add(periods.index(mark.period) + 1)
    if breaks:
        args["part"] = sorted(breaks)
    elif freeze and freeze >= 2:
        args["freeze"] = freeze
    if excluded:
        args["exclude"] = sorted(excluded)
    return args


def chart_annotations_for(data: ChartData) -> list[tuple[str, str]]:
    """PDSA cycles, free annotations and phase reasons, placed on the period they fall in."""
    measure = data.measure
    if not data.points:
        return []
    first, last = data.points[0].period, data.points[-1].period
    found = [(day, label) for day, label in data.annotations]
    for mark in data.marks:
        if mark.kind in (ChartMark.Kind.ANNOTATION, ChartMark.Kind.PHASE) and mark.reason:
            found.append((mark.period, mark.reason))
    out = []
    for day, label in sorted(found, key=lambda item: item[0]):
        period = measure.period_for(day)
        if first <= period <= last:
            out.append((period.isoformat(), label))
    return out


def chart_key(*parts) -> str:
    """SHA-256 of the JSON of everything a cached value depends on."""
    blob = json.dumps([CACHE_VERSION, getattr(spc, "__version__", ""), *parts], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class ChartResult:
    """The computed chart (`spc.qic(...).to_dict()`), or why it could not be computed."""

    key: str
    result: dict | None
    error: str = ""

    @property
    def status(self) -> str:
        if self.result is None:
            return "too_little_data"
        return self.result["verdict"]["status"]


def result_for(data: ChartData) -> ChartResult:
    """The measure's computed chart, from the cache when its inputs have not changed."""
    args = qic_arguments(data)
    key = "qi:result:" + chart_key(args)
    if not data.points:
        return ChartResult(key, None, _("No data yet."))
    cached = cache.get(key)
    if cached is not None:
        return ChartResult(key, cached.get("result"), cached.get("error", ""))
    try:
        result, error = spc.qic(**args).to_dict(), ""
    except spc.SPCError as exc:
        # The engine's messages are English and technical; keep them, after a sentence in
        # the user's language, because they say exactly what is wrong.
        result, error = None, _("This chart cannot be computed yet: %(reason)s") % {"reason": exc}
    cache.set(key, {"result": result, "error": error}, CACHE_SECONDS)
    return ChartResult(key, result, error)


def _legend() -> dict[str, str]:
    return {
        "centre": _("Centre line"),
        "median": _("Median"),
        "limits": _("Control limits"),
        "limits_2sigma": _("2-sigma limits"),
        "target": _("Target"),
        "improvement": _("Improvement"),
        "concern": _("Concern"),
        "neutral": _("Special cause"),
        "common": _("Common cause"),
        "excluded": _("Excluded"),
        "baseline": _("Baseline"),
        "no_data": _("No data"),
    }


def _axis_labels(measure: Measure) -> tuple[str, str]:
    x_label = {
        Measure.Frequency.DAILY: _("Day"),
        Measure.Frequency.WEEKLY: _("Week"),
        Measure.Frequency.MONTHLY: _("Month"),
    }[measure.frequency]
    y_label = measure.unit or ("%" if measure.multiply == 100 else "")
    return x_label, y_label


def render_chart(data: ChartData, fmt: str = "svg", width_px: int = 720) -> bytes | None:
    """The drawn chart as SVG or PNG bytes, or None when there is nothing to draw."""
    computed = result_for(data)
    if computed.result is None:
        return None
    x_label, y_label = _axis_labels(data.measure)
    options = {
        "fmt": fmt,
        "title": data.measure.name,
        "x_label": x_label,
        "y_label": y_label,
        "annotations": chart_annotations_for(data),
        "width_px": width_px,
        "lang_labels": _legend(),
    }
    key = "qi:chart:" + chart_key(computed.key, options, get_language())
    drawn = cache.get(key)
    if drawn is None:
        from spc import draw  # matplotlib loads only when a chart is actually drawn

        opts = dict(options)
        drawn = draw.render(computed.result, opts.pop("fmt"), **opts)
        cache.set(key, drawn, CACHE_SECONDS)
    return drawn
