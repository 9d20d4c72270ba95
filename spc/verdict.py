"""The verdict: does the series show sustained improvement?

Definition (also in spc/README.md; each clause is tested in tests/test_verdict.py):

1. **Latest part, reference line.** The verdict looks at the latest part (phase) of the
   chart only, judged against a reference centre line: the previous part's centre line
   when the chart has parts, otherwise the chart's own centre line (which is the frozen
   baseline centre when ``freeze`` is given). With ``rules="mdc"`` and parts, the
   previous part's mean, process limits and near lines are the reference.
2. **too_little_data** when the latest part has fewer than 12 useful points (included,
   not missing and, for the runs rules, not on the reference line). Below 12 the runs
   rules have little power (the longest-run limit is 7 and the crossings limit 3 at
   n = 12; Anhøj recommends 10-20 points) and NHSRplotthedots warns about such short
   phases; a verdict would mostly be noise.
3. **Signals in the latest part.** With the Anhøj rules: a *shift* is a run of useful
   points on one side of the reference line longer than round(log2(n)) + 3; *crossings*
   means fewer crossings of the reference line than the 5% binomial limit (no side);
   *sigma* is a point beyond the part's own 3-sigma limits. With the Making Data Count
   rules: *sigma* (beyond a process limit), *trend* (7 points rising or falling),
   *two_of_three* and *shift* (7 or more points on one side of the mean).
4. **Sustained signals** are shifts and trends: they describe a change that persists.
   A single point beyond a limit, two out of three near a limit, or too few crossings
   say the process changed, but not that the change lasted.
5. **improvement** when a direction is given, the most recent sustained signal (the
   one ending last) lies on the desired side (for a trend: goes the desired way), and
   no signal on the undesired side starts at or after its first point.
   **deterioration** symmetrically.
6. **no_signal** otherwise: no sustained signal, or conflicting ones, or no direction
   (then every signal is reported as neutral in ``reasons``), or a chart without time
   order (text x) or an MR chart under the Anhøj rules, which have no runs analysis.
"""

import numpy as np

from .constants import MIN_USEFUL
from .mdc import mdc_flags
from .result import Signal, Verdict
from .runs import runs_analysis

__all__ = ["describe", "judge"]


def _favourable(side, direction):
    if direction is None or side is None:
        return None
    return side in (("above", "up") if direction == "up" else ("below", "down"))


def run_signals(ra, part, offset, direction, with_crossings=True):
    """Shift (and crossings) signals from one runs analysis; positions from 1."""
    out = []
    for k in ra.long_runs:
        side = "above" if ra.run_sides[k] > 0 else "below"
        out.append(
            Signal(
                "shift",
                part,
                int(ra.run_starts[k]) + offset + 1,
                int(ra.run_ends[k]) + offset + 1,
                side,
                int(ra.run_lengths[k]),
                _favourable(side, direction),
            )
        )
    if with_crossings and ra.crossings_signal:
        out.append(
            Signal("crossings", part, offset + 1, offset + ra.n_obs, None, ra.n_crossings, None)
        )
    return out


def sigma_signals(y, lcl, ucl, positions, part, direction):
    """One signal per point beyond its 3-sigma limits; ``positions`` from 0."""
    with np.errstate(invalid="ignore"):
        above = y > ucl
        below = y < lcl
    out = []
    for i in np.flatnonzero(above | below):
        side = "above" if above[i] else "below"
        pos = int(positions[i]) + 1
        out.append(Signal("sigma", part, pos, pos, side, 1, _favourable(side, direction)))
    return out


def _spans(mask, side):
    """Maximal stretches of True in ``mask`` with one value of ``side``: (start, end, side)."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    brk = np.flatnonzero((np.diff(idx) != 1) | (side[idx][1:] != side[idx][:-1])) + 1
    starts = np.concatenate(([0], brk))
    ends = np.concatenate((brk - 1, [idx.size - 1]))
    return [
        (int(idx[s]), int(idx[e]), int(side[idx[s]])) for s, e in zip(starts, ends, strict=True)
    ]


def mdc_signals(flags, positions, part, direction):
    """Signals of the Making Data Count rules for one part; ``positions`` from 0."""
    out = []
    kinds = (
        ("sigma", flags.outside),
        ("trend", flags.trend),
        ("two_of_three", flags.two_of_three & ~flags.outside & ~flags.trend),
        ("shift", flags.shift),
    )
    for kind, mask in kinds:
        if kind == "sigma":
            spans = [(int(i), int(i), int(flags.side[i])) for i in np.flatnonzero(mask)]
        elif kind == "shift":
            with np.errstate(invalid="ignore"):
                spans = _spans(mask, flags.run_side)
        elif kind == "trend":
            spans = _spans(mask, flags.trend_side)
        else:
            spans = _spans(mask, flags.side)
        for s, e, sd in spans:
            if kind == "trend":
                side = "up" if sd > 0 else "down"
            else:
                side = "above" if sd > 0 else "below"
            out.append(
                Signal(
                    kind,
                    part,
                    int(positions[s]) + 1,
                    int(positions[e]) + 1,
                    side,
                    int(e - s + 1),
                    _favourable(side, direction),
                )
            )
    return out


_KIND_WORDS = {
    "shift": "a shift",
    "trend": "a trend",
    "crossings": "too few crossings of the centre line",
    "sigma": "a point beyond the 3-sigma limits",
    "two_of_three": "two out of three points near a limit",
}


def describe(signal: Signal) -> str:
    """A short English description of a signal.

    >>> describe(Signal("shift", 2, 25, 33, "below", 9, True))
    'a shift: 9 points in a row below the line (points 25-33), in the desired direction'
    """
    words = _KIND_WORDS[signal.kind]
    where = (
        f"point {signal.start}"
        if signal.start == signal.end
        else f"points {signal.start}-{signal.end}"
    )
    if signal.kind == "shift":
        text = f"{words}: {signal.length} points in a row {signal.side} the line ({where})"
    elif signal.kind == "trend":
        text = f"{words}: {signal.length} points going {signal.side} ({where})"
    elif signal.kind == "crossings":
        text = f"{words}: {signal.length} crossings ({where})"
    else:
        text = f"{words}, {signal.side} ({where})"
    if signal.favourable is True:
        text += ", in the desired direction"
    elif signal.favourable is False:
        text += ", in the undesired direction"
    return text


def judge(
    y,
    cl,
    lcl,
    ucl,
    lcl_95,
    ucl_95,
    include,
    part,
    *,
    rules="anhoej",
    direction=None,
    runs_allowed=True,
    freeze=None,
) -> Verdict:
    """Judge whether the latest part of a chart shows sustained improvement.

    The arrays are the chart's columns (after ``multiply``); see the module docstring
    for the definition. Usually called by ``spc.qic``.

    >>> import spc
    >>> before, after = [10, 12, 11, 13, 12, 11] * 3, [16, 17, 15, 18, 16, 17] * 2
    >>> r = spc.qic(before + after, chart="i", part=[18], direction="up")
    >>> r.verdict.status
    'improvement'
    >>> spc.qic(before + after, chart="i", part=[18], direction="down").verdict.status
    'deterioration'
    """
    last = int(part[-1])
    idx = np.flatnonzero(part == last)
    offset = int(idx[0])
    yl, inc = y[idx], include[idx]
    present = inc & ~np.isnan(yl)
    if last > 1:
        prev = np.flatnonzero(part == last - 1)
        pick = prev[~np.isnan(cl[prev])]
        at = pick[-1] if pick.size else prev[-1]
        ref = np.full(idx.size, cl[at])
        reference = f"the centre line of part {last - 1} ({_fmt(cl[at])})"
        ref_lines = (cl[at], lcl[at], ucl[at], lcl_95[at], ucl_95[at])
    else:
        ref = cl[idx]
        at = idx[-1]
        ref_lines = (cl[at], lcl[at], ucl[at], lcl_95[at], ucl_95[at])
        if freeze:
            reference = f"the baseline centre line of points 1-{freeze} ({_fmt(cl[at])})"
        else:
            reference = f"the chart's own centre line ({_fmt(cl[at])})"

    signals: list[Signal] = []
    if rules == "mdc":
        y_use = np.where(inc, yl, np.nan)
        flags = mdc_flags(y_use, *ref_lines)
        signals = mdc_signals(flags, idx, last, direction)
        n_useful = int(present.sum())
    else:
        if runs_allowed:
            ra = runs_analysis(yl, ref, inc)
            n_useful = ra.n_useful
            signals += run_signals(ra, last, offset, direction)
        else:
            n_useful = int(present.sum())
        signals += sigma_signals(
            np.where(inc, yl, np.nan), lcl[idx], ucl[idx], idx, last, direction
        )
    signals.sort(key=lambda s: (s.start, s.end))
    where = f"part {last}" if last > 1 else "the series"
    reasons = [f"Judged {where} (points {offset + 1}-{offset + idx.size}) against {reference}."]
    if n_useful < MIN_USEFUL:
        reasons.append(
            f"Only {n_useful} useful points in {where}; at least {MIN_USEFUL} are needed "
            "before the runs rules can tell a real change from chance."
        )
        return Verdict("too_little_data", direction, tuple(reasons), tuple(signals), reference)
    reasons += [describe(s)[0].upper() + describe(s)[1:] + "." for s in signals]
    if rules != "mdc" and not runs_allowed:
        reasons.append("This chart has no runs analysis (MR chart or x without time order).")
        return Verdict("no_signal", direction, tuple(reasons), tuple(signals), reference)
    if direction is None:
        if signals:
            reasons.append("No direction of improvement was given, so signals are neutral.")
        else:
            reasons.append("No signal: the variation is consistent with chance.")
        return Verdict("no_signal", None, tuple(reasons), tuple(signals), reference)
    sustained = [s for s in signals if s.kind in ("shift", "trend")]
    if not sustained:
        reasons.append("No sustained signal (shift or trend) in the latest part.")
        return Verdict("no_signal", direction, tuple(reasons), tuple(signals), reference)
    latest = max(sustained, key=lambda s: (s.end, s.start))
    against = [
        s for s in signals if s.favourable is (not latest.favourable) and s.start >= latest.start
    ]
    against += [
        s for s in sustained if s.favourable is (not latest.favourable) and s.end >= latest.start
    ]
    if against:
        reasons.append("Signals in both directions since the latest sustained signal.")
        return Verdict("no_signal", direction, tuple(reasons), tuple(signals), reference)
    status = "improvement" if latest.favourable else "deterioration"
    reasons.append(f"Sustained {status}: the most recent sustained signal is {describe(latest)}.")
    return Verdict(status, direction, tuple(reasons), tuple(signals), reference)


def _fmt(v) -> str:
    return "missing" if v != v else f"{float(v):.6g}"
