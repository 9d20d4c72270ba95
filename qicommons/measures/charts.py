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
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from django.core.cache import cache
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import spc
from qicommons.projects.models import first_cycle_starts
from spc.constants import MIN_JUDGED, MIN_REFERENCE

from .models import ChartMark, Measure
from .words import describe_chart

__all__ = [
    "ChartData",
    "ChartResult",
    "INLINE_WIDTH",
    "Obs",
    "chart_data",
    "chart_gaps",
    "chart_key",
    "chart_notes",
    "inline_svg",
    "judged_before_first_cycle",
    "month_names",
    "qic_arguments",
    "render_chart",
    "result_for",
    "summary_for",
    "y_label",
]

# Bump when the shape of what is cached changes, so old entries are simply not found.
CACHE_VERSION = 1
CACHE_SECONDS = 30 * 24 * 3600
# A measure's chart on a page (the measure page, a PDSA cycle's Study, a dashboard tile):
# drawn for a phone's width, so that its text is at least 10 CSS px where it is shown on a
# 360 px phone, and larger screens scale it up. One width for every page means one drawing.
INLINE_WIDTH = 360
TOO_LITTLE_DATA = "too_little_data"


class Obs(NamedTuple):
    """One data point as the chart needs it: plain values, no model instance, because a
    dashboard reads thousands of them and building model objects would dominate."""

    period: date
    value: float
    denominator: float | None
    note: str
    values: tuple = ()

    def ratio(self, multiply: float = 1) -> float | None:
        if self.denominator is None:
            return self.value * multiply
        return None if self.denominator == 0 else self.value / self.denominator * multiply


# `values` (JSON) is read only for measures with subgroups: decoding it for every point
# of every other measure was a visible share of a warm dashboard.
OBS_FIELDS = ("period", "value", "denominator", "note")


def observations(queryset, with_values: bool) -> list[Obs]:
    fields = (*OBS_FIELDS, "values") if with_values else OBS_FIELDS
    return [Obs(*row) for row in queryset.values_list(*fields)]


@dataclass(frozen=True)
class ChartData:
    """What a measure's chart is computed from, read once (see `chart_data`)."""

    measure: Measure
    points: tuple[Obs, ...]
    marks: tuple[ChartMark, ...]
    annotations: tuple[tuple[date, str], ...] = ()
    first_cycle: date | None = None  # the start of the project's first PDSA cycle

    @cached_property
    def key(self) -> str:
        """The content hash of the computation's inputs, computed once per page."""
        return chart_key(qic_arguments(self))


def chart_data(measure: Measure, annotations=()) -> ChartData:
    """Read one measure's points, marks and its project's first PDSA cycle (three queries)."""
    return ChartData(
        measure,
        tuple(observations(measure.points.order_by("period"), measure.has_subgroups)),
        tuple(measure.marks.order_by("period", "pk")),
        tuple(annotations),
        first_cycle_starts([measure.project_id]).get(measure.project_id),
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
    elif data.first_cycle:
        # Unmarked, the verdict judges the data since the first PDSA cycle against the
        # data before it, when both are long enough; else spc's default baseline.
        before = sum(1 for p in periods if p < measure.period_for(data.first_cycle))
        if before >= MIN_REFERENCE and size - before >= MIN_JUDGED:
            args["reference"] = before
    if excluded:
        args["exclude"] = sorted(excluded)
    return args


def judged_before_first_cycle(data: ChartData) -> bool:
    """Whether the verdict judges the data since the first PDSA cycle against the data
    before it (the engine only sees positions; the words for it are the app's)."""
    return "reference" in qic_arguments(data)


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


def chart_notes(data: ChartData) -> list[tuple[int, str]]:
    """The numbered notes drawn as markers on the chart, to list under it as "1. text"."""
    from spc.draw import annotation_notes  # plain Python: matplotlib is not imported

    return [(number, text) for number, _, text in annotation_notes(chart_annotations_for(data))]


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the SPC engine's source, so a new engine never serves old cached charts
    (with a cache shared by several app servers, entries outlive a deploy)."""
    digest = hashlib.sha256()
    root = Path(spc.__file__).parent
    # Subpackages too (drawing is one); the engine's own tests change no output.
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if not name.startswith("tests/"):
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def chart_key(*parts) -> str:
    """SHA-256 of the JSON of everything a cached value depends on."""
    blob = json.dumps([CACHE_VERSION, engine_fingerprint(), *parts], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class ChartResult:
    """The computed chart (`spc.qic(...).to_dict()`), or why it could not be computed.

    `result` is None for a summary (`summary_for`), which carries only the status.
    """

    key: str
    status: str
    result: dict | None = None
    reason: str = ""  # the engine's own message when it refused the data
    empty: bool = False

    @property
    def error(self) -> str:
        if self.empty:
            return _("No data yet.")
        if self.reason:
            # The engine's messages are English and technical; keep them, after a sentence
            # in the user's language, because they say exactly what is wrong.
            return _("This chart cannot be computed yet: %(reason)s") % {"reason": self.reason}
        return ""


def _compute(data: ChartData) -> tuple[str, ChartResult]:
    key = data.key
    if not data.points:
        return key, ChartResult(key, TOO_LITTLE_DATA, empty=True)
    cached = cache.get("qi:result:" + key)
    if cached is not None:
        return key, ChartResult(key, cached["status"], cached["result"], cached["reason"])
    try:
        result, reason = spc.qic(**qic_arguments(data)).to_dict(), ""
        status = result["verdict"]["status"]
    except spc.SPCError as exc:
        result, reason, status = None, str(exc), TOO_LITTLE_DATA
    cache.set_many(
        {
            "qi:result:" + key: {"status": status, "result": result, "reason": reason},
            "qi:summary:" + key: {"status": status, "reason": reason},
        },
        CACHE_SECONDS,
    )
    return key, ChartResult(key, status, result, reason)


def result_for(data: ChartData) -> ChartResult:
    """The measure's computed chart, from the cache when its inputs have not changed."""
    return _compute(data)[1]


def summary_for(data: ChartData) -> ChartResult:
    """Only the verdict: a small cache entry, for pages that list many measures."""
    key = data.key
    if data.points:
        cached = cache.get("qi:summary:" + key)
        if cached is not None:
            return ChartResult(key, cached["status"], None, cached["reason"])
    return _compute(data)[1]


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
        # The verdict's reference centre line, drawn across the points it judged.
        "baseline_line": _("baseline"),
        "decisive_improvement": _("Improvement signal"),
        "decisive_concern": _("Concern signal"),
        "no_data": _("No data"),
    }


def _axis_labels(measure: Measure) -> tuple[str, str]:
    x_labels: dict[str, str] = {
        Measure.Frequency.DAILY: _("Day"),
        Measure.Frequency.WEEKLY: _("Week"),
        Measure.Frequency.MONTHLY: _("Month"),
    }
    return x_labels[measure.frequency], y_label(measure)


def y_label(measure: Measure) -> str:
    """The value axis's unit: percent for a proportion shown in percent, else the
    measure's own unit, else what its multiplier makes of a ratio.

    >>> y_label(Measure(data_type="proportion", multiply=100))
    'Percent (%)'
    >>> y_label(Measure(data_type="count", unit="falls"))
    'falls'
    """
    proportion = measure.data_type == Measure.DataType.PROPORTION
    if proportion and measure.multiply == 100:
        # A unit that already says "% of births" says more than "Percent".
        return measure.unit if measure.unit.strip() not in ("", "%") else _("Percent (%)")
    if measure.unit:
        return measure.unit
    if proportion and measure.multiply == 1:
        return _("Proportion")
    if measure.needs_denominator and measure.multiply != 1:
        times = float(measure.multiply)
        shown = formats.number_format(
            int(times) if times.is_integer() else times, force_grouping=True
        )
        return _("per %(multiplier)s") % {"multiplier": shown}
    return ""


def month_names() -> list[str]:
    """The twelve short month names of the active language ("janv.", "févr.", ...), by
    Django's date formatting, for the chart's date axis."""
    return [formats.date_format(date(2000, month, 1), "N") for month in range(1, 13)]


def chart_gaps(data: ChartData) -> list[int]:
    """Positions (counted from 1) after which one or more periods have no data, by the
    measure's frequency: the drawing breaks its line there. The chart has one point per
    period (a measure with subgroups too), so a position counts periods."""
    periods = [p.period for p in data.points]
    next_period = data.measure.next_period
    return [
        i
        for i in range(1, len(periods))
        if periods[i] != periods[i - 1] and next_period(periods[i - 1]) < periods[i]
    ]


def render_chart(data: ChartData, fmt: str = "svg", width_px: int = 720) -> bytes | None:
    """The drawn chart as SVG or PNG bytes, or None when there is nothing to draw."""
    if not data.points:
        return None
    x_label, y_label = _axis_labels(data.measure)
    options: dict[str, Any] = {
        "title": data.measure.name,
        "x_label": x_label,
        "y_label": y_label,
        "annotations": chart_annotations_for(data),
        "width_px": width_px,
        "lang_labels": _legend(),
        "month_names": month_names(),
        "gaps": chart_gaps(data),
    }
    computed = result_for(data)
    if computed.result is None:
        return None
    # The words the page shows beside the chart, so a screen reader hears them in the
    # page's language rather than the engine's built-in English.
    options["description"] = describe_chart(
        computed.result, data.measure, before_first_cycle=judged_before_first_cycle(data)
    )
    key = "qi:chart:" + chart_key(data.key, {"fmt": fmt, **options}, get_language())
    drawn = cache.get(key)
    if drawn is None:
        from spc import draw  # matplotlib loads only when a chart is actually drawn

        drawn = draw.render(computed.result, fmt, **options)
        cache.set(key, drawn, CACHE_SECONDS)
    return drawn


def inline_svg(drawn: bytes | None) -> SafeString | None:
    """`render_chart`'s SVG bytes, ready to put inside a page's HTML."""
    # The SVG comes from the SPC engine's drawing (matplotlib escapes all text in it).
    if drawn is None:
        return None
    text = drawn.decode()
    return mark_safe(text[text.index("<svg") :])  # noqa: S308 - our own renderer's output
