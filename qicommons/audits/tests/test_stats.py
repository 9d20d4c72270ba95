"""The audit statistics against published values; the source is named beside each one."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qicommons.audits import stats


class TestWilsonInterval:
    # Newcombe RG. Two-sided confidence intervals for the single proportion: comparison
    # of seven methods. Statistics in Medicine 1998;17:857-872. Table I, method 3
    # (score method without continuity correction).
    @pytest.mark.parametrize(
        ("r", "n", "lower", "upper"),
        [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0000, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ],
    )
    def test_it_matches_newcombe_1998_table_i(self, r, n, lower, upper):
        p = stats.wilson_interval(r, n)
        assert round(p.lower, 4) == lower
        assert round(p.upper, 4) == upper
        assert p.estimate == r / n

    def test_it_returns_no_estimate_without_cases(self):
        p = stats.wilson_interval(0, 0)
        assert (p.estimate, p.lower, p.upper) == (None, None, None)

    def test_it_reaches_exactly_one_when_every_case_complies(self):
        p = stats.wilson_interval(20, 20)
        assert p.upper == 1.0
        # mirror image of 0/20 (Newcombe 1998, Table I)
        assert round(p.lower, 4) == round(1 - 0.1611, 4)

    @pytest.mark.parametrize(("r", "n"), [(5, 3), (-1, 4), (0, -2)])
    def test_it_rejects_impossible_counts(self, r, n):
        with pytest.raises(stats.AuditStatsError):
            stats.wilson_interval(r, n)

    @given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
    def test_it_always_contains_the_estimate(self, rn):
        r, n = rn
        p = stats.wilson_interval(r, n)
        if n:
            assert 0 <= p.lower <= p.estimate <= p.upper <= 1


class TestNewcombeDifference:
    # Newcombe RG. Interval estimation for the difference between independent
    # proportions: comparison of eleven methods. Statistics in Medicine 1998;17:873-890.
    # Table II, method 10 (hybrid score, no continuity correction). Given as
    # (m/n first, r/s second) and the interval for first - second, so here the
    # second-minus-first difference of (second, first) reproduces it.
    @pytest.mark.parametrize(
        ("a", "b", "lower", "upper"),
        [
            ((56, 70), (48, 80), 0.0524, 0.3339),  # example (a)
            ((9, 10), (3, 10), 0.1705, 0.8090),  # example (b)
            ((6, 7), (2, 7), 0.0582, 0.8062),  # example (c)
            ((5, 56), (0, 29), -0.0381, 0.1926),  # example (d)
            ((0, 10), (0, 20), -0.1611, 0.2775),  # example (e)
            ((0, 10), (0, 10), -0.2775, 0.2775),  # example (f)
            ((10, 10), (0, 20), 0.6791, 1.0000),  # example (g)
            ((10, 10), (0, 10), 0.6075, 1.0000),  # example (h)
        ],
    )
    def test_it_matches_newcombe_1998b_table_ii(self, a, b, lower, upper):
        estimate, lo, hi = stats.newcombe_difference(b, a)
        assert round(estimate, 4) == round(a[0] / a[1] - b[0] / b[1], 4)
        assert round(lo, 4) == lower
        assert round(hi, 4) == upper

    def test_it_has_no_difference_when_a_cycle_is_empty(self):
        assert stats.newcombe_difference((0, 0), (3, 4)) == (None, None, None)


class TestCompareProportions:
    def test_it_gives_fishers_exact_p_for_the_tea_tasting(self):
        # Fisher RA. The Design of Experiments (1935), the lady tasting tea: 3 of 4 cups
        # right against 1 of 4; two-sided exact p = 34/70 = 0.4857.
        c = stats.compare_proportions((1, 4), (3, 4))
        assert round(c.p_value, 4) == 0.4857
        assert c.estimate == 0.5

    def test_it_reports_improvement_as_re_audit_minus_baseline(self):
        c = stats.compare_proportions((48, 80), (56, 70))
        assert (round(c.lower, 4), round(c.upper, 4)) == (0.0524, 0.3339)
        assert c.p_value < 0.05

    def test_it_gives_no_p_value_without_data(self):
        assert stats.compare_proportions((0, 0), (1, 2)).p_value is None


class TestFunnelLimits:
    def test_it_follows_spiegelhalters_normal_approximation(self):
        # Spiegelhalter DJ. Funnel plots for comparing institutional performance.
        # Statistics in Medicine 2005;24:1185-1202, section 3 / Appendix A.1.1:
        # p0 +/- z_p sqrt(p0 (1 - p0) / n), with z = 1.96 (95%) and 3.09 (99.8%).
        f = stats.funnel_limits(0.5, 100, method="normal")
        assert (round(f.lower95, 3), round(f.upper95, 3)) == (0.402, 0.598)
        assert (round(f.lower998, 3), round(f.upper998, 3)) == (0.345, 0.655)

    def test_it_interpolates_the_exact_binomial_limit_as_spiegelhalter_describes(self):
        # Spiegelhalter 2005, Appendix A.1.1: r_p is the smallest r with P(R <= r) >= p,
        # alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1)), limit (r_p - alpha)/n.
        # Worked by hand from the published binomial table for n = 20, p = 0.5
        # (P(R <= 13) = 0.9423, P(R <= 14) = 0.9793; e.g. Lindley & Scott, New Cambridge
        # Statistical Tables, table 1): r_p = 14, alpha = (0.9793 - 0.975) / 0.0370 = 0.116,
        # upper 95% limit = (14 - 0.116) / 20 = 0.694.
        f = stats.funnel_limits(0.5, 20)
        assert round(f.upper95, 3) == 0.694
        # and for the lower limit: P(R <= 5) = 0.0207, P(R <= 6) = 0.0577, r_p = 6,
        # alpha = (0.0577 - 0.025) / 0.0370 = 0.884, limit = (6 - 0.884) / 20 = 0.256.
        assert round(f.lower95, 3) == 0.256

    def test_it_agrees_with_the_normal_approximation_for_large_denominators(self):
        exact = stats.funnel_limits(0.8, 20000)
        normal = stats.funnel_limits(0.8, 20000, method="normal")
        assert abs(exact.upper998 - normal.upper998) < 0.001
        assert abs(exact.lower95 - normal.lower95) < 0.001

    def test_it_narrows_as_the_denominator_grows(self):
        widths = [
            stats.funnel_limits(0.7, n).upper95 - stats.funnel_limits(0.7, n).lower95
            for n in (10, 40, 160, 640)
        ]
        assert widths == sorted(widths, reverse=True)

    def test_it_places_units_inside_or_beyond_the_limits(self):
        assert stats.funnel_position(10, 20, 0.5) == "within"
        assert stats.funnel_position(0, 20, 0.5) == "low"
        assert stats.funnel_position(20, 20, 0.5) == "high"

    def test_it_rejects_a_zero_denominator_and_unknown_methods(self):
        with pytest.raises(stats.AuditStatsError, match="at least 1"):
            stats.funnel_limits(0.5, 0)
        with pytest.raises(stats.AuditStatsError, match="unknown method"):
            stats.funnel_limits(0.5, 10, method="guess")


def test_the_docstring_examples_run():
    import doctest

    assert doctest.testmod(stats).failed == 0


def test_importing_the_statistics_loads_no_django():
    code = "import sys, qicommons.audits.stats; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
