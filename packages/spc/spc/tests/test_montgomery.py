"""Montgomery's worked examples, to the precision the book prints.

D. C. Montgomery, Introduction to Statistical Quality Control (6th ed.), Examples 6.3,
6.4, 6.5, 7.1 and 7.3; data from the tables qicharts2 tests against.
"""

import pytest

import spc

from .conftest import DATA, read_csv


def _data(name):
    return read_csv(DATA / "data" / f"{name}.csv")


def _published(got, want, digits):
    """The book rounds intermediate results, so allow 1.5 units in its last digit."""
    return all(abs(g - w) <= 1.5 * 10**-digits for g, w in zip(got, want, strict=True))


def _first(result):
    p = result.points[0]
    return p.cl, p.lcl, p.ucl


class TestExample63PistonRings:
    """Xbar and S charts, 25 samples of 5 piston ring diameters."""

    rows = _data("tbl_06.03")

    def test_it_gives_the_published_xbar_limits(self):
        r = spc.qic([r["obs"] for r in self.rows], x=[r["sample"] for r in self.rows], chart="xbar")
        cl, lcl, ucl = _first(r)
        assert _published((cl, lcl, ucl), (74.001, 73.988, 74.014), 3)

    def test_it_gives_the_published_s_limits(self):
        r = spc.qic([r["obs"] for r in self.rows], x=[r["sample"] for r in self.rows], chart="s")
        cl, lcl, ucl = _first(r)
        assert _published((cl, lcl, ucl), (0.0094, 0.0, 0.0196), 4)


class TestExample64VariableSampleSize:
    """Xbar and S with unequal subgroups: pooled standard deviation."""

    rows = _data("tbl_06.04")

    def test_it_pools_the_standard_deviation(self):
        r = spc.qic([r["obs"] for r in self.rows], x=[r["sample"] for r in self.rows], chart="s")
        assert _published([r.points[0].cl], [0.0103], 4)
        at5 = [p for p in r.points if p.n == 5][0]
        assert _published([at5.ucl], [0.0215], 4)

    def test_its_xbar_limits_vary_with_the_subgroup_size(self):
        r = spc.qic([r["obs"] for r in self.rows], x=[r["sample"] for r in self.rows], chart="xbar")
        assert _published([r.points[0].cl], [74.001], 3)
        widths = {p.n: p.ucl - p.lcl for p in r.points}
        assert widths[3] > widths[4] > widths[5]


class TestExample65IndividualsChart:
    """Mortgage loan processing cost: I chart on the first 20 weeks."""

    rows = _data("tbl_06.07")[:20]

    @pytest.mark.parametrize("screened", [True, False])
    def test_it_gives_the_published_limits(self, screened):
        r = spc.qic([r["cost"] for r in self.rows], chart="i", screened_mr=screened)
        cl, lcl, ucl = _first(r)
        assert _published((cl, lcl, ucl), (300.5, 279.78, 321.22), 2)

    def test_its_mr_chart_centre_is_the_average_moving_range(self):
        r = spc.qic([r["cost"] for r in self.rows], chart="mr")
        assert _published([r.points[1].cl], [7.79], 2)


class TestExample71FractionNonconforming:
    """Orange juice cans, samples of 50: trial limits, then revised without 15 and 23."""

    rows = _data("tbl_07.03")[:30]

    def _chart(self, **kw):
        return spc.qic(
            [r["count"] for r in self.rows], n=[r["size"] for r in self.rows], chart="p", **kw
        )

    def test_it_gives_the_trial_limits(self):
        cl, lcl, ucl = _first(self._chart())
        assert _published((cl, lcl, ucl), (0.2313, 0.0524, 0.4102), 4)

    def test_it_flags_samples_15_and_23(self):
        flagged = [i for i, p in enumerate(self._chart().points, 1) if p.sigma_signal]
        assert flagged == [15, 23]

    def test_it_gives_the_revised_limits(self):
        cl, lcl, ucl = _first(self._chart(exclude=[15, 23]))
        assert _published((cl, lcl, ucl), (0.2150, 0.0407, 0.3893), 4)


class TestExample73Nonconformities:
    """Nonconformities on printed circuit boards: c chart, then without 6 and 20."""

    rows = _data("tbl_07.08")[:26]

    def test_it_gives_the_trial_limits(self):
        cl, lcl, ucl = _first(spc.qic([r["count"] for r in self.rows], chart="c"))
        assert _published((cl, lcl, ucl), (19.85, 6.48, 33.22), 2)

    def test_it_gives_the_revised_limits(self):
        r = spc.qic([r["count"] for r in self.rows], chart="c", exclude=[6, 20])
        cl, lcl, ucl = _first(r)
        assert _published((cl, lcl, ucl), (19.67, 6.36, 32.97), 2)
