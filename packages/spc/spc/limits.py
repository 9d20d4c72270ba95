"""Centre lines and control limits of each chart, for one part, as qicharts2 0.8.1.

Every function takes the subgroups of one part and a ``base`` mask (the points in the
baseline and not excluded, from which the centre and limits are computed) and returns
``Lines``: the plotted value and, per point, the centre line and the 3-sigma and
2-sigma limits. Multiplying, clamping negative limits and signals happen later.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ._typing import BoolArray, FloatArray
from .constants import D2, D4, T_POWER, a3, b3, b4
from .errors import SPCError
from .grouping import Subgroups

__all__ = ["CHARTS", "Lines", "PartData", "compute_lines"]

CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")


@dataclass(frozen=True)
class PartData:
    """The subgroups of one part and how they take part in the calculations."""

    y: FloatArray
    y_sum: FloatArray
    y_len: FloatArray
    y_mean: FloatArray
    y_sd: FloatArray
    n: FloatArray
    base: BoolArray  # baseline and included: used for centre and limits
    cl: float | None  # a given centre line
    text_x: bool  # x is text: Laney's sigma-z uses the standard deviation
    screened: bool  # screen out large moving ranges (Nelson 1982)

    @classmethod
    def of(
        cls,
        sub: Subgroups,
        sl: slice,
        base: BoolArray,
        cl: float | None,
        text_x: bool,
        screened: bool,
    ) -> "PartData":
        """The subgroups ``sub`` (from `spc.grouping.group_rows`) in the slice ``sl``."""
        return cls(
            sub.y[sl],
            sub.y_sum[sl],
            sub.y_len[sl],
            sub.y_mean[sl],
            sub.y_sd[sl],
            sub.n[sl],
            base,
            cl,
            text_x,
            screened,
        )


@dataclass(frozen=True)
class Lines:
    y: FloatArray
    cl: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl_95: FloatArray
    ucl_95: FloatArray


def _mean(v: FloatArray) -> float:
    v = v[~np.isnan(v)]
    return float(v.mean()) if v.size else np.nan


def _median(v: FloatArray) -> float:
    v = v[~np.isnan(v)]
    return float(np.median(v)) if v.size else np.nan


def _nansum(v: FloatArray) -> float:
    return float(np.nansum(v))


def average_moving_range(values: FloatArray, screened: bool) -> float:
    """Mean of the moving ranges of ``values``; missing values break a range.

    With ``screened``, ranges at or above D4 x the first average are left out and the
    average is taken again (Nelson 1982; qicharts2's default when attached).
    """
    mr = np.abs(np.diff(values))
    mr = mr[~np.isnan(mr)]
    if mr.size == 0:
        return np.nan
    amr = mr.mean()
    if screened:
        kept = mr[mr < D4 * amr]
        amr = kept.mean() if kept.size else np.nan
    return float(amr)


def _full(value: float, size: int) -> FloatArray:
    return np.full(size, value, dtype=float)


def _symmetric(y: FloatArray, cl: FloatArray, sd: FloatArray | float) -> Lines:
    return Lines(y, cl, cl - 3 * sd, cl + 3 * sd, cl - 2 * sd, cl + 2 * sd)


def _run(d: PartData) -> Lines:
    cl = d.cl if d.cl is not None else _median(d.y[d.base])
    nan = _full(np.nan, d.y.size)
    return Lines(d.y, _full(cl, d.y.size), nan, nan, nan, nan)


def _i(d: PartData, y: FloatArray | None = None) -> Lines:
    y = d.y if y is None else y
    cl = d.cl if d.cl is not None else _mean(y[d.base])
    sd = average_moving_range(y[d.base] - cl, d.screened) / D2
    return _symmetric(y, _full(cl, y.size), sd)


def _mr(d: PartData) -> Lines:
    y = np.concatenate(([np.nan], np.abs(np.diff(d.y))))
    centre = d.cl if d.cl is not None else _mean(y[d.base])
    cl = _full(centre, y.size)
    return Lines(y, cl, 0 * cl, D4 * cl, 0 * cl, D4 / 3 * 2 * cl)


def _pooled_sd(d: PartData) -> float:
    """Standard deviation for Xbar and S: pooled over unequal subgroups (Montgomery 6.31)."""
    sizes = d.y_len[d.y_len > 0]
    if np.unique(sizes).size > 1:
        use = d.base & (d.y_len > 1)
        return float(
            np.sqrt(np.sum((d.y_len[use] - 1) * d.y_sd[use] ** 2) / np.sum(d.y_len[use] - 1))
        )
    return _mean(d.y_sd[d.base])


def _xbar(d: PartData) -> Lines:
    use = d.base & (d.y_len > 0)
    centre = (
        d.cl
        if d.cl is not None
        else float(np.sum(d.y_len[use] * d.y_mean[use]) / np.sum(d.y_len[use]))
    )
    sd = _pooled_sd(d)
    cl = _full(centre, d.y.size)
    k3, k2 = a3(d.y_len) * sd, a3(d.y_len, 2) * sd
    return Lines(d.y_mean, cl, cl - k3, cl + k3, cl - k2, cl + k2)


def _s(d: PartData) -> Lines:
    cl = _full(d.cl if d.cl is not None else _pooled_sd(d), d.y.size)
    n = d.y_len
    return Lines(d.y_sd, cl, b3(n) * cl, b4(n) * cl, b3(n, 2) * cl, b4(n, 2) * cl)


def _t(d: PartData) -> Lines:
    if np.nanmin(d.y) <= 0:
        pos = int(np.flatnonzero(d.y <= 0)[0])
        raise SPCError(
            f"T chart: time between events must be above zero (point {pos + 1} of its part)"
        )
    given = None if d.cl is None else d.cl ** (1 / T_POWER)
    tr = replace(d, cl=given)
    lines = _i(tr, d.y ** (1 / T_POWER))
    with np.errstate(invalid="ignore"):
        back = {k: getattr(lines, k) ** T_POWER for k in ("cl", "lcl", "ucl", "lcl_95", "ucl_95")}
    lcl = back["lcl"]
    lcl[np.isnan(lcl) | (lcl < 0)] = 0.0
    return Lines(d.y, back["cl"], lcl, back["ucl"], back["lcl_95"], back["ucl_95"])


def _rate_cl(d: PartData) -> float:
    if d.cl is not None:
        return d.cl
    total = _nansum(d.n[d.base])
    # A part with nothing to compute from gets empty limits, as in qicharts2 (0/0).
    return _nansum(d.y_sum[d.base]) / total if total else np.nan


def _laney(d: PartData, cl: float, sd: FloatArray) -> float:
    """Laney's sigma-z: the spread of z-scores between subgroups (P' and U' charts)."""
    z = (d.y[d.base] - cl) / sd[d.base]
    if d.text_x:
        z = z[~np.isnan(z)]
        return float(np.std(z, ddof=1)) if z.size > 1 else np.nan
    return average_moving_range(z, d.screened) / D2


def _clamp(lines: Lines, upper: float | None = None) -> Lines:
    for arr in (lines.lcl, lines.lcl_95):
        arr[np.isfinite(arr) & (arr < 0)] = 0.0
    if upper is not None:
        for arr in (lines.ucl, lines.ucl_95):
            arr[np.isfinite(arr) & (arr > upper)] = upper
    return lines


def _p(d: PartData, laney: bool = False) -> Lines:
    cl = _rate_cl(d)
    sd = np.sqrt(cl * (1 - cl) / d.n)
    if laney:
        sd = sd * _laney(d, cl, sd)
    return _clamp(_symmetric(d.y, _full(cl, d.y.size), sd), upper=1.0)


def _u(d: PartData, laney: bool = False) -> Lines:
    cl = _rate_cl(d)
    sd = np.sqrt(cl / d.n)
    if laney:
        sd = sd * _laney(d, cl, sd)
    return _clamp(_symmetric(d.y, _full(cl, d.y.size), sd))


def _c(d: PartData) -> Lines:
    y = d.y_sum
    cl = d.cl if d.cl is not None else _mean(y[d.base])
    return _clamp(_symmetric(y, _full(cl, y.size), np.sqrt(cl)))


def _g(d: PartData) -> Lines:
    mean = d.cl if d.cl is not None else _mean(d.y[d.base])
    lines = _clamp(_symmetric(d.y, _full(mean, d.y.size), np.sqrt(mean * (mean + 1))))
    # The centre line is drawn at the median; a given centre is taken as a mean and its
    # median estimated as 0.693 x mean (Provost and Murray 2011, p. 228), as qicharts2.
    centre = _median(d.y[d.base]) if d.cl is None else 0.693 * d.cl
    return Lines(lines.y, _full(centre, d.y.size), lines.lcl, lines.ucl, lines.lcl_95, lines.ucl_95)


_FUNCS: dict[str, Callable[[PartData], Lines]] = {
    "run": _run,
    "i": _i,
    "mr": _mr,
    "xbar": _xbar,
    "s": _s,
    "t": _t,
    "p": _p,
    "pp": lambda d: _p(d, laney=True),
    "c": _c,
    "u": _u,
    "up": lambda d: _u(d, laney=True),
    "g": _g,
}


def compute_lines(chart: str, d: PartData) -> Lines:
    """Centre line and limits of one part of a chart.

    >>> import numpy as np
    >>> y = np.array([1.0, 3.0, 2.0, 4.0])
    >>> d = PartData(y, y, np.ones(4), y, np.full(4, np.nan), np.full(4, np.nan),
    ...              np.ones(4, bool), None, False, True)
    >>> lines = compute_lines("i", d)
    >>> float(lines.cl[0]), round(float(lines.ucl[0]), 4)
    (2.5, 6.9326)
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        return _FUNCS[chart](d)
