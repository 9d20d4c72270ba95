"""Statistics for clinical audit and individual feedback: pure functions, no Django.

Proportions in, small frozen records out, one error type. Every interval here is a score
interval (Wilson 1927) because audit samples are small and compliance is often near 0 or
100%, where the textbook Wald interval is known to fail (Newcombe 1998, method 1).

>>> round(wilson_interval(81, 263).lower, 4), round(wilson_interval(81, 263).upper, 4)
(0.2553, 0.3662)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import binom, chi2, norm

__all__ = [
    "AuditStatsError",
    "Proportion",
    "Difference",
    "FunnelLimits",
    "FunnelCurve",
    "Dispersion",
    "wilson_interval",
    "proportion",
    "newcombe_difference",
    "newcombe_p_value",
    "compare_proportions",
    "funnel_limits",
    "funnel_position",
    "funnel_positions",
    "funnel_curve",
    "dispersion",
]

Z95 = float(norm.ppf(0.975))


class AuditStatsError(ValueError):
    """Raised when the numbers given cannot describe a proportion."""


def _check_counts(successes: int, trials: int) -> None:
    if trials < 0 or successes < 0:
        raise AuditStatsError("counts must not be negative")
    if successes > trials:
        raise AuditStatsError(
            f"successes ({successes}) cannot exceed the number of trials ({trials})"
        )


@dataclass(frozen=True)
class Proportion:
    """An observed proportion with its Wilson score interval (None when there is no data)."""

    successes: int
    trials: int
    estimate: float | None
    lower: float | None
    upper: float | None
    confidence: float = 0.95


@dataclass(frozen=True)
class Difference:
    """p2 - p1 (re-audit minus baseline) with Newcombe's hybrid score interval and the p
    of the test that inverts to that same interval, so the two can never disagree."""

    first: Proportion
    second: Proportion
    estimate: float | None
    lower: float | None
    upper: float | None
    p_value: float | None
    confidence: float = 0.95

    @property
    def significant(self) -> bool:
        """True exactly when the interval excludes 0 (and so exactly when p < 1 - confidence)."""
        lower, upper = self.lower, self.upper
        return lower is not None and upper is not None and (lower > 0 or upper < 0)

    @property
    def direction(self) -> str:
        """'up' or 'down' when the interval excludes 0, else 'chance'."""
        if not self.significant:
            return "chance"
        return "up" if (self.lower or 0) > 0 else "down"

    @property
    def p_shown(self) -> float | None:
        """p rounded to 4 places for the report, or None when it is below 0.0001.

        Rounding never carries p across 0.05: a p of 0.049996 is shown as 0.0499, not
        0.0500, so the printed p is below 0.05 exactly when the interval excludes 0.
        """
        if self.p_value is None or self.p_value < 0.0001:
            return None
        shown = round(self.p_value, 4)
        if self.p_value < 0.05 <= shown:
            return 0.0499
        return shown


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits around a group proportion for one denominator."""

    denominator: int
    target: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise AuditStatsError("confidence must be between 0 and 1, for example 0.95")
    return float(norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Proportion:
    """The Wilson score interval without continuity correction (Newcombe 1998, method 3).

    >>> p = wilson_interval(0, 20)
    >>> p.lower, round(p.upper, 4)
    (0.0, 0.1611)
    """
    _check_counts(successes, trials)
    z = _z(confidence)
    if trials == 0:
        return Proportion(successes, trials, None, None, None, confidence)
    lower, upper = _wilson_limits(successes, trials, z)
    return Proportion(successes, trials, successes / trials, lower, upper, confidence)


def _wilson_limits(successes: int, trials: int, z: float) -> tuple[float, float]:
    # Takes z rather than the confidence so that the p-value search can go to levels
    # (1 - 1e-200) that a float confidence cannot hold.
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At r = 0 or r = n the interval touches the boundary exactly; rounding must not
    # leave it a hair inside (or outside) [0, 1].
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == trials else min(1.0, centre + half)
    return lower, upper


proportion = wilson_interval


def newcombe_difference(
    first: Proportion | tuple[int, int],
    second: Proportion | tuple[int, int],
    confidence: float = 0.95,
) -> tuple[float | None, float | None, float | None]:
    """second - first with Newcombe's hybrid score interval (Newcombe 1998b, method 10).

    Proportions given as Proportion records keep the confidence they were made with;
    counts are turned into Wilson intervals at `confidence`.

    >>> est, lo, hi = newcombe_difference((48, 80), (56, 70))
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    a = first if isinstance(first, Proportion) else wilson_interval(*first, confidence)
    b = second if isinstance(second, Proportion) else wilson_interval(*second, confidence)
    if a.estimate is None or b.estimate is None:
        return None, None, None
    # An interval exists whenever its estimate does (n > 0).
    a_lower, a_upper, b_lower, b_upper = (
        float(v or 0) for v in (a.lower, a.upper, b.lower, b.upper)
    )
    d = b.estimate - a.estimate
    lower = d - math.sqrt((b.estimate - b_lower) ** 2 + (a_upper - a.estimate) ** 2)
    upper = d + math.sqrt((b_upper - b.estimate) ** 2 + (a.estimate - a_lower) ** 2)
    return d, max(-1.0, lower), min(1.0, upper)


# Beyond z = 37 the two-sided normal tail is below 1e-298, next to the smallest float.
_Z_MAX = 37.0


def _excludes_zero(first: tuple[int, int], second: tuple[int, int], z: float) -> bool:
    # The same formula as newcombe_difference, at a z rather than a confidence.
    (r1, n1), (r2, n2) = first, second
    p1, p2 = r1 / n1, r2 / n2
    lo1, hi1 = _wilson_limits(r1, n1, z)
    lo2, hi2 = _wilson_limits(r2, n2, z)
    d = p2 - p1
    lower = d - math.sqrt((p2 - lo2) ** 2 + (hi1 - p1) ** 2)
    upper = d + math.sqrt((hi2 - p2) ** 2 + (p1 - lo1) ** 2)
    return lower > 0 or upper < 0


def newcombe_p_value(first: tuple[int, int], second: tuple[int, int]) -> float | None:
    """The smallest alpha at which Newcombe's 1 - alpha interval excludes 0.

    This is the two-sided test that inverts to the interval: p < 0.05 exactly when the
    95% interval excludes 0, so the table, the words and the p cannot disagree. The
    interval widens as the confidence rises (each Wilson limit moves away from its
    estimate as z grows), so there is one crossing; it is found by bisection on z, the
    normal quantile of the confidence level, to 1e-10 in z, and returned as
    2 * P(Z > z). No difference gives 1; a difference still beyond 0 at z = 37 gives 0.

    >>> round(newcombe_p_value((1, 4), (3, 4)), 4)
    0.1483
    """
    a, b = wilson_interval(*first), wilson_interval(*second)
    if a.estimate is None or b.estimate is None:
        return None
    if a.estimate == b.estimate:
        return 1.0
    if _excludes_zero(first, second, _Z_MAX):
        return 0.0
    inside, outside = _Z_MAX, 0.0  # the interval contains 0 at `inside`, not at `outside`
    while inside - outside > 1e-10:
        middle = (inside + outside) / 2
        if _excludes_zero(first, second, middle):
            outside = middle
        else:
            inside = middle
    return min(1.0, 2 * float(norm.sf((inside + outside) / 2)))


def compare_proportions(first: tuple[int, int], second: tuple[int, int]) -> Difference:
    """Compare a re-audit (second) with the baseline (first): difference, 95% CI and p.

    The p-value is `newcombe_p_value`, the test that inverts to the Newcombe interval
    shown beside it; see that function.

    >>> c = compare_proportions((1, 20), (6, 20))
    >>> round(c.lower, 4), c.significant, round(c.p_value, 4)
    (0.0081, True, 0.0434)
    """
    a = wilson_interval(*first)
    b = wilson_interval(*second)
    d, lower, upper = newcombe_difference(a, b)
    return Difference(a, b, d, lower, upper, newcombe_p_value(first, second))


def _exact_limit(n: int, target: float, p: float) -> float:
    """Spiegelhalter (2005), Appendix A.1.1: the interpolated binomial p-quantile over n.

    r_p is the smallest r with P(R <= r) >= p; it is moved back by
    alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1)) so the limit is a smooth
    funnel rather than a staircase, and the limit is (r_p - alpha) / n.
    """
    r = int(binom.ppf(p, n, target))
    at_r = float(binom.cdf(r, n, target))
    below = float(binom.cdf(r - 1, n, target)) if r > 0 else 0.0
    alpha = (at_r - p) / (at_r - below) if at_r > below else 0.0
    return min(1.0, max(0.0, (r - alpha) / n))


def funnel_limits(target: float, denominator: int, method: str = "exact") -> FunnelLimits:
    """95% and 99.8% control limits for a proportion with this denominator.

    `method="exact"` uses the binomial with Spiegelhalter's interpolation (the default,
    right for the small denominators of one clinician's audit cases); `"normal"` uses
    target +/- z * sqrt(target (1 - target) / n) (his equation for large n).

    >>> f = funnel_limits(0.5, 100, method="normal")
    >>> round(f.lower95, 4), round(f.upper95, 4)
    (0.402, 0.598)
    """
    if denominator < 1:
        raise AuditStatsError("a funnel limit needs a denominator of at least 1")
    if not 0 <= target <= 1:
        raise AuditStatsError("the target must be a proportion between 0 and 1")
    levels = (0.025, 0.975, 0.001, 0.999)
    if method == "exact":
        values = [_exact_limit(denominator, target, p) for p in levels]
    elif method == "normal":
        se = math.sqrt(target * (1 - target) / denominator)
        values = [min(1.0, max(0.0, target + float(norm.ppf(p)) * se)) for p in levels]
    else:
        raise AuditStatsError(f"unknown method {method!r}: use 'exact' or 'normal'")
    return FunnelLimits(denominator, target, *values)


# One-sided tail levels of the funnel's two pairs of limits: 2.5% each side is the 95%
# funnel, 0.1% each side the 99.8% funnel (Spiegelhalter 2005, section 3).
TAIL95 = 0.025
TAIL998 = 0.001
Z95_ONE_SIDED = float(norm.isf(TAIL95))
Z998_ONE_SIDED = float(norm.isf(TAIL998))


def _exact_thresholds(trials, target: float, tail: float):
    """Per denominator, the counts at which an exact one-sided test at `tail` rejects.

    `high[i]` is the smallest x with P(X >= x | trials[i], target) <= tail and `low[i]` the
    largest x with P(X <= x) <= tail, for X binomial. `high` is trials + 1 when even
    x = trials is not improbable (always so when target is 1: nobody can beat the group)
    and `low` is -1 when even x = 0 is not. Computed for all denominators at once; a
    boundary step is checked against the tail itself so a rounding in scipy's inverse
    can never move a threshold.
    """
    n = np.asarray(trials, dtype=np.int64)
    # P(X >= x) = sf(x - 1): x is "high" iff sf(x - 1) <= tail
    inverse = np.asarray(binom.isf(tail, n, target), dtype=np.float64)
    high = np.where(np.isnan(inverse), n, inverse).astype(np.int64) + 1
    high = np.clip(high, 0, n + 1)
    for _ in range(2):
        too_high = (high - 1 >= 0) & (binom.sf(high - 2, n, target) <= tail)
        high = np.where(too_high, high - 1, high)
    too_low = (high <= n) & (binom.sf(high - 1, n, target) > tail)
    high = np.where(too_low, high + 1, high)
    low = np.asarray(binom.ppf(tail, n, target), dtype=np.float64)
    low = np.where(np.isnan(low), 0, low).astype(np.int64)
    low = np.clip(low, -1, n)
    for _ in range(2):
        over = (low >= 0) & (binom.cdf(low, n, target) > tail)
        low = np.where(over, low - 1, low)
    under = (low + 1 <= n) & (binom.cdf(low + 1, n, target) <= tail)
    low = np.where(under, low + 1, low)
    return high, low


@dataclass(frozen=True)
class FunnelCurve:
    """The limits drawn on a funnel plot, one value per denominator (numpy arrays).

    Each limit sits half a case inside the first count that is labelled beyond it, so a
    point x / n is drawn beyond a limit exactly when `funnel_position` labels it so. A
    limit is NaN at a denominator where no count could be labelled beyond it.
    """

    denominators: np.ndarray
    target: float
    tau2: float
    lower95: np.ndarray
    upper95: np.ndarray
    lower998: np.ndarray
    upper998: np.ndarray


def funnel_curve(target: float, denominators, tau2: float = 0.0) -> FunnelCurve:
    """95% and 99.8% funnel limits for every denominator at once, consistent with the labels.

    Without overdispersion (tau2 = 0) the limits are the exact binomial thresholds,
    stepped per denominator; with an additive random-effects variance tau2 they are
    target +/- z sqrt(target (1 - target) / n + tau2).

    >>> c = funnel_curve(0.5, [20])
    >>> float(c.upper95[0]) * 20, float(c.lower95[0]) * 20
    (14.5, 5.5)
    """
    _check_target(target)
    n = np.asarray(denominators, dtype=np.int64)
    if n.ndim != 1 or (n < 1).any():
        raise AuditStatsError("funnel limits need denominators of at least 1")
    values = {}
    for name, tail, z in (("95", TAIL95, Z95_ONE_SIDED), ("998", TAIL998, Z998_ONE_SIDED)):
        if tau2 > 0:
            se = np.sqrt(target * (1 - target) / n + tau2)
            upper, lower = target + z * se, target - z * se
            upper = np.where(upper < 1, upper, np.nan)
            lower = np.where(lower > 0, lower, np.nan)
        else:
            high, low = _exact_thresholds(n, target, tail)
            upper = np.where(high <= n, (high - 0.5) / n, np.nan)
            lower = np.where(low >= 0, (low + 0.5) / n, np.nan)
        values[f"upper{name}"], values[f"lower{name}"] = upper, lower
    return FunnelCurve(n, target, tau2, **values)


def _check_target(target: float) -> None:
    if not 0 <= target <= 1:
        raise AuditStatsError("the target must be a proportion between 0 and 1")


def funnel_positions(successes, trials, target: float, tau2: float = 0.0) -> list[str]:
    """`funnel_position` for many units at once (numpy arrays or sequences).

    >>> funnel_positions([5, 0], [5, 20], 0.95)
    ['within', 'low']
    """
    x = np.asarray(successes, dtype=np.int64)
    n = np.asarray(trials, dtype=np.int64)
    if (x < 0).any() or (n < 1).any() or (x > n).any():
        raise AuditStatsError("each unit needs 0 <= successes <= trials and trials >= 1")
    _check_target(target)
    out = np.full(x.shape, "within", dtype=object)
    if tau2 > 0:
        z = (x / n - target) / np.sqrt(target * (1 - target) / n + tau2)
        beyond = {"high95": z > Z95_ONE_SIDED, "low95": z < -Z95_ONE_SIDED}
        beyond |= {"high": z > Z998_ONE_SIDED, "low": z < -Z998_ONE_SIDED}
    else:
        high95, low95 = _exact_thresholds(n, target, TAIL95)
        high998, low998 = _exact_thresholds(n, target, TAIL998)
        beyond = {"high95": x >= high95, "low95": x <= low95}
        beyond |= {"high": x >= high998, "low": x <= low998}
    for label in ("high95", "low95", "high", "low"):
        out[beyond[label]] = label
    return list(out)


def funnel_position(successes: int, trials: int, target: float, tau2: float = 0.0) -> str:
    """Where a unit falls against the group proportion `target`, by exact binomial tails.

    'high' when P(X >= successes) <= 0.1% (beyond the 99.8% funnel), 'high95' when it
    is <= 2.5% (beyond the 95% funnel), mirrored with P(X <= successes) for 'low' and
    'low95', else 'within'; X is binomial(trials, target), the count expected if this
    unit were no different from the group. So under no real difference each label
    comes up with at most its nominal chance, for every denominator and group rate, and
    nobody is "better" than a group at 100%. With an additive random-effects variance
    tau2 > 0 (see `dispersion`), the unit is judged by the normal z-score
    (p - target) / sqrt(target (1 - target) / trials + tau2) against 1.96 and 3.09.

    >>> funnel_position(20, 20, 0.5), funnel_position(5, 5, 0.95), funnel_position(1, 1, 0.5)
    ('high', 'within', 'within')
    """
    _check_counts(successes, trials)
    if trials == 0:
        return "within"
    return funnel_positions([successes], [trials], target, tau2)[0]


@dataclass(frozen=True)
class Dispersion:
    """Spiegelhalter's overdispersion check of units against their group proportion."""

    units: int
    phi: float
    critical: float
    tau2: float

    @property
    def overdispersed(self) -> bool:
        return self.tau2 > 0


def dispersion(units, target: float, winsor: float = 0.1) -> Dispersion:
    """Dispersion factor and additive random-effects variance (Spiegelhalter 2005, s. 6).

    z_i = (p_i - target) / s_i with s_i^2 = target (1 - target) / n_i; the z-scores are
    winsorised at the 10th and 90th percentiles (linear interpolation between order
    statistics, R's default quantile type 7) so one extreme unit cannot widen everyone's
    limits; phi = (1/k) sum z_i^2. k phi is compared with the chi-square distribution on
    k - 1 degrees of freedom; only when it exceeds the 95% point is the DerSimonian-Laird
    variance tau^2 = (k phi - (k - 1)) / (sum w_i - sum w_i^2 / sum w_i), w_i = 1 / s_i^2,
    used (else tau2 is 0). With a group at 0% or 100% every unit equals the group and
    there is nothing to disperse.

    >>> d = dispersion([(0, 10), (10, 10), (0, 10), (10, 10), (5, 10)], 0.5)
    >>> round(d.phi, 2), d.overdispersed
    (8.0, True)
    """
    _check_target(target)
    counts = np.asarray(list(units), dtype=np.float64).reshape(-1, 2)
    k = len(counts)
    if k < 2 or target in (0, 1) or (counts[:, 1] < 1).any():
        return Dispersion(k, 1.0, math.inf, 0.0)
    p, n = counts[:, 0] / counts[:, 1], counts[:, 1]
    variance = target * (1 - target) / n
    z = (p - target) / np.sqrt(variance)
    low, high = np.percentile(z, [100 * winsor, 100 * (1 - winsor)])
    z = np.clip(z, low, high)
    phi = float(np.mean(z * z))
    critical = float(chi2.ppf(0.95, k - 1))
    tau2 = 0.0
    if k * phi > critical:
        w = 1 / variance
        tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    return Dispersion(k, phi, critical, float(tau2))
