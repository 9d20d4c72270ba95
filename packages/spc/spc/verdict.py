"""The verdict: is there measurable improvement, in the desired direction, sustained?

Definition (also in the package README; each clause is tested in tests/test_verdict.py and
calibrated by simulation in benchmarks/verdict_calibration.py):

1. **Time order decides direction.** Later points are judged against an earlier
   *reference* (``spc.reference``): the previous phase, else the frozen baseline, else a
   default baseline (the first 12 useful points, or the points the caller names). Its
   centre line and limits come from the reference points alone. The chart's own lines
   and per-point classification are untouched (they are qicharts2's / NHSRplotthedots').
2. **too_little_data** when the reference has fewer than 12 useful points (present and
   included), or fewer than 3 useful points follow it.
3. **Signals after the reference.** A *shift*: a run of judged points on one side of the
   reference centre line longer than Anhøj's limit for the judged points
   (round(log2(n)) + 3). A *held* change: 3 or more consecutive judged points beyond the
   same reference 3-sigma limit (a process limit under Making Data Count). A point beyond
   a reference limit that is not held is a special cause to investigate, not a verdict.
4. **Where runs cannot judge.** When the reference is about rare events (a count chart
   averaging fewer than one event per point) or most of its points tie its centre line,
   neither runs nor limits of the reference can be trusted: the verdict is no signal, with
   the caution and the chart that fits (a T chart of days between events, or a G chart of
   cases between events). When the reference's lag-1 autocorrelation is clearly positive,
   runs are long by nature: shifts are reported but only a held change can decide.
5. **improvement** when a direction is given and the most recent sustained signal (shift
   or held change) is on the desired side with no sustained signal the other way reaching
   into it or after it; **deterioration** is the mirror image; **no_signal** otherwise
   (no sustained signal, conflicting ones, no direction, or no time order: an MR chart or
   text x).

The Making Data Count rules use the same definition with the reference's mean and process
limits: NHSRplotthedots' 7-point runs and trends stay in the chart's classification, but
alone they would call a change in one null series of six at 52 points.
"""

from collections.abc import Sequence

import numpy as np

from ._typing import BoolArray, FloatArray, IntArray
from .constants import HELD_BEYOND, MIN_JUDGED, MIN_REFERENCE, RARE_EVENTS, longest_run_max
from .grouping import Subgroups
from .reference import ReferenceView, choose_reference
from .result import Reference, Signal, Verdict
from .signals import describe, spans

__all__ = ["AUTOCORRELATION_LIMIT", "judge", "lag1_autocorrelation"]

#: At most this many signals are described in ``reasons`` (all are in ``signals``).
MAX_DESCRIBED = 10
#: Lag-1 autocorrelation above this is "clearly present": for 24 or more independent
#: points r1 has a standard deviation of about 1 / sqrt(n) <= 0.2, so white noise
#: passes it about 2% of the time at 24 points and less beyond.
AUTOCORRELATION_LIMIT = 0.2
#: Shifts against the reference must be this much longer than Anhøj's limit for the
#: judged points: the reference centre is estimated from as few as 12 points, which
#: tilts the chance of a point falling above it away from one half (calibrated in
#: benchmarks/verdict_calibration.py).
RUN_MARGIN = 2

_WHY = {
    "previous_phase": "the previous phase, as the chart has phases",
    "baseline": "the frozen baseline",
    "default": "the first useful points, as no baseline or phase was marked",
}
#: Charts whose sigma comes from moving ranges (of the values, their z-scores or their
#: transform), which autocorrelation shrinks.
_MR_SIGMA = ("i", "pp", "up", "t")
_SUGGEST = {"c": "t", "u": "g", "up": "g", "p": "g", "pp": "g"}


def judge(
    y: FloatArray,
    sub: Subgroups,
    chart: str,
    part_no: IntArray,
    include: BoolArray,
    *,
    rules: str = "anhoej",
    direction: str | None = None,
    runs_allowed: bool = True,
    freeze: int | None = None,
    reference: int | None = None,
    given_cl: float | None = None,
    multiply: float = 1,
    text_x: bool = False,
    screened: bool = True,
) -> Verdict:
    """Judge the later points of a chart against its reference; see the module docstring.

    ``y`` is the chart's plotted column (after ``multiply``), ``sub`` its subgroups.

    >>> import spc
    >>> before, after = [10, 12, 11, 13, 12, 11] * 3, [16, 17, 15, 18, 16, 17] * 2
    >>> r = spc.qic(before + after, chart="i", part=[18], direction="up")
    >>> r.verdict.status, r.verdict.reference.kind
    ('improvement', 'previous_phase')
    >>> spc.qic(before + after, chart="i", part=[18], direction="down").verdict.status
    'deterioration'
    """
    view = choose_reference(
        sub,
        chart,
        part_no,
        include,
        rules=rules,
        freeze=freeze,
        reference=reference,
        given_cl=given_cl,
        multiply=multiply,
        text_x=text_x,
        screened=screened,
    )
    ref = _reference_record(view)
    judged = view.judged
    window = (int(judged[0]) + 1, int(judged[-1]) + 1) if judged.size else None
    yj = y[judged]
    use = include[judged] & ~np.isnan(yj)
    reasons = [f"Judged points {_span(window)} against {ref.text}."]

    def verdict(
        status: str,
        signals: Sequence[Signal] = (),
        decisive: Signal | None = None,
        cautions: Sequence[str] = (),
        suggested: str | None = None,
    ) -> Verdict:
        return Verdict(
            status=status,
            direction=direction,
            reasons=tuple(reasons),
            signals=tuple(signals),
            reference=ref,
            judged=window,
            decisive=decisive,
            cautions=tuple(cautions),
            suggested_chart=suggested,
        )

    if not runs_allowed:
        reasons.append("This chart has no time order (MR chart or text x): no verdict.")
        return verdict("no_signal")
    if view.n_useful < MIN_REFERENCE or ref.centre is None:
        reasons.append(
            f"The reference has {view.n_useful} useful points; at least {MIN_REFERENCE} "
            "are needed to know the process before judging a change."
        )
        return verdict("too_little_data")
    if int(use.sum()) < MIN_JUDGED:
        reasons.append(
            f"Only {int(use.sum())} useful points after the reference; at least "
            f"{MIN_JUDGED} are needed."
        )
        return verdict("too_little_data")

    cautions, suggested, r1 = _cautions(view, y, include, chart)
    part = int(part_no[-1])
    lcl, ucl = view.lcl, view.ucl
    if "autocorrelation" in cautions and chart in _MR_SIGMA and r1 is not None:
        # Moving ranges of an AR(1) series see sigma * sqrt(1 - r1): widen by as much so
        # that a held change means the same as on independent data.
        widen = 1 / np.sqrt(1 - min(r1, 0.9))
        lcl, ucl = view.cl - (view.cl - lcl) * widen, view.cl + (ucl - view.cl) * widen
    signals = _shifts(yj, view.cl, use, judged, part, direction)
    signals += _beyond(yj, lcl, ucl, use, judged, part, direction)
    signals.sort(key=lambda s: (s.start, s.end, s.kind))
    if len(signals) > MAX_DESCRIBED:
        reasons.append(
            f"{len(signals)} signals; the {MAX_DESCRIBED} most recent are described here."
        )
    reasons += [_sentence(describe(s)) for s in signals[-MAX_DESCRIBED:]]
    if "rare_events" in cautions or "ties" in cautions:
        chart_name = {"t": "a T chart of days", "g": "a G chart of cases"}.get(suggested or "")
        reasons.append(
            "Most reference points are zero or on the centre line, so runs and limits "
            "cannot tell a change from chance"
            + (f"; {chart_name} between events fits these data." if chart_name else ".")
        )
        return verdict("no_signal", signals, cautions=cautions, suggested=suggested)
    if direction is None:
        reasons.append(
            "No direction of improvement was given, so signals are neutral."
            if signals
            else "No signal: the variation is consistent with chance."
        )
        return verdict("no_signal", signals, cautions=cautions, suggested=suggested)
    kinds = ("held",) if "autocorrelation" in cautions else ("shift", "held")
    if "autocorrelation" in cautions:
        reasons.append(
            "The reference points are autocorrelated (each follows the one before), which "
            "makes long runs likely by chance: only a change held beyond the limits counts."
        )
    sustained = [s for s in signals if s.kind in kinds]
    if not sustained:
        reasons.append("No sustained signal (shift or held change) after the reference.")
        return verdict("no_signal", signals, cautions=cautions, suggested=suggested)
    # Of signals ending together, the one that began first describes the change best.
    latest = max(sustained, key=lambda s: (s.end, -s.start))
    opposite = not latest.favourable
    if any(s.favourable is opposite and s.end >= latest.start for s in sustained):
        reasons.append("Sustained signals in both directions since the latest one began.")
        return verdict("no_signal", signals, cautions=cautions, suggested=suggested)
    status = "improvement" if latest.favourable else "deterioration"
    reasons.append(f"Sustained {status}: the most recent sustained signal is {describe(latest)}.")
    isolated = [s for s in signals if s.favourable is opposite and s.start >= latest.start]
    if isolated:
        reasons.append(
            f"{len(isolated)} isolated special cause(s) the other way since then "
            f"(from point {isolated[0].start}): investigate; they do not undo a "
            "sustained change."
        )
    return verdict(status, signals, latest, cautions, suggested)


def _reference_record(view: ReferenceView) -> Reference:
    start, end = int(view.ref[0]) + 1, int(view.ref[-1]) + 1
    label = {"previous_phase": "the previous phase", "baseline": "the baseline"}.get(
        view.kind, "the default baseline"
    )
    text = f"{label} (points {start}-{end}, centre {_fmt(view.centre)})"
    return Reference(
        view.kind,
        start,
        end,
        view.centre,
        view.lower,
        view.upper,
        view.n_useful,
        text,
        _WHY[view.kind],
    )


def _segment_residuals(values: FloatArray) -> list[FloatArray]:
    """The values less the mean of their segment, split at the one change point that
    best fits them (least squares, segments of 3 or more): a step in the judged points
    must not pass for autocorrelation."""
    m = values.size
    if m < 6:
        return [values - values.mean()] if m else []
    c1, c2 = np.cumsum(values), np.cumsum(values**2)
    k = np.arange(3, m - 2)
    left = c2[k - 1] - c1[k - 1] ** 2 / k
    right = (c2[-1] - c2[k - 1]) - (c1[-1] - c1[k - 1]) ** 2 / (m - k)
    best = int(k[np.argmin(left + right)])
    return [values[:best] - values[:best].mean(), values[best:] - values[best:].mean()]


def lag1_autocorrelation(segments: Sequence[FloatArray]) -> float | None:
    """Lag-1 autocorrelation pooled over segments of residuals (each about its own mean):
    the lag-1 sum of products within segments over the total sum of squares, the usual
    estimator (Box and Jenkins) applied to each stretch of time order.

    >>> round(lag1_autocorrelation([np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])]), 4)
    0.5
    """
    ss = sum(float(np.sum(r**2)) for r in segments)
    if ss == 0 or sum(r.size for r in segments) < 3:
        return None
    return sum(float(np.sum(r[1:] * r[:-1])) for r in segments) / ss


def _present(values: FloatArray) -> FloatArray:
    return values[~np.isnan(values)]


def _cautions(
    view: ReferenceView, y: FloatArray, include: BoolArray, chart: str
) -> tuple[list[str], str | None, float | None]:
    cautions: list[str] = []
    suggested = None
    ref_y = np.where(include[view.ref], y[view.ref], np.nan)
    present = ref_y[~np.isnan(ref_y)]
    if view.events.size and float(np.mean(view.events)) < RARE_EVENTS:
        cautions.append("rare_events")
        suggested = _SUGGEST.get(chart)
    elif present.size and np.mean(present == view.centre) >= 0.5:
        cautions.append("ties")
        suggested = _SUGGEST.get(chart)
    # The reference alone is often 12 points, too few to see autocorrelation: pool it
    # with the judged points, each about its own level.
    ref_res = _present(ref_y) - (present.mean() if present.size else 0)
    judged_y = np.where(include[view.judged], y[view.judged], np.nan)
    r1 = lag1_autocorrelation([ref_res, *_segment_residuals(_present(judged_y))])
    if r1 is not None and r1 > AUTOCORRELATION_LIMIT:
        cautions.append("autocorrelation")
    return cautions, suggested, r1


def _runs(side: IntArray) -> list[tuple[int, int, int, int]]:
    """(start, end, side, length) of maximal runs of equal non-zero side, in index order;
    zeros (points on the centre line, excluded or missing) neither count nor break a run."""
    idx = np.flatnonzero(side)
    return [
        (int(idx[a]), int(idx[b]), sd, b - a + 1)
        for a, b, sd in spans(np.ones(idx.size, dtype=bool), side[idx])
    ]


def _favourable(side: str, direction: str | None) -> bool | None:
    if direction is None:
        return None
    return (side == "above") == (direction == "up")


def _signal(
    kind: str,
    part: int,
    judged: IntArray,
    a: int,
    b: int,
    sd: int,
    length: int,
    direction: str | None,
) -> Signal:
    """A signal over judged positions ``a``-``b`` (numbered from 1 in the chart)."""
    where = "above" if sd > 0 else "below"
    return Signal(
        kind,
        part,
        int(judged[a]) + 1,
        int(judged[b]) + 1,
        where,
        length,
        _favourable(where, direction),
    )


def _shifts(
    yj: FloatArray,
    cl: FloatArray,
    use: BoolArray,
    judged: IntArray,
    part: int,
    direction: str | None,
) -> list[Signal]:
    with np.errstate(invalid="ignore"):
        side = np.where(use, np.sign(yj - cl), 0)
    side = np.nan_to_num(side).astype(int)
    n_useful = int(np.count_nonzero(side))
    if n_useful == 0:
        return []
    limit = longest_run_max(n_useful) + RUN_MARGIN
    return [
        _signal("shift", part, judged, a, b, sd, length, direction)
        for a, b, sd, length in _runs(side)
        if length > limit
    ]


_INSIDE = 2  # a useful point inside the limits: breaks a hold, unlike a missing one


def _beyond(
    yj: FloatArray,
    lcl: FloatArray,
    ucl: FloatArray,
    use: BoolArray,
    judged: IntArray,
    part: int,
    direction: str | None,
) -> list[Signal]:
    """Held changes (HELD_BEYOND or more consecutive judged points beyond one reference
    limit) and isolated points beyond a limit. A missing or excluded point between two
    beyond the same limit does not break the hold; a point inside the limits does."""
    with np.errstate(invalid="ignore"):
        side = np.where(yj > ucl, 1, np.where(yj < lcl, -1, _INSIDE))
    side = np.where(use, side, 0)
    out = []
    for a, b, sd, length in _runs(side):
        if sd == _INSIDE:
            continue
        if length >= HELD_BEYOND:
            out.append(_signal("held", part, judged, a, b, sd, length, direction))
        else:
            points = np.flatnonzero(side[a : b + 1] == sd) + a
            out += [_signal("sigma", part, judged, i, i, sd, 1, direction) for i in points.tolist()]
    return out


def _span(window: tuple[int, int] | None) -> str:
    return "none" if window is None else f"{window[0]}-{window[1]}"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _fmt(v: float | None) -> str:
    return "missing" if v is None or v != v else f"{float(v):.6g}"
