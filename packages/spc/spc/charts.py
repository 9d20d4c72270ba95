"""``qic``: the one entry point, from data to a finished chart with its verdict."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._typing import BoolArray, Column, FloatArray, IntArray, Keys, XKind
from .errors import SPCError
from .grouping import (
    Subgroups,
    group_rows,
    missing_x,
    parse_numbers,
    parse_x_text,
    row_numbers,
)
from .limits import CHARTS, PartData, compute_lines
from .mdc import mdc_flags, mdc_lines
from .result import ColumnValues, Part, Result, Signal
from .runs import RunsAnalysis, runs_analysis
from .signals import mdc_signals, run_signals, sigma_signals
from .verdict import judge

__all__ = ["qic"]

_NEEDS_N = ("p", "pp", "u", "up")
_COUNTS = ("c", "u", "up", "p", "pp", "g")
_AGGS = ("mean", "median", "sum")
_LINE_KEYS = ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95")

#: Point positions as a caller gives them: one, or several (checked by ``_positions``).
Positions = int | Sequence[int] | NDArray[np.integer[Any]]
#: Part labels as given: one per row.
Labels = Sequence[object] | NDArray[Any]


def qic(
    y: Column,
    x: Column | None = None,
    n: Column | None = None,
    *,
    chart: str = "run",
    part: Positions | None = None,
    freeze: int | None = None,
    exclude: Positions | None = None,
    multiply: float = 1,
    cl: float | None = None,
    target: float | None = None,
    agg: str = "mean",
    negative_limits: bool = True,
    screened_mr: bool = True,
    rules: str = "anhoej",
    direction: str | None = None,
    part_labels: Labels | None = None,
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
    opts = _options(
        chart, agg, rules, method, reference, direction, multiply, cl, target, screened_mr
    )
    frozen_at = _freeze_position(freeze)
    _check_label_shape(part_labels)
    rows = _read_rows(chart, y, x, n, part_labels)
    sub = _subgroups(rows, agg)
    layout = _layout(sub.y.size, sub.first_row, part, rows.part_labels, frozen_at, exclude, rules)
    _check_reference(sub.y, layout, rows.n is not None)
    runs_allowed = rows.kind != "text" and chart != "mr"
    drawn = _draw_parts(sub, layout, opts, rows.kind == "text", runs_allowed)
    cols = _scaled(drawn.pieces, opts.multiply)
    sigma, side = _beyond_limits(cols)
    if not negative_limits:
        _clamp_negative(cols)
    signals, flags = _point_flags(cols, sigma, side, drawn, layout, opts)
    parts = _with_sigma_counts(drawn.parts, layout.part_no, sigma)
    has_parts = part is not None or part_labels is not None
    verdict = judge(
        cols["y"],
        sub,
        chart,
        layout.part_no,
        layout.include,
        rules=rules,
        direction=direction,
        runs_allowed=runs_allowed,
        freeze=layout.frozen if not has_parts else None,
        reference=reference,
        given_cl=opts.cl,
        multiply=opts.multiply,
        text_x=rows.kind == "text",
        screened=screened_mr,
    )
    columns = _columns(rows, sub, cols, layout, sigma, flags, chart, target)
    return Result(chart, rules, MappingProxyType(columns), parts, signals, verdict)


@dataclass(frozen=True)
class _Options:
    """The options every part is computed with, checked."""

    chart: str
    rules: str
    method: str
    direction: str | None
    multiply: float
    cl: float | None  # a given centre line, before multiply
    screened: bool


def _options(
    chart: str,
    agg: str,
    rules: str,
    method: str,
    reference: int | None,
    direction: str | None,
    multiply: float,
    cl: float | None,
    target: float | None,
    screened: bool,
) -> _Options:
    """Refuse an unknown choice or a level out of range, in the order of qic's options."""
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
    scale = _multiplier(multiply)
    _check_level(chart, "cl", cl)
    _check_level(chart, "target", target)
    given_cl = None if cl is None else float(cl)
    return _Options(chart, rules, method, direction, scale, given_cl, screened)


def _multiplier(multiply: float) -> float:
    try:
        scale = float(multiply)
    except (TypeError, ValueError):
        raise SPCError(f"multiply: {multiply!r} is not a number") from None
    if not np.isfinite(scale) or scale <= 0:
        raise SPCError(f"multiply: {scale!r} must be a positive number")
    return scale


def _check_label_shape(part_labels: Labels | None) -> None:
    if isinstance(part_labels, str | bytes) or (
        part_labels is not None and np.ndim(np.asarray(part_labels, dtype=object)) != 1
    ):
        raise SPCError("part labels: give one label per row, not a single text")


@dataclass(frozen=True)
class _Rows:
    """The rows as read: values, denominators and x, without the rows that have no x."""

    y: FloatArray
    n: FloatArray | None
    kind: XKind
    keys: Keys | None  # x as numbers, dates or text; None without x
    x_text: NDArray[np.str_] | None  # dates as given, to write them back unchanged
    row_no: IntArray | None  # input row numbers (from 1) when rows without x were left out
    part_labels: Labels | None


def _read_rows(
    chart: str, y: Column, x: Column | None, n: Column | None, part_labels: Labels | None
) -> _Rows:
    """Read and check y, n and x; as qicharts2, a row without x is left out with its y and n."""
    y_arr, n_arr = _read_numbers(chart, y, n)
    given = y_arr.size
    kind: XKind = "number"
    keys: Keys | None = None
    x_text: NDArray[np.str_] | None = None
    row_no: IntArray | None = None
    if x is not None:
        kept = _rows_with_x(x, given)
        if kept is not None:
            row_no = kept + 1
            x = x[kept] if isinstance(x, np.ndarray) else np.asarray(x, dtype=object)[kept]
            y_arr = y_arr[kept]
            n_arr = None if n_arr is None else n_arr[kept]
            if part_labels is not None and len(part_labels) == given:
                part_labels = np.asarray(part_labels, dtype=object)[kept]
        kind, keys, x_text = parse_x_text(x, row_no)
    if chart in ("xbar", "s") and keys is None:
        raise SPCError(f"a {chart} chart needs x to form subgroups of several values")
    if part_labels is not None and len(part_labels) != y_arr.size:
        raise SPCError(f"part labels: {len(part_labels)} values but y has {given}")
    if np.isnan(y_arr).all():
        raise SPCError("y: all values are missing")
    _check_inputs(chart, y_arr, n_arr, row_no)
    return _Rows(y_arr, n_arr, kind, keys, x_text, row_no, part_labels)


def _read_numbers(chart: str, y: Column, n: Column | None) -> tuple[FloatArray, FloatArray | None]:
    y_arr = parse_numbers(y, "y")
    if y_arr.size == 0:
        raise SPCError("y is empty: there are no data to chart")
    n_arr = None
    if n is not None:
        n_arr = parse_numbers(n, "n")
        if n_arr.size != y_arr.size:
            raise SPCError(f"n has {n_arr.size} values but y has {y_arr.size}")
    if chart in _NEEDS_N and n_arr is None:
        raise SPCError(f"a {chart} chart needs denominators (n)")
    return y_arr, n_arr


def _rows_with_x(x: Column, size: int) -> IntArray | None:
    """The rows that have an x; None when every row has one."""
    no_x = missing_x(x)
    if no_x.size != size:
        raise SPCError(f"x has {no_x.size} values but y has {size}")
    if no_x.all():
        raise SPCError("x: every value is missing")
    return np.flatnonzero(~no_x) if no_x.any() else None


def _subgroups(rows: _Rows, agg: str) -> Subgroups:
    sub = group_rows(rows.keys, rows.y, rows.n, agg)
    if np.count_nonzero(~np.isnan(sub.y)) < 2:
        raise SPCError("y: only one point has a value; a chart needs at least two")
    return sub


@dataclass(frozen=True)
class _Drawn:
    """Each part's lines (before multiply), runs figures and signals, and what they flag."""

    pieces: dict[str, list[FloatArray]]  # each line, one array per part
    runs_point: BoolArray  # in a run longer than expected (Anhøj)
    neutral_point: BoolArray  # in a part with too few crossings (Anhøj)
    mdc_side: IntArray  # the side a Making Data Count rule gives each point (0: none)
    mdc_runs: BoolArray  # taken by a Making Data Count trend, shift or two-of-three
    parts: list[Part]
    signals: list[Signal]

    @classmethod
    def empty(cls, size: int) -> "_Drawn":
        return cls(
            {k: [] for k in _LINE_KEYS},
            np.zeros(size, bool),
            np.zeros(size, bool),
            np.zeros(size, int),
            np.zeros(size, bool),
            [],
            [],
        )


def _draw_parts(
    sub: Subgroups, layout: "_Layout", opts: _Options, text_x: bool, runs_allowed: bool
) -> _Drawn:
    drawn = _Drawn.empty(sub.y.size)
    part_no = layout.part_no
    for k in range(1, int(part_no[-1]) + 1):
        sl = slice(int(np.searchsorted(part_no, k)), int(np.searchsorted(part_no, k, "right")))
        if opts.rules == "mdc":
            ra = _draw_mdc_part(drawn, sub.y[sl], sl, k, layout, opts)
        else:
            ra = _draw_anhoej_part(drawn, sub, sl, k, layout, opts, text_x, runs_allowed)
        drawn.parts.append(
            Part(
                k,
                ra.n_obs,
                ra.n_useful,
                ra.longest_run,
                ra.longest_run_max,
                ra.n_crossings,
                ra.n_crossings_min,
                bool(ra.runs_signal and runs_allowed),
                0,  # counted once the limits are scaled
            )
        )
    return drawn


def _draw_mdc_part(
    drawn: _Drawn, yp: FloatArray, sl: slice, k: int, layout: "_Layout", opts: _Options
) -> RunsAnalysis:
    """Part ``k`` by the Making Data Count rules, which fix the first points of each part."""
    use = layout.include[sl].copy()
    if layout.frozen is not None:
        use[layout.frozen :] = False
    lines = mdc_lines(yp, use, opts.screened)
    drawn.pieces["y"].append(yp)
    for key, v in zip(_LINE_KEYS[1:], lines, strict=True):
        drawn.pieces[key].append(np.full(yp.size, v))
    flags = mdc_flags(yp, *lines)
    drawn.mdc_side[sl] = flags.side
    drawn.mdc_runs[sl] = flags.trend | flags.shift | flags.two_of_three
    drawn.signals.extend(mdc_signals(flags, np.arange(sl.start, sl.stop), k, opts.direction))
    return runs_analysis(yp, drawn.pieces["cl"][-1], layout.include[sl], opts.method)


def _draw_anhoej_part(
    drawn: _Drawn,
    sub: Subgroups,
    sl: slice,
    k: int,
    layout: "_Layout",
    opts: _Options,
    text_x: bool,
    runs_allowed: bool,
) -> RunsAnalysis:
    """Part ``k`` as qicharts2: its lines, and the points its runs analysis flags."""
    base = layout.baseline[sl] & layout.include[sl]
    lines = compute_lines(opts.chart, PartData.of(sub, sl, base, opts.cl, text_x, opts.screened))
    for key in _LINE_KEYS:
        drawn.pieces[key].append(getattr(lines, key))
    ra = runs_analysis(lines.y, lines.cl, layout.include[sl], opts.method)
    if runs_allowed:
        for j in ra.long_runs:
            a, b = int(ra.run_starts[j]) + sl.start, int(ra.run_ends[j]) + sl.start
            drawn.runs_point[a : b + 1] = True  # points on the centre line removed later
        if ra.crossings_signal:
            drawn.neutral_point[sl] = True
        drawn.signals.extend(run_signals(ra, k, sl.start, opts.direction))
    return ra


def _scaled(pieces: dict[str, list[FloatArray]], multiply: float) -> dict[str, FloatArray]:
    """Each line over the whole chart, multiplied, with non-finite values missing."""
    cols = {}
    for key, arrays in pieces.items():
        col = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
        # A copy even unscaled: a part's y can be a view of the subgroups' values.
        col = col * multiply if multiply != 1 else col.astype(float, copy=True)
        col[~np.isfinite(col)] = np.nan
        cols[key] = col
    return cols


def _beyond_limits(cols: dict[str, FloatArray]) -> tuple[BoolArray, FloatArray]:
    """Points beyond the 3-sigma limits, and each point's side of the centre line."""
    yv = cols["y"]
    with np.errstate(invalid="ignore"):
        sigma = (yv > cols["ucl"]) | (yv < cols["lcl"])
        side = np.sign(yv - cols["cl"])
    return sigma, side


def _clamp_negative(cols: dict[str, FloatArray]) -> None:
    """Lower limits below zero become zero, unless a value itself is negative."""
    if np.nanmin(cols["y"]) >= 0:
        for key in ("lcl", "lcl_95"):
            cols[key][cols[key] < 0] = 0.0


class _Flags(NamedTuple):
    runs_signal: BoolArray
    classification: NDArray[np.object_]


def _point_flags(
    cols: dict[str, FloatArray],
    sigma: BoolArray,
    side: FloatArray,
    drawn: _Drawn,
    layout: "_Layout",
    opts: _Options,
) -> tuple[tuple[Signal, ...], _Flags]:
    """Every signal, in point order, and each point's runs flag and classification."""
    yv = cols["y"]
    signals = list(drawn.signals)
    flag_side: NDArray[np.number[Any]]
    if opts.rules == "anhoej":
        signals += sigma_signals(
            yv, cols["lcl"], cols["ucl"], np.arange(yv.size), 0, opts.direction
        )
        signals = [s if s.part else _with_part(s, layout.part_no) for s in signals]
        # Points of a long run are "runs" points; a part with too few crossings flags
        # its points without a side.
        counted = ~np.isnan(yv) & layout.include & (side != 0)
        runs_point = drawn.runs_point & counted
        neutral_point = drawn.neutral_point & counted
        flagged = sigma | runs_point | neutral_point
        sided = sigma | runs_point
        flag_side = side
        points_runs = runs_point | neutral_point
    else:
        flagged = drawn.mdc_side != 0
        sided = flagged
        flag_side = drawn.mdc_side
        points_runs = drawn.mdc_runs
    signals.sort(key=lambda s: (s.start, s.end, s.kind))
    classification = _classify(flagged, sided, flag_side, opts.direction)
    return tuple(signals), _Flags(points_runs, classification)


def _with_sigma_counts(parts: list[Part], part_no: IntArray, sigma: BoolArray) -> tuple[Part, ...]:
    counts = np.bincount(part_no[sigma], minlength=int(part_no[-1]) + 1)
    return tuple(replace(p, sigma_signals=int(counts[p.part])) for p in parts)


def _columns(
    rows: _Rows,
    sub: Subgroups,
    cols: dict[str, FloatArray],
    layout: "_Layout",
    sigma: BoolArray,
    flags: _Flags,
    chart: str,
    target: float | None,
) -> dict[str, ColumnValues]:
    """The result's columns, read-only: a result does not change after it is made."""
    size = sub.y.size
    n_out = sub.n if rows.n is not None else (sub.y_len if chart in ("xbar", "s") else None)
    columns: dict[str, ColumnValues] = {
        "x": _x_output(rows.kind, sub.keys, size, rows.x_text, sub.first_row),
        **cols,
        "n": n_out if n_out is not None else np.broadcast_to(np.nan, size),
        "target": np.broadcast_to(np.nan if target is None else float(target), size),
        "part": layout.part_no,
        "baseline": layout.baseline,
        "include": layout.include,
        "sigma_signal": sigma,
        "runs_signal": flags.runs_signal,
        "classification": flags.classification,
    }
    for v in columns.values():
        if isinstance(v, np.ndarray) and v.flags.writeable:
            v.flags.writeable = False
    return columns


def _positions(values: object, what: str, size: int, upper: int) -> list[int]:
    """Validate 1-based point positions: integers in 1..upper."""
    if isinstance(values, int | np.integer):
        values = [values]
    if isinstance(values, str | bytes | float) or not isinstance(values, Iterable):
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


# The range a given centre line can take, before ``multiply``.
_CL_RANGE = {"p": (0.0, 1.0), "pp": (0.0, 1.0)}
_CL_RANGE.update(dict.fromkeys(("c", "u", "up", "g", "t", "mr", "s"), (0.0, np.inf)))


def _check_level(chart: str, name: str, value: object) -> None:
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


def _freeze_position(freeze: object) -> int | None:
    """One whole number: the baseline is points 1..freeze."""
    if freeze is None:
        return None
    if isinstance(freeze, bool | np.bool_) or not isinstance(freeze, int | float | np.number):
        raise SPCError(f"freeze: {freeze!r} is not a whole number of points")
    if not np.isfinite(freeze) or freeze != int(freeze):
        raise SPCError(f"freeze: {freeze!r} is not a whole number of points")
    return int(freeze)


def _check_reference(y: FloatArray, layout: "_Layout", with_n: bool) -> None:
    """Refuse a chart with nothing to compute its centre line from.

    A frozen baseline with no usable point leaves the whole chart (under MDC, a part)
    without centre and limits, so it is refused. A part without a usable point, and no
    freeze, gets empty limits of its own, as in qicharts2.
    """
    usable = layout.include & ~np.isnan(y)
    what = "an included point with a denominator" if with_n else "an included point with a value"
    if not usable.any():
        raise SPCError(f"exclude: no point is left: the chart needs {what}")
    if layout.frozen is None:
        return
    part_no = layout.part_no
    for k in np.unique(part_no):
        if not (usable & layout.baseline & (part_no == k)).any():
            where = f" of part {k}" if part_no[-1] > 1 else ""
            raise SPCError(
                f"freeze: the baseline{where} (its first {layout.frozen} points) has no {what[3:]}"
            )


def _check_inputs(
    chart: str, y: FloatArray, n: FloatArray | None, rows: IntArray | None = None
) -> None:
    """Refuse data the chart cannot use, naming the first bad row (counted from 1).

    ``rows`` are the input row numbers of the values when rows without x were dropped.
    """
    row = row_numbers(rows)

    def first_bad(bad: IntArray) -> int:
        return row(int(bad[0]))

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


def _x_output(
    kind: XKind,
    keys: Keys | None,
    size: int,
    text: NDArray[np.str_] | None,
    first_row: IntArray,
) -> tuple[object, ...]:
    """x as JSON wants it: numbers, ISO date strings, or the text as given."""
    if keys is None:
        return tuple(range(1, size + 1))
    if kind == "number":
        whole = np.all(keys == np.round(keys)) and np.all(np.abs(keys) < 2**53)
        return tuple(keys.astype(np.int64).tolist() if whole else keys.tolist())
    if kind == "date":
        if text is not None and np.all(np.char.str_len(text) == 10):
            return tuple(text[first_row].tolist())  # already YYYY-MM-DD
        days = keys.astype("datetime64[D]")
        if np.all(days == keys):
            return tuple(np.datetime_as_string(days).tolist())
        return tuple(np.datetime_as_string(keys).tolist())
    return tuple(keys.tolist())


class _Layout(NamedTuple):
    part_no: IntArray  # the part (from 1) of each point
    baseline: BoolArray
    include: BoolArray
    frozen: int | None  # points in the frozen baseline (of each part, under MDC)


def _layout(
    size: int,
    first_row: IntArray,
    part: Positions | None,
    part_labels: Labels | None,
    freeze: int | None,
    exclude: Positions | None,
    rules: str,
) -> _Layout:
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
    return _Layout(part_no, baseline, include, frozen)


def _with_part(signal: Signal, part_no: IntArray) -> Signal:
    return Signal(
        signal.kind,
        int(part_no[signal.start - 1]),
        signal.start,
        signal.end,
        signal.side,
        signal.length,
        signal.favourable,
    )


def _classify(
    flagged: BoolArray, sided: BoolArray, side: NDArray[np.number[Any]], direction: str | None
) -> NDArray[np.object_]:
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
