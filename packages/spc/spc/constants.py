"""Constants and critical values of the charts and the runs rules.

Sources: Montgomery, *Introduction to Statistical Quality Control* (d2 = 1.128 for
moving ranges of two, D4 = 3.267, the exact c4 formula), Anhøj and Olesen (2014) and
qicharts2 0.8.1 for the runs rules (longest run > round(log2(n)) + 3, after Schilling
2012; crossings < the 5% quantile of Binomial(n - 1, 0.5), after Chen 2010), and the
NHS "Making Data Count" guidance as NHSRplotthedots 0.2.2 codes it (2.66 and 2/3 of it).
"""

import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ._typing import ArrayLike, FloatArray

__all__ = [
    "D2",
    "D4",
    "MDC_LIMIT",
    "MDC_NEAR",
    "HELD_BEYOND",
    "MIN_JUDGED",
    "MIN_REFERENCE",
    "MIN_USEFUL",
    "RARE_EVENTS",
    "T_POWER",
    "a3",
    "box_signal",
    "b3",
    "b4",
    "c4",
    "longest_run_max",
    "n_crossings_min",
]

#: d2 for moving ranges of two points: sigma = average moving range / D2.
D2 = 1.128
#: D4 for moving ranges of two points: the upper limit of a moving range chart.
D4 = 3.267
#: Making Data Count process limits: mean +/- 2.66 x average moving range (3 / 1.128).
MDC_LIMIT = 2.66
#: Making Data Count "near" lines at two sigma: mean +/- 1.7733 x average moving range.
MDC_NEAR = 2 * MDC_LIMIT / 3
#: T charts plot times between events after this power transform (Nelson 1994).
T_POWER = 3.6
#: Fewer useful points than this in the latest part gives the verdict "too little data".
MIN_USEFUL = 12
#: The verdict's reference (baseline or previous phase) needs this many useful points;
#: the default baseline is the first this many useful points.
MIN_REFERENCE = 12
#: Fewer useful points than this after the reference gives "too little data".
MIN_JUDGED = 3
#: This many consecutive points beyond the same reference limit are a held change.
HELD_BEYOND = 3
#: A count chart whose reference averages fewer events per point than this is about
#: rare events: runs against its centre line are lopsided (mostly zeros below it).
RARE_EVENTS = 1.0


def _per_size(n: ArrayLike, fn: Callable[[float], float]) -> FloatArray:
    """Apply the scalar function ``fn`` once per distinct subgroup size in ``n``."""
    n = np.asarray(n, dtype=float)
    sizes, inverse = np.unique(n, return_inverse=True)
    values = np.array([fn(s) if np.isfinite(s) and s > 1 else math.nan for s in sizes])
    return values[inverse].reshape(n.shape)


def _c4(s: float) -> float:
    return math.sqrt(2 / (s - 1)) * math.exp(math.lgamma(s / 2) - math.lgamma((s - 1) / 2))


def c4(n: ArrayLike) -> FloatArray:
    """Exact c4(n), the bias of the sample standard deviation; NaN for n <= 1.

    >>> round(float(c4(5)), 4)
    0.94
    """
    return _per_size(n, _c4)


def a3(n: ArrayLike, sigma: float = 3) -> FloatArray:
    """A3(n) = sigma / (c4(n) sqrt(n)): Xbar limits from the mean standard deviation.

    >>> round(float(a3(5)), 3)
    1.427
    """
    return _per_size(n, lambda s: sigma / (_c4(s) * math.sqrt(s)))


def _c5_over_c4(s: float) -> float:
    c = _c4(s)
    return math.sqrt(1 - c * c) / c


def b3(n: ArrayLike, sigma: float = 3) -> FloatArray:
    """B3(n) = max(0, 1 - sigma c5 / c4): lower S chart limit factor.

    >>> round(float(b3(10)), 3)
    0.284
    """
    return _per_size(n, lambda s: max(0.0, 1 - sigma * _c5_over_c4(s)))


def b4(n: ArrayLike, sigma: float = 3) -> FloatArray:
    """B4(n) = 1 + sigma c5 / c4: upper S chart limit factor.

    >>> round(float(b4(10)), 3)
    1.716
    """
    return _per_size(n, lambda s: 1 + sigma * _c5_over_c4(s))


def longest_run_max(n_useful: int) -> int:
    """Longest run expected by chance among ``n_useful`` points: round(log2(n)) + 3.

    >>> longest_run_max(24)
    8
    """
    return int(np.round(math.log2(n_useful))) + 3


@lru_cache(maxsize=4096)
def n_crossings_min(n_useful: int) -> int:
    """Fewest crossings expected by chance: the 5% quantile of Binomial(n - 1, 0.5).

    Computed exactly from the binomial probabilities (what R's qbinom returns).

    >>> n_crossings_min(24)
    8
    """
    m = max(n_useful - 1, 0)
    if m == 0:
        return 0
    # Probabilities of 0..m//2 + 1 crossings in log space: the 5% quantile lies below
    # the median, and log space keeps 2^-m from underflowing for long series.
    k = np.arange(m // 2 + 2, dtype=float)
    steps = np.log(m - k[:-1]) - np.log(k[:-1] + 1)
    log_pmf = -m * math.log(2) + np.concatenate(([0.0], np.cumsum(steps)))
    cdf = np.cumsum(np.exp(log_pmf))
    return int(np.searchsorted(cdf, 0.05, side="left"))


# Anhøj and Wentzel-Larsen (2020), doi:10.1371/journal.pone.0233920, as tabulated in
# qicharts2 0.8.1 for its experimental "bestbox" and "cutbox" runs rules, n = 10..100:
# the crossings (CB) and longest-run (LB) bounds of the best box, and the corners cut
# off it (CBORD, LBORD; None where the box keeps its corner).
BOX_N0 = 10
# fmt: off
BOX_CB = (
    2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 6, 6, 6, 6, 9, 9, 9, 10, 11, 11, 11, 11, 11, 12,
    13, 14, 13, 15, 15, 15, 14, 14, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21,
    23, 23, 23, 23, 23, 25, 25, 26, 26, 27, 27, 27, 28, 29, 29, 29, 30, 30, 31, 31, 31,
    32, 33, 33, 33, 34, 33, 35, 35, 35, 35, 37, 37, 38, 37, 39, 39, 39, 39, 39, 41, 41,
    42, 41,
)
BOX_LB = (
    6, 7, 6, 6, 6, 7, 8, 7, 7, 7, 7, 8, 7, 7, 7, 7, 9, 8, 8, 8, 10, 9, 8, 8, 8, 8, 9,
    10, 8, 11, 9, 9, 8, 8, 10, 9, 9, 9, 12, 10, 9, 9, 9, 11, 10, 9, 9, 12, 10, 10, 9, 9,
    11, 10, 11, 10, 12, 10, 10, 11, 14, 11, 10, 11, 10, 12, 11, 10, 11, 13, 11, 10, 11,
    10, 11, 11, 10, 10, 12, 11, 12, 10, 13, 11, 11, 10, 10, 12, 11, 12, 10,
)
BOX_CBORD = (
    3, 4, None, None, None, 6, 6, None, 6, 6, None, None, 7, 7, 7, None, 10, 10, 11,
    None, 12, 14, None, 12, 13, None, 15, None, None, None, None, 17, None, None, None,
    None, 19, 20, 20, 21, None, 21, 21, 23, 23, None, 23, 25, 24, 26, None, 24, 27, 27,
    27, 27, 29, None, 29, 29, 30, 31, 30, 31, None, 32, 34, 33, 33, 37, 35, None, 36,
    36, None, 38, 36, 38, 38, 39, None, 39, 41, 40, 42, None, 41, 42, 44, 43, 42,
)
BOX_LBORD = (
    5, 6, None, None, None, 6, 7, None, 6, 5, None, None, 6, 6, 6, None, 7, 7, 7, None,
    9, 8, None, 7, 7, None, 8, None, None, None, None, 8, None, None, None, None, 8, 7,
    11, 9, None, 8, 7, 9, 8, None, 8, 11, 9, 8, None, 8, 9, 9, 10, 9, 10, None, 8, 8,
    13, 9, 9, 10, None, 9, 8, 9, 8, 11, 9, None, 10, 7, None, 8, 9, 8, 10, 9, None, 9,
    12, 10, 8, None, 8, 9, 9, 10, 9,
)
# fmt: on


def box_signal(method: str, n: int, crossings: int, longest: int) -> bool | None:
    """Runs signal by the experimental bestbox or cutbox rule; None outside n = 10..100.

    >>> box_signal("bestbox", 24, 8, 7), box_signal("bestbox", 24, 5, 7)
    (False, True)
    >>> box_signal("cutbox", 200, 80, 9) is None
    True
    """
    if not BOX_N0 <= n < BOX_N0 + len(BOX_CB):
        return None
    i = n - BOX_N0
    cb, lb = BOX_CB[i], BOX_LB[i]
    cbord, lbord = BOX_CBORD[i], BOX_LBORD[i]
    inside = crossings >= cb and longest <= lb
    if method == "bestbox" or cbord is None or lbord is None:  # the two are None together
        return not inside
    # Cut box: the best box without its corner, plus the two border strips.
    keep = (
        (crossings >= cb + 1 and longest <= lb - 1)
        or (crossings == cb and longest <= lbord)
        or (crossings >= cbord and longest <= lb)
    )
    return not keep
