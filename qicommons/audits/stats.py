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

from scipy.stats import binom, fisher_exact, norm

__all__ = [
    "AuditStatsError",
    "Proportion",
    "Difference",
    "FunnelLimits",
    "wilson_interval",
    "proportion",
    "newcombe_difference",
    "compare_proportions",
    "funnel_limits",
    "funnel_position",
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
    """p2 - p1 (re-audit minus baseline) with Newcombe's hybrid score interval and Fisher's p."""

    first: Proportion
    second: Proportion
    estimate: float | None
    lower: float | None
    upper: float | None
    p_value: float | None
    confidence: float = 0.95


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
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At r = 0 or r = n the interval touches the boundary exactly; rounding must not
    # leave it a hair inside (or outside) [0, 1].
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == trials else min(1.0, centre + half)
    return Proportion(successes, trials, p, lower, upper, confidence)


proportion = wilson_interval


def newcombe_difference(
    first: Proportion | tuple[int, int], second: Proportion | tuple[int, int]
) -> tuple[float | None, float | None, float | None]:
    """second - first with Newcombe's hybrid score interval (Newcombe 1998b, method 10).

    >>> est, lo, hi = newcombe_difference((48, 80), (56, 70))
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    a = first if isinstance(first, Proportion) else wilson_interval(*first)
    b = second if isinstance(second, Proportion) else wilson_interval(*second)
    if a.estimate is None or b.estimate is None:
        return None, None, None
    d = b.estimate - a.estimate
    lower = d - math.sqrt((b.estimate - b.lower) ** 2 + (a.upper - a.estimate) ** 2)
    upper = d + math.sqrt((b.upper - b.estimate) ** 2 + (a.estimate - a.lower) ** 2)
    return d, max(-1.0, lower), min(1.0, upper)


def compare_proportions(first: tuple[int, int], second: tuple[int, int]) -> Difference:
    """Compare a re-audit (second) with the baseline (first): difference, 95% CI, exact p.

    The p-value is Fisher's exact test, two-sided, on the 2x2 table of met / not met.

    >>> c = compare_proportions((1, 4), (3, 4))
    >>> round(c.p_value, 4)
    0.4857
    """
    a = wilson_interval(*first)
    b = wilson_interval(*second)
    d, lower, upper = newcombe_difference(a, b)
    p_value = None
    if a.trials and b.trials:
        table = [[b.successes, b.trials - b.successes], [a.successes, a.trials - a.successes]]
        p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    return Difference(a, b, d, lower, upper, p_value)


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


def funnel_position(successes: int, trials: int, target: float) -> str:
    """Where a unit falls: 'high' or 'low' beyond 99.8%, 'high95'/'low95', else 'within'.

    >>> funnel_position(20, 20, 0.5)
    'high'
    """
    _check_counts(successes, trials)
    if trials == 0:
        return "within"
    limits = funnel_limits(target, trials)
    p = successes / trials
    if p > limits.upper998:
        return "high"
    if p < limits.lower998:
        return "low"
    if p > limits.upper95:
        return "high95"
    if p < limits.lower95:
        return "low95"
    return "within"
