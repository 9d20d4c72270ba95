"""The NHS "Making Data Count" rules, as NHSRplotthedots 0.2.2 classifies points.

XmR limits at mean +/- 2.66 x average moving range (moving ranges at or above 3.267 x
their first average screened out unless turned off), "near" lines at mean +/- 1.7733 x
average moving range, and four rules, each point taking the first that applies:

1. a point beyond a process limit (side: above or below the mean);
2. part of a trend of 7 points all increasing or all decreasing (side: the direction);
3. part of 2 out of 3 consecutive points beyond the same near line, all 3 on that side
   of the mean (only the points beyond the near line are flagged);
4. part of a run of 7 or more points on one side of the mean (points on the mean
   break the run).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._typing import BoolArray, FloatArray
from .constants import D4, MDC_LIMIT, MDC_NEAR

__all__ = ["MDCFlags", "mdc_flags", "mdc_lines"]


@dataclass(frozen=True)
class MDCFlags:
    outside: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    two_of_three_windows: np.ndarray  # points of the qualifying windows of three
    shift: np.ndarray
    side: np.ndarray  # +1 high / increasing, -1 low / decreasing, 0 common cause
    run_side: np.ndarray  # sign of y - mean (0 on the mean or missing)
    trend_side: np.ndarray  # +1 increasing, -1 decreasing (meaningful where trend)


def mdc_lines(
    y: FloatArray, use: BoolArray, screened: bool
) -> tuple[float, float, float, float, float]:
    """Mean, lower and upper process limits and near lines from the points in ``use``.

    >>> import numpy as np
    >>> y = np.array([1.0, 2.0, 1.0, 2.0])
    >>> [round(float(v), 3) for v in mdc_lines(y, np.ones(4, bool), True)]
    [1.5, -1.16, 4.16, -0.273, 3.273]
    """
    fixed = np.where(use, y, np.nan)
    vals = fixed[~np.isnan(fixed)]
    mean = float(vals.mean()) if vals.size else np.nan
    mr = np.abs(np.diff(fixed))
    mr = mr[~np.isnan(mr)]
    amr = float(mr.mean()) if mr.size else np.nan
    if screened and mr.size:
        kept = mr[mr < D4 * amr]
        amr = float(kept.mean()) if kept.size else np.nan
    return (
        mean,
        mean - MDC_LIMIT * amr,
        mean + MDC_LIMIT * amr,
        mean - MDC_NEAR * amr,
        mean + MDC_NEAR * amr,
    )


def _in_long_runs(values: NDArray[np.number[Any]], min_len: int) -> BoolArray:
    """True where ``values`` is non-zero and inside a run of equal values >= min_len."""
    if values.size == 0:
        return np.zeros(0, bool)
    change = np.concatenate(([True], values[1:] != values[:-1]))
    run_id = np.cumsum(change) - 1
    lengths = np.bincount(run_id)
    in_long: BoolArray = (values != 0) & (lengths[run_id] >= min_len)
    return in_long


def mdc_flags(
    y: FloatArray, mean: float, lpl: float, upl: float, nlpl: float, nupl: float
) -> MDCFlags:
    """Classify each point of one part by the Making Data Count rules.

    >>> import numpy as np
    >>> y = np.array([5, 5, 5, 5, 1, 2, 3, 4, 5, 6, 7.0])
    >>> f = mdc_flags(y, 4.0, -4.0, 12.0, -1.0, 9.0)
    >>> f.trend.astype(int).tolist()
    [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    """
    size = y.size
    with np.errstate(invalid="ignore"):
        rtm = np.nan_to_num(np.sign(y - mean))
        outside = (y > upl) | (y < lpl)
        close = ~outside & ((y < nlpl) | (y > nupl))
        d = np.nan_to_num(np.sign(np.diff(y)))
    # Trend: 6 consecutive differences of one sign cover 7 points.
    trend = np.zeros(size, bool)
    if size >= 7:
        long_d = _in_long_runs(d, 6)
        trend[:-1] |= long_d
        trend[1:] |= long_d
    # Side of a trend point: the difference to its right when the next point is also in
    # a trend, else the one to its left (NHSRplotthedots' rule for shared points).
    right = np.concatenate((d, [0.0]))
    left = np.concatenate(([0.0], d))
    next_in_trend = np.concatenate((trend[1:], [False]))
    trend_side = np.where(trend & next_in_trend, right, left)
    # Two out of three beyond a near line, the three on the same side of the mean.
    hit = np.zeros(size, bool)
    if size >= 3:
        c = close.astype(int)
        window = (c[:-2] + c[1:-1] + c[2:] >= 2) & (np.abs(rtm[:-2] + rtm[1:-1] + rtm[2:]) == 3)
        for k in range(3):
            hit[k : size - 2 + k] |= window
    two = close & hit
    shift = _in_long_runs(rtm, 7)
    high = np.where(rtm > 0, 1, -1)
    side = np.select(
        [outside, trend, two, shift],
        [np.where(rtm == 1, 1, -1), np.where(trend_side == 1, 1, -1), high, high],
        default=0,
    )
    trend_dir = np.where(trend_side == 1, 1, -1)
    return MDCFlags(outside, trend, two, hit, shift, side, rtm, trend_dir)
