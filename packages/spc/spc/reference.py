"""The verdict's reference: which earlier points the later ones are judged against.

Time order decides direction: the verdict always compares later data with an earlier
reference, never a run with a centre line that contains the changed points. In order of
precedence the reference is

1. the previous part (phase), when the chart has parts;
2. the frozen baseline (``freeze``);
3. a default baseline: the points 1..``reference`` when the caller gives it (the web app
   passes the data before a project's first PDSA cycle), otherwise the first
   ``MIN_REFERENCE`` useful points.

Its centre line and limits are computed from the reference points alone by the chart's
own formulas (as qicharts2's ``freeze`` does) and carried over the judged points, so a P
chart's reference limits still follow each judged point's denominator. The chart's own
numbers are untouched: this is the verdict's view of the data, stated in the result.
"""

from dataclasses import dataclass

import numpy as np

from ._typing import BoolArray, FloatArray, IntArray
from .constants import MIN_REFERENCE
from .grouping import Subgroups
from .limits import PartData, compute_lines
from .mdc import mdc_lines

__all__ = ["ReferenceView", "choose_reference"]


@dataclass(frozen=True)
class ReferenceView:
    """The reference points, the judged points after them, and the reference's lines."""

    kind: str  # previous_phase, baseline, default
    ref: IntArray  # positions (from 0) of the reference points
    judged: IntArray  # positions (from 0) of the later points judged against it
    cl: FloatArray  # the reference's centre line at each judged point (after multiply)
    lcl: FloatArray
    ucl: FloatArray
    centre: float | None  # the reference's centre line (after multiply)
    lower: float | None  # its limits at the last reference point (after multiply)
    upper: float | None
    n_useful: int  # present, included reference points
    events: FloatArray  # counted events per reference point (count charts), else empty


def _default_end(present_inc: BoolArray, reference: int | None, upto: int) -> int:
    """How many points the default baseline spans: 1..reference, or up to the
    MIN_REFERENCE-th useful point (all points when there are fewer)."""
    if reference is not None:
        return max(1, min(int(reference), upto))
    useful = np.flatnonzero(present_inc[:upto])
    if useful.size >= MIN_REFERENCE:
        return int(useful[MIN_REFERENCE - 1]) + 1
    return upto


def choose_reference(
    sub: Subgroups,
    chart: str,
    part_no: IntArray,
    include: BoolArray,
    *,
    rules: str,
    freeze: int | None,
    reference: int | None,
    given_cl: float | None,
    multiply: float,
    text_x: bool,
    screened: bool,
) -> ReferenceView:
    """The verdict's reference and the judged points, with the reference's lines.

    Eighteen points of a first phase, then twelve of a second: the second is judged
    against the first, whose mean is 11.5.

    >>> from spc.grouping import group_rows
    >>> y = np.array([10, 12, 11, 13, 12, 11] * 3 + [16, 17, 15, 18, 16, 17] * 2, float)
    >>> phases = np.array([1] * 18 + [2] * 12)
    >>> view = choose_reference(group_rows(None, y, None, "mean"), "i", phases,
    ...     np.ones(30, bool), rules="anhoej", freeze=None, reference=None, given_cl=None,
    ...     multiply=1, text_x=False, screened=True)
    >>> view.kind, int(view.judged[0]), float(view.centre), view.n_useful
    ('previous_phase', 18, 11.5, 18)
    """
    size = part_no.size
    last = int(part_no[-1])
    present = include & ~np.isnan(sub.y)
    if last > 1:
        kind = "previous_phase"
        ref = np.flatnonzero(part_no == last - 1)
        judged = np.flatnonzero(part_no == last)
    else:
        end = freeze if freeze else _default_end(present, reference, size)
        kind = "baseline" if freeze else "default"
        ref, judged = np.arange(end), np.arange(end, size)
    span = slice(int(ref[0]), int(judged[-1]) + 1 if judged.size else int(ref[-1]) + 1)
    base = np.zeros(span.stop - span.start, bool)
    base[ref - span.start] = include[ref]
    if rules == "mdc":
        lines = mdc_lines(sub.y[span], base, screened)
        centre, lower, upper = lines[0], lines[1], lines[2]
        cl = np.full(judged.size, centre)
        lcl, ucl = np.full(judged.size, lower), np.full(judged.size, upper)
    else:
        drawn = compute_lines(chart, PartData.of(sub, span, base, given_cl, text_x, screened))
        at = judged - span.start
        cl, lcl, ucl = drawn.cl[at], drawn.lcl[at], drawn.ucl[at]
        tail = int(ref[-1]) - span.start
        centre, lower, upper = drawn.cl[tail], drawn.lcl[tail], drawn.ucl[tail]
    cl, lcl, ucl = (_finite_lines(v, multiply) for v in (cl, lcl, ucl))
    events = np.zeros(0)
    if chart in ("c", "u", "up", "p", "pp"):
        pick = ref[present[ref]]
        events = sub.y_sum[pick]
    return ReferenceView(
        kind,
        ref,
        judged,
        cl,
        lcl,
        ucl,
        _finite(centre, multiply),
        _finite(lower, multiply),
        _finite(upper, multiply),
        int(present[ref].sum()),
        events,
    )


def _finite_lines(values: FloatArray, multiply: float) -> FloatArray:
    scaled = np.asarray(values, dtype=float) * multiply
    scaled[~np.isfinite(scaled)] = np.nan
    return scaled


def _finite(value: float, multiply: float) -> float | None:
    value = float(value) * multiply
    return value if np.isfinite(value) else None
