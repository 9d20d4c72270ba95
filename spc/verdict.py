"""The verdict: does the series show sustained improvement?

Definition (also in spc/README.md; each clause is tested in tests/test_verdict.py):

1. **Latest part, reference line.** The verdict looks at the latest part (phase) of the
   chart only, judged against a reference centre line: the previous part's centre line
   when the chart has parts, otherwise the chart's own centre line (which is the frozen
   baseline centre when ``freeze`` is given). With ``rules="mdc"`` and parts, the
   previous part's mean, process limits and near lines are the reference.
2. **too_little_data** when the latest part has fewer than 12 useful points (included,
   not missing and, for the runs rules, not on the reference line). Below 12 the runs
   rules have little power (at n = 12 a run must be longer than 7 points, or the series
   cross its centre line fewer than 3 times) and NHSRplotthedots warns that such short
   phases only have trial limits (``ptd_spc.warning_threshold``, 12 by default); a
   verdict would mostly be noise.
3. **Signals in the latest part.** With the Anhøj rules: a *shift* is a run of useful
   points on one side of the reference line longer than round(log2(n)) + 3; *crossings*
   means fewer crossings of the chart's own centre line than the 5% binomial limit (no
   side; against a previous part's line it would only restate a shift, so it is not
   used there); *sigma* is a point beyond the part's own 3-sigma limits. With the
   Making Data Count rules: *sigma* (beyond a process limit), *trend* (7 points rising or falling),
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
from .signals import describe, mdc_signals, run_signals, sigma_signals

__all__ = ["judge"]

#: At most this many signals are described in ``reasons`` (all are in ``signals``).
MAX_DESCRIBED = 10


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
    own_runs=None,
) -> Verdict:
    """Judge whether the latest part of a chart shows sustained improvement.

    The arrays are the chart's columns (after ``multiply``); see the module docstring
    for the definition. Usually called by ``spc.qic``, which passes the latest part's
    own runs analysis as ``own_runs`` to be reused when it is the reference.

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
            ra = own_runs if (own_runs is not None and last == 1) else runs_analysis(yl, ref, inc)
            n_useful = ra.n_useful
            # Against the previous part's line, too few crossings only restates a shift.
            signals += run_signals(ra, last, offset, direction, with_crossings=last == 1)
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
    if len(signals) > MAX_DESCRIBED:
        reasons.append(
            f"{len(signals)} signals; the {MAX_DESCRIBED} most recent are described here."
        )
    reasons += [_sentence(describe(s)) for s in signals[-MAX_DESCRIBED:]]
    if not runs_allowed:
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


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _fmt(v) -> str:
    return "missing" if v != v else f"{float(v):.6g}"
