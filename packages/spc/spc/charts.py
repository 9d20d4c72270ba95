"""``qic``: the one entry point, from data to a finished chart with its verdict."""

from collections.abc import Sequence
from types import MappingProxyType

import numpy as np

from .errors import SPCError
from .grouping import group_rows, missing_x, parse_numbers, parse_x_text
from .limits import CHARTS, PartData, compute_lines
from .mdc import mdc_flags, mdc_lines
from .result import Part, Result, Signal
from .runs import runs_analysis
from .signals import mdc_signals, run_signals, sigma_signals
from .verdict import judge

__all__ = ["qic"]

_NEEDS_N = ("p", "pp", "u", "up")
_COUNTS = ("c", "u", "up", "p", "pp", "g")
_AGGS = ("mean", "median", "sum")


def _positions(values, what: str, size: int, upper: int) -> list[int]:
    """Validate 1-based point positions: integers in 1..upper."""
    if isinstance(values, int | np.integer):
        values = [values]
    if isinstance(values, str | bytes | float) or not hasattr(values, "__iter__"):
        raise SPCError(f"{what}: {values!r} is not a list of whole-number positions")
    out = []
    for v in values:
        if isinstance(v, bool | np.bool_):
            raise SPCError(f"{what}: {v!r} is not a whole number")
        try:
            iv = int(v)
        except (TypeError, ValueError):
            raise SPCError(f"{what}: {v!r} is not a whole number") from None
        if iv != v:
            raise SPCError(f"{what}: {v!r} is not a whole number")
        if not 1 <= iv <= upper:
            raise SPCError(f"{what}: position {iv} is out of range 1-{upper} ({size} points)")
        out.append(iv)
    return sorted(set(out))


def _first_bad(bad: np.ndarray) -> int:
    return int(bad[0]) + 1


# The range a given centre line can take, before ``multiply``.
_CL_RANGE = {"p": (0.0, 1.0), "pp": (0.0, 1.0)}
_CL_RANGE.update(dict.fromkeys(("c", "u", "up", "g", "t", "mr", "s"), (0.0, np.inf)))


def _check_level(chart, name, value):
    """A given centre line or target: a finite number; a centre within the chart's range."""
    if value is None:
        return
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise SPCError(f"{name}: {value!r} is not a number")
    if not np.isfinite(value):
        raise SPCError(f"{name}: {value!r} must be a finite number")
    low, high = _CL_RANGE.get(chart, (-np.inf, np.inf))
    if name == "cl" and not low <= value <= high:
        where = "0 to 1 (a proportion, before multiply)" if high == 1 else "0 or more"
        raise SPCError(f"cl: {value!r} is outside the {chart} chart's range: give {where}")


def _freeze_position(freeze):
    """One whole number: the baseline is points 1..freeze."""
    if freeze is None:
        return None
    if isinstance(freeze, bool | np.bool_) or not isinstance(freeze, int | float | np.number):
        raise SPCError(f"freeze: {freeze!r} is not a whole number of points")
    if not np.isfinite(freeze) or freeze != int(freeze):
        raise SPCError(f"freeze: {freeze!r} is not a whole number of points")
    return int(freeze)


def _check_reference(y, part_no, baseline, include, frozen, with_n):
    """Refuse a chart with nothing to compute its centre line from.

    A frozen baseline with no usable point leaves the whole chart (under MDC, a part)
    without centre and limits, so it is refused. A part without a usable point, and no
    freeze, gets empty limits of its own, as in qicharts2.
    """
    usable = include & ~np.isnan(y)
    what = "an included point with a denominator" if with_n else "an included point with a value"
    if not usable.any():
        raise SPCError(f"exclude: no point is left: the chart needs {what}")
    if frozen is None:
        return
    for k in np.unique(part_no):
        if not (usable & baseline & (part_no == k)).any():
            where = f" of part {k}" if part_no[-1] > 1 else ""
            raise SPCError(
                f"freeze: the baseline{where} (its first {frozen} points) has no {what[3:]}"
            )


def _check_inputs(chart, y, n, rows=None):
    """Refuse data the chart cannot use, naming the first bad row (counted from 1).

    ``rows`` are the input row numbers of the values when rows without x were dropped.
    """
    first_bad = _first_bad if rows is None else (lambda bad: int(rows[bad[0]]))
    present = ~np.isnan(y)
    if n is not None:
        bad = np.flatnonzero(present & np.isnan(n))
        if bad.size:
            raise SPCError(f"n: denominator missing in row {first_bad(bad)} where y is present")
        bad = np.flatnonzero(present & (n == 0))
        if bad.size:
            raise SPCError(f"n: zero denominator in row {first_bad(bad)}")
        bad = np.flatnonzero(n < 0)
        if bad.size:
            raise SPCError(f"n: negative denominator in row {first_bad(bad)}")
    if chart in _COUNTS:
        bad = np.flatnonzero(present & (y < 0))
        if bad.size:
            raise SPCError(f"y: negative count in row {first_bad(bad)} ({chart} chart)")
    if chart == "t":
        bad = np.flatnonzero(present & (y <= 0))
        if bad.size:
            raise SPCError(f"y: time between events must be above zero (row {first_bad(bad)})")
    if chart in ("p", "pp") and n is not None:
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(present & (y > n))
        if bad.size:
            raise SPCError(f"y: numerator above its denominator in row {first_bad(bad)} (P chart)")


def _x_output(kind, keys, size, text=None, first_row=None):
    """x as JSON wants it: numbers, ISO date strings, or the text as given."""
    if keys is None:
        return list(range(1, size + 1))
    if kind == "number":
        whole = np.all(keys == np.round(keys)) and np.all(np.abs(keys) < 2**53)
        return keys.astype(np.int64).tolist() if whole else keys.tolist()
    if kind == "date":
        if text is not None and np.all(np.char.str_len(text) == 10):
            return text[first_row].tolist()  # already YYYY-MM-DD
        days = keys.astype("datetime64[D]")
        if np.all(days == keys):
            return np.datetime_as_string(days).tolist()
        return np.datetime_as_string(keys).tolist()
    return keys.tolist()


def qic(
    y: Sequence,
    x: Sequence | None = None,
    n: Sequence | None = None,
    chart: str = "run",
    part: Sequence[int] | int | None = None,
    freeze: int | None = None,
    exclude: Sequence[int] | int | None = None,
    multiply: float = 1,
    cl: float | None = None,
    target: float | None = None,
    agg: str = "mean",
    negative_limits: bool = True,
    screened_mr: bool = True,
    rules: str = "anhoej",
    direction: str | None = None,
    *,
    part_labels: Sequence | None = None,
    method: str = "anhoej",
    reference: int | None = None,
) -> Result:
    """Run chart or Shewhart control chart with runs analysis and a verdict.

    Computes as qicharts2 0.8.1 ``qic()`` does (``rules="anhoej"``) or, for an I chart
    with ``rules="mdc"``, as NHSRplotthedots 0.2.2 ``ptd_spc()``.

    - ``y``: values (numerators with ``n``); None, NaN, empty text or ``NA`` is missing.
    - ``x``: subgroups; rows sharing an x form one subgroup, in x order (numbers,
      ISO dates, or text, which has no time order and so no runs analysis). Without
      x every value is its own subgroup, in the given order.
    - ``n``: denominators; the plotted value is sum(y) / sum(n) per subgroup.
    - ``chart``: run, i, mr, xbar, s, t, p, pp (Laney P'), c, u, up (Laney U'), g.
    - ``part``: break positions (a new part starts after each); ``part_labels``: one
      label per row, a new part starting where the label changes.
    - ``freeze``: centre and limits from points 1..freeze (ignored with parts, as in
      qicharts2; with ``rules="mdc"`` it applies within each part, as NHSRplotthedots).
    - ``exclude``: positions kept on the chart but left out of every calculation.
    - ``multiply``: scale for y, centre and limits (``cl`` is given before it).
    - ``negative_limits=False``: lower limits clamped at 0 when no value is negative.
    - ``screened_mr``: leave out moving ranges above 3.267 x their average.
    - ``direction``: ``"up"`` or ``"down"`` is better; None means neutral.
    - ``reference``: without parts or ``freeze``, the verdict's default baseline is
      points 1..reference (else the first 12 useful points); see ``spc.verdict``.
    - ``method``: ``"bestbox"`` or ``"cutbox"`` for qicharts2's experimental runs
      rules (a part's runs signal only; the verdict keeps Anhøj's rules).

    Positions count from 1 after grouping by x.

    >>> r = qic([12, 15, 11, 14, 13, 12, 16, 14, 13, 15, 12, 14], chart="i")
    >>> round(r.points[0].cl, 3), round(r.points[0].ucl, 3)
    (13.417, 19.703)
    >>> r.parts[0].n_useful, r.parts[0].runs_signal, r.verdict.status
    (12, False, 'too_little_data')
    """
    if chart not in CHARTS:
        raise SPCError(f"chart: unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")
    if agg not in _AGGS:
        raise SPCError(f"agg: unknown aggregate {agg!r}; choose mean, median or sum")
    if rules not in ("anhoej", "mdc"):
        raise SPCError(f"rules: unknown rule set {rules!r}; choose anhoej or mdc")
    if rules == "mdc" and chart != "i":
        raise SPCError(f"rules='mdc' applies to I (XmR) charts only, not {chart!r}")
    if method not in ("anhoej", "bestbox", "cutbox"):
        raise SPCError(f"method: unknown runs method {method!r}; choose anhoej, bestbox or cutbox")
    if reference is not None and (
        isinstance(reference, bool) or not isinstance(reference, int | np.integer) or reference < 1
    ):
        raise SPCError(f"reference: {reference!r} must be a whole number of points, 1 or more")
    if direction not in (None, "up", "down"):
        raise SPCError(f"direction: {direction!r} must be 'up', 'down' or None")
    try:
        multiply = float(multiply)
    except (TypeError, ValueError):
        raise SPCError(f"multiply: {multiply!r} is not a number") from None
    if not np.isfinite(multiply) or multiply <= 0:
        raise SPCError(f"multiply: {multiply!r} must be a positive number")
    _check_level(chart, "cl", cl)
    _check_level(chart, "target", target)
    freeze = _freeze_position(freeze)
    if isinstance(part_labels, str | bytes) or (
        part_labels is not None and np.ndim(np.asarray(part_labels, dtype=object)) != 1
    ):
        raise SPCError("part labels: give one label per row, not a single text")

    y_arr = parse_numbers(y, "y")
    rows = y_arr.size
    if rows == 0:
        raise SPCError("y is empty: there are no data to chart")
    n_arr = None
    if n is not None:
        n_arr = parse_numbers(n, "n")
        if n_arr.size != rows:
            raise SPCError(f"n has {n_arr.size} values but y has {rows}")
    if chart in _NEEDS_N and n_arr is None:
        raise SPCError(f"a {chart} chart needs denominators (n)")
    kind, keys, x_text, row_no = "number", None, None, None
    if x is not None:
        no_x = missing_x(x)
        if no_x.size != rows:
            raise SPCError(f"x has {no_x.size} values but y has {rows}")
        if no_x.all():
            raise SPCError("x: every value is missing")
        if no_x.any():  # as qicharts2: a row without x is left out, with its y and n
            kept = np.flatnonzero(~no_x)
            row_no = kept + 1
            x = np.asarray(x, dtype=object)[kept] if not isinstance(x, np.ndarray) else x[kept]
            y_arr = y_arr[kept]
            n_arr = None if n_arr is None else n_arr[kept]
            if part_labels is not None and len(part_labels) == rows:
                part_labels = np.asarray(part_labels, dtype=object)[kept]
        kind, keys, x_text = parse_x_text(x, row_no)
        rows_given, rows = rows, y_arr.size
    if chart in ("xbar", "s") and keys is None:
        raise SPCError(f"a {chart} chart needs x to form subgroups of several values")
    if part_labels is not None and len(part_labels) != rows:
        given = rows if row_no is None else rows_given
        raise SPCError(f"part labels: {len(part_labels)} values but y has {given}")
    if np.isnan(y_arr).all():
        raise SPCError("y: all values are missing")
    _check_inputs(chart, y_arr, n_arr, row_no)

    sub = group_rows(keys, y_arr, n_arr, agg)
    size = sub.y.size
    if np.count_nonzero(~np.isnan(sub.y)) < 2:
        raise SPCError("y: only one point has a value; a chart needs at least two")
    text_x = kind == "text"

    part_no, baseline, include, frozen = _layout(
        size, sub.first_row, part, part_labels, freeze, exclude, rules
    )
    has_parts = part is not None or part_labels is not None
    _check_reference(sub.y, part_no, baseline, include, frozen, n_arr is not None)

    given_cl = None if cl is None else float(cl)
    line_keys = ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95")
    pieces: dict[str, list[np.ndarray]] = {k: [] for k in line_keys}
    runs_point = np.zeros(size, bool)
    neutral_point = np.zeros(size, bool)
    mdc_side = np.zeros(size, int)
    mdc_runs = np.zeros(size, bool)
    parts: list[Part] = []
    signals: list[Signal] = []
    runs_allowed = not text_x and chart != "mr"
    n_parts = int(part_no[-1])
    for k in range(1, n_parts + 1):
        sl = slice(int(np.searchsorted(part_no, k)), int(np.searchsorted(part_no, k, "right")))
        start = sl.start
        if rules == "mdc":
            yp = sub.y[sl]
            use = include[sl].copy()
            if frozen is not None:
                use[frozen:] = False
            lines_ = mdc_lines(yp, use, screened_mr)
            pieces["y"].append(yp)
            for key, v in zip(line_keys[1:], lines_, strict=True):
                pieces[key].append(np.full(yp.size, v))
            flags = mdc_flags(yp, *lines_)
            mdc_side[sl] = flags.side
            mdc_runs[sl] = flags.trend | flags.shift | flags.two_of_three
            signals += mdc_signals(flags, np.arange(sl.start, sl.stop), k, direction)
            ra = runs_analysis(yp, pieces["cl"][-1], include[sl], method)
        else:
            d = PartData.of(sub, sl, baseline[sl] & include[sl], given_cl, text_x, screened_mr)
            lines = compute_lines(chart, d)
            for key in line_keys:
                pieces[key].append(getattr(lines, key))
            ra = runs_analysis(lines.y, lines.cl, include[sl], method)
            if runs_allowed:
                for j in ra.long_runs:
                    a, b = int(ra.run_starts[j]) + start, int(ra.run_ends[j]) + start
                    runs_point[a : b + 1] = True  # points on the centre line removed below
                if ra.crossings_signal:
                    neutral_point[sl] = True
                signals += run_signals(ra, k, start, direction)
        parts.append(
            Part(
                k,
                ra.n_obs,
                ra.n_useful,
                ra.longest_run,
                ra.longest_run_max,
                ra.n_crossings,
                ra.n_crossings_min,
                bool(ra.runs_signal and runs_allowed),
                0,
            )
        )

    # Scale, drop non-finite lines, find points beyond the 3-sigma limits.
    cols = {}
    for key, arrays in pieces.items():
        col = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
        col = col * multiply if multiply != 1 else col.astype(float, copy=True)
        col[~np.isfinite(col)] = np.nan
        cols[key] = col
    yv, lcl, ucl = cols["y"], cols["lcl"], cols["ucl"]
    with np.errstate(invalid="ignore"):
        sigma = (yv > ucl) | (yv < lcl)
        side = np.sign(yv - cols["cl"])
    if not negative_limits and np.nanmin(yv) >= 0:
        for key in ("lcl", "lcl_95"):
            cols[key][cols[key] < 0] = 0.0
    if rules == "anhoej":
        signals += sigma_signals(yv, lcl, ucl, np.arange(size), 0, direction)
        signals = [s if s.part else _with_part(s, part_no) for s in signals]
        # Points of a long run are "runs" points; a part with too few crossings flags
        # its points without a side.
        runs_point &= ~np.isnan(yv) & include & (side != 0)
        neutral_point &= ~np.isnan(yv) & include & (side != 0)
        flagged = sigma | runs_point | neutral_point
        sided = sigma | runs_point
        flag_side = side
        points_runs = runs_point | neutral_point
    else:
        flagged = mdc_side != 0
        sided = flagged
        flag_side = mdc_side
        points_runs = mdc_runs
    sigma_counts = np.bincount(part_no[sigma], minlength=n_parts + 1)
    parts = [Part(**{**p.__dict__, "sigma_signals": int(sigma_counts[p.part])}) for p in parts]
    classification = _classify(flagged, sided, flag_side, direction)
    signals.sort(key=lambda s: (s.start, s.end, s.kind))

    verdict = judge(
        yv,
        sub,
        chart,
        part_no,
        include,
        rules=rules,
        direction=direction,
        runs_allowed=runs_allowed,
        freeze=frozen if not has_parts else None,
        reference=reference,
        given_cl=given_cl,
        multiply=multiply,
        text_x=text_x,
        screened=screened_mr,
    )
    n_out = sub.n if n_arr is not None else (sub.y_len if chart in ("xbar", "s") else None)
    columns = {
        "x": _x_output(kind, keys if keys is None else sub.keys, size, x_text, sub.first_row),
        **cols,
        "n": n_out if n_out is not None else np.broadcast_to(np.nan, size),
        "target": np.broadcast_to(np.nan if target is None else float(target), size),
        "part": part_no,
        "baseline": baseline,
        "include": include,
        "sigma_signal": sigma,
        "runs_signal": points_runs,
        "classification": classification,
    }
    for v in columns.values():
        if isinstance(v, np.ndarray) and v.flags.writeable:
            v.flags.writeable = False
    columns["x"] = tuple(columns["x"])
    return Result(chart, rules, MappingProxyType(columns), tuple(parts), tuple(signals), verdict)


def _layout(size, first_row, part, part_labels, freeze, exclude, rules):
    """Part number, baseline and include masks of each point, and the frozen count.

    Positions count from 1 after grouping. ``freeze`` is ignored when parts are given
    (qicharts2), except under the MDC rules, which fix the first points of each part
    (NHSRplotthedots' ``fix_after_n_points`` within each rebase group).
    """
    if part is not None and part_labels is not None:
        raise SPCError("give part positions or part labels, not both")
    breaks: list[int] = []
    if part is not None:
        breaks = _positions(part, "part", size, size - 1)
    elif part_labels is not None:
        labels = np.asarray(part_labels, dtype=object).astype(str)[first_row]
        breaks = (np.flatnonzero(labels[1:] != labels[:-1]) + 1).tolist()
    part_no = np.ones(size, dtype=int)
    for b in breaks:
        part_no[b:] += 1
    has_parts = part is not None or part_labels is not None
    pos = np.arange(1, size + 1)
    if freeze is not None:
        freeze = _positions(freeze, "freeze", size, size)[0]
    frozen = freeze if (freeze is not None and (rules == "mdc" or not has_parts)) else None
    if frozen is None:
        baseline = np.ones(size, bool)
    elif rules == "mdc":
        baseline = pos - np.searchsorted(part_no, part_no) <= frozen
    else:
        baseline = pos <= frozen
    include = np.ones(size, bool)
    if exclude is not None:
        include[np.array(_positions(exclude, "exclude", size, size), dtype=int) - 1] = False
    return part_no, baseline, include, frozen


def _with_part(signal: Signal, part_no) -> Signal:
    return Signal(
        signal.kind,
        int(part_no[signal.start - 1]),
        signal.start,
        signal.end,
        signal.side,
        signal.length,
        signal.favourable,
    )


def _classify(flagged, sided, side, direction):
    # Not np.full(..., dtype=object): that makes a new string object for every point.
    out = np.empty(flagged.size, dtype=object)
    out[:] = "common_cause"
    if direction is None:
        out[flagged] = "special_cause_neutral"
        return out
    want = 1 if direction == "up" else -1
    out[flagged] = "special_cause_neutral"
    out[sided & (side == want)] = "special_cause_improvement"
    out[sided & (side == -want)] = "special_cause_concern"
    return out
