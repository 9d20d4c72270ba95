"""The audit statistics against published values; the source is named beside each one."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

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


def _independent_newcombe_lower_upper(first, second, z):
    # Newcombe 1998b, method 10, written out again from the paper's formulas (Wilson
    # limits as the roots of |p - P| = z sqrt(P (1 - P) / n)), not from stats.py.
    def wilson(r, n):
        a, b, c = n + z * z, -(2 * r + z * z), r * r / n
        root = math.sqrt(b * b - 4 * a * c)
        return (-b - root) / (2 * a), (-b + root) / (2 * a)

    (r1, n1), (r2, n2) = first, second
    (l1, u1), (l2, u2) = wilson(r1, n1), wilson(r2, n2)
    d = r2 / n2 - r1 / n1
    return (
        d - math.sqrt((r2 / n2 - l2) ** 2 + (u1 - r1 / n1) ** 2),
        d + math.sqrt((u2 - r2 / n2) ** 2 + (r1 / n1 - l1) ** 2),
    )


EVERY_TABLE_OF_20 = [((a, 20), (b, 20)) for a in range(21) for b in range(21)]


class TestCompareProportions:
    def test_it_reports_improvement_as_re_audit_minus_baseline(self):
        c = stats.compare_proportions((48, 80), (56, 70))
        assert (round(c.lower, 4), round(c.upper, 4)) == (0.0524, 0.3339)
        assert c.p_value < 0.05 and c.direction == "up"

    def test_it_gives_no_p_value_without_data(self):
        c = stats.compare_proportions((0, 0), (1, 2))
        assert c.p_value is None and not c.significant and c.direction == "chance"

    def test_no_difference_has_p_one(self):
        assert stats.compare_proportions((7, 20), (7, 20)).p_value == 1.0

    def test_the_table_the_issue_named_is_now_one_inference(self):
        # 1/20 -> 6/20: the 95% interval excludes 0 (0.008 to 0.473), so p is below
        # 0.05; Fisher's exact p of 0.091 used to stand beside it.
        c = stats.compare_proportions((1, 20), (6, 20))
        assert c.lower > 0 and c.p_value < 0.05 and c.direction == "up"

    @pytest.mark.parametrize(("first", "second"), EVERY_TABLE_OF_20)
    def test_the_interval_at_level_1_minus_p_just_touches_0(self, first, second):
        c = stats.compare_proportions(first, second)
        if c.p_value == 1.0:
            assert first[0] == second[0]
            return
        z = float(norm.isf(c.p_value / 2))
        nearer = min(abs(v) for v in _independent_newcombe_lower_upper(first, second, z))
        assert nearer < 1e-8
        # a little less confident and 0 is outside; a little more and it is inside
        lo, hi = _independent_newcombe_lower_upper(first, second, z * 0.999)
        assert lo > 0 or hi < 0
        lo, hi = _independent_newcombe_lower_upper(first, second, z * 1.001)
        assert lo <= 0 <= hi

    def test_every_table_of_20_agrees_with_its_interval(self):
        disagree = []
        for first, second in EVERY_TABLE_OF_20:
            c = stats.compare_proportions(first, second)
            excludes = c.lower > 0 or c.upper < 0
            shown = 0.0 if c.p_shown is None else c.p_shown
            if not (excludes == c.significant == (c.p_value < 0.05) == (shown < 0.05)):
                disagree.append((first, second))
        assert disagree == []

    def test_the_shown_p_never_rounds_across_005(self):
        near = stats.Difference(None, None, 0.1, 0.0001, 0.2, 0.049996)
        assert near.p_shown == 0.0499
        assert stats.Difference(None, None, 0.1, -0.01, 0.2, 0.05).p_shown == 0.05


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

    # PHEindicatormethods 1.4.0 (R package of Public Health England / DHSC), file
    # tests/testthat/testdata_funnel_prop_outputs.csv: the published expected output of
    # calculate_funnel_limits(statistic = "proportion", multiplier = 100) for the
    # package's PCT test data, whose pooled proportion (the "Baseline" column) is
    # 80.642448%. Columns: Population, Lower2s0025limit, Upper2s0025limit,
    # Lower3s0001limit, Upper3s0001limit. Conventions converted: the package gives
    # percentages (divided by 100 here); its "2s 0.025" and "3s 0.001" limits are the
    # 2.5%/97.5% and 0.1%/99.9% points, i.e. our 95% and 99.8% limits; and it uses
    # the normal approximation p0 +/- z sqrt(p0 (1 - p0) / n) cut off at 0 and 100%,
    # so it is compared with method="normal". Rows chosen to cover the cut-off at 0
    # (n = 1, 2) and at 100% (n <= 37), the middle, and n = 110,000.
    @pytest.mark.parametrize(
        ("n", "lower95", "upper95", "lower998", "upper998"),
        [
            (1, 3.204264, 100, 0, 100),
            (2, 25.885383, 100, 0, 100),
            (3, 35.933491, 100, 10.150815, 100),
            (10, 56.154344, 100, 42.03259, 100),
            (18, 62.390093, 98.894803, 51.864359, 100),
            (20, 63.326743, 97.958152, 53.341156, 100),
            (41, 68.548635, 92.73626, 61.574398, 99.710497),
            (50, 69.691035, 91.593861, 63.375595, 97.909301),
            (102, 72.974925, 88.309971, 68.553233, 92.731663),
            (1008, 78.203374, 83.081521, 76.796814, 84.488082),
            (9998, 79.867989, 81.416907, 79.421375, 81.863521),
            (110000, 80.408963, 80.875933, 80.274317, 81.010578),
        ],
    )
    def test_its_normal_limits_match_phe_indicator_methods(
        self, n, lower95, upper95, lower998, upper998
    ):
        f = stats.funnel_limits(0.80642448, n, method="normal")
        got = [100 * v for v in (f.lower95, f.upper95, f.lower998, f.upper998)]
        # the published values have six decimals (of a percentage)
        assert got == pytest.approx([lower95, upper95, lower998, upper998], abs=5e-6)

    # No published numeric example of the interpolated EXACT limits was found (searched:
    # Spiegelhalter 2005 itself, funnelR 0.1.0, FunnelPlotR (ratios only),
    # PHEindicatormethods (normal approximation for proportions), berryFunctions,
    # the SAS DO Loop funnel-plot posts). So besides the hand-worked n = 20 case above,
    # the limits are checked against an independent derivation: the binomial CDF summed
    # term by term in exact rational arithmetic (fractions, math.comb; no scipy), then
    # Spiegelhalter 2005, Appendix A.1.1 applied literally:
    #   r_p   = the smallest r with P(R <= r) >= p, with P(R <= -1) = 0;
    #   alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1));
    #   limit = (r_p - alpha) / n, cut off at 0 and 1.
    @staticmethod
    def _exact_by_hand(target, n, p):
        from fractions import Fraction
        from math import comb

        t, p = Fraction(target), Fraction(p)
        cdf, below = Fraction(0), Fraction(0)
        for r in range(n + 1):
            below, cdf = cdf, cdf + comb(n, r) * t**r * (1 - t) ** (n - r)
            if cdf >= p:
                alpha = (cdf - p) / (cdf - below)
                return float(min(Fraction(1), max(Fraction(0), (r - alpha) / n)))
        raise AssertionError("the CDF reaches 1 at r = n")

    @pytest.mark.parametrize(
        ("target", "n"),
        [(0.5, 20), (0.8, 10), (0.8, 40), (0.9, 25), (0.95, 60), (0.3, 100), (0.7, 200)],
    )
    def test_its_exact_limits_match_an_independent_derivation(self, target, n):
        f = stats.funnel_limits(target, n)
        got = [f.lower95, f.upper95, f.lower998, f.upper998]
        want = [self._exact_by_hand(target, n, p) for p in ("0.025", "0.975", "0.001", "0.999")]
        assert got == pytest.approx(want, abs=1e-9)

    def test_its_exact_limits_approach_the_published_normal_ones_for_large_n(self):
        # PHEindicatormethods 1.4.0, testdata_funnel_prop_outputs.csv, n = 110000 (see
        # above). The exact and normal limits differ by O(1/n): here well under 0.01
        # percentage points.
        f = stats.funnel_limits(0.80642448, 110000)
        got = [100 * v for v in (f.lower95, f.upper95, f.lower998, f.upper998)]
        assert got == pytest.approx([80.408963, 80.875933, 80.274317, 81.010578], abs=0.01)

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


class TestExactFunnelLabels:
    """Labels judged by exact binomial tails, checked by enumeration in exact fractions."""

    @staticmethod
    def _label_chances(n, p0_text):
        from fractions import Fraction
        from math import comb

        p0 = Fraction(p0_text)
        labels = stats.funnel_positions(list(range(n + 1)), [n] * (n + 1), float(p0))
        chance = dict.fromkeys(("high", "high95", "low", "low95", "within"), Fraction(0))
        for x, label in enumerate(labels):
            chance[label] += comb(n, x) * p0**x * (1 - p0) ** (n - x)
        return chance

    @pytest.mark.parametrize(
        "p0", ["0", "0.01", "0.1", "0.3", "0.5", "0.8", "0.9", "0.95", "0.99", "1"]
    )
    def test_each_label_has_at_most_its_nominal_chance_when_nothing_differs(self, p0):
        for n in range(1, 61):
            c = self._label_chances(n, p0)
            assert c["high"] <= 0.001 and c["low"] <= 0.001, (n, p0)
            assert c["high"] + c["high95"] <= 0.025, (n, p0)
            assert c["low"] + c["low95"] <= 0.025, (n, p0)

    def test_five_of_five_against_a_group_at_95_percent_is_not_clearly_better(self):
        # P(X >= 5 | 5, 0.95) = 0.95^5 = 0.774: an ordinary result
        assert stats.funnel_position(5, 5, 0.95) == "within"
        assert stats.funnel_position(1, 1, 0.5) == "within"

    def test_nobody_is_better_than_a_group_at_100_percent(self):
        assert {stats.funnel_position(n, n, 1.0) for n in range(1, 200)} == {"within"}

    def test_it_still_finds_clear_differences(self):
        # P(X <= 0 | 20, 0.5) = 2^-20; P(X >= 20 | 20, 0.5) likewise
        assert stats.funnel_position(0, 20, 0.5) == "low"
        assert stats.funnel_position(20, 20, 0.5) == "high"
        # P(X >= 15 | 20, 0.5) = 0.0207 (printed binomial tables): beyond 95% only
        assert stats.funnel_position(15, 20, 0.5) == "high95"
        assert stats.funnel_position(14, 20, 0.5) == "within"

    def test_the_drawn_limits_cross_exactly_where_the_labels_change(self):
        n = np.arange(1, 301)
        for p0 in (0.3, 0.8, 0.95, 1.0):
            curve = stats.funnel_curve(p0, n)
            for x in range(0, 301, 7):
                ok = n >= x
                labels = np.array(stats.funnel_positions([x] * ok.sum(), n[ok], p0))
                p = x / n[ok]
                assert ((p > curve.upper998[ok]) == (labels == "high")).all()
                assert ((p < curve.lower998[ok]) == (labels == "low")).all()
                assert ((p > curve.upper95[ok]) == np.isin(labels, ["high", "high95"])).all()
                assert ((p < curve.lower95[ok]) == np.isin(labels, ["low", "low95"])).all()


class TestDispersion:
    def test_it_follows_spiegelhalters_formula_on_a_hand_worked_example(self):
        # Six units against a group at 0.5, each of 16 cases, so s^2 = 1/64, s = 1/8 and
        # w = 64. Proportions 2, 4, 8, 8, 12, 16 of 16 give z = (p - 0.5) * 8 =
        # -3, -2, 0, 0, 2, 4. Winsorising (type 7 quantiles of 6 values): the 10th
        # percentile sits at order position 1 + 0.1 * 5 = 1.5, i.e. -3 + 0.5 * 1 = -2.5;
        # the 90th at 5.5, i.e. 2 + 0.5 * 2 = 3. So z becomes -2.5, -2, 0, 0, 2, 3 and
        # phi = (6.25 + 4 + 0 + 0 + 4 + 9) / 6 = 23.25 / 6 = 3.875; k phi = 23.25 is above
        # the chi-square 95% point on 5 degrees of freedom, 11.070 (printed tables), and
        # tau^2 = (23.25 - 5) / (6 * 64 - 6 * 64^2 / 384) = 18.25 / 320 = 0.05703125.
        units = [(2, 16), (4, 16), (8, 16), (8, 16), (12, 16), (16, 16)]
        d = stats.dispersion(units, 0.5)
        assert d.phi == pytest.approx(3.875)
        assert d.critical == pytest.approx(11.070, abs=5e-4)
        assert d.tau2 == pytest.approx(0.05703125)

    def test_it_adds_no_variance_when_the_units_vary_as_chance_would(self):
        units = [(7, 16), (8, 16), (9, 16), (8, 16), (10, 16), (6, 16)]
        d = stats.dispersion(units, 0.5)
        assert not d.overdispersed and d.tau2 == 0

    def test_the_widened_limits_label_fewer_units(self):
        assert stats.funnel_position(16, 16, 0.5) == "high"
        assert stats.funnel_position(16, 16, 0.5, tau2=0.05703125) == "within"


class TestFunnelCalibration:
    """Seeded simulation: clinicians who all share one true rate, judged against the pool."""

    @pytest.mark.parametrize("rate", [0.5, 0.8, 0.95, 1.0])
    def test_false_labels_stay_within_their_nominal_levels(self, rate):
        rng = np.random.default_rng(20260805)
        groups, per_group = 1000, 20
        counts = {"high": 0, "high95": 0, "low": 0, "low95": 0}
        for _ in range(groups):
            n = rng.integers(5, 41, per_group)
            x = rng.binomial(n, rate)
            pooled = x.sum() / n.sum()
            tau2 = stats.dispersion(zip(x, n, strict=True), pooled).tau2
            for label in stats.funnel_positions(x, n, pooled, tau2):
                if label in counts:
                    counts[label] += 1
        units = groups * per_group
        # 20,000 units: a Monte Carlo standard error of 0.0011 at 2.5%, 0.0002 at 0.1%
        assert counts["high"] / units <= 0.001 + 0.0007
        assert counts["low"] / units <= 0.001 + 0.0007
        assert (counts["high"] + counts["high95"]) / units <= 0.025 + 0.0035
        assert (counts["low"] + counts["low95"]) / units <= 0.025 + 0.0035
