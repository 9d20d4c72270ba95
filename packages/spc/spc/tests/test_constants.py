"""Constants and runs-rule critical values against the reference tables."""

import pytest

from spc.constants import a3, b3, b4, box_signal, c4, longest_run_max, n_crossings_min

from .conftest import DATA, read_csv

CRITICAL = read_csv(DATA / "tables" / "anhoej_critical_values_1_1000.csv")
CONSTANTS = read_csv(DATA / "tables" / "qicharts2_constants_c4_A3_B3_B4.csv")
BOXES = read_csv(DATA / "tables" / "bestbox_cutbox_bounds_10_100.csv")


def _close(a, b, tol=1e-9):
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))


class TestCriticalValues:
    def test_it_matches_the_longest_run_limits_for_1_to_1000(self):
        wrong = [
            r["n_useful"]
            for r in CRITICAL
            if longest_run_max(int(r["n_useful"])) != int(r["longest_run_max"])
        ]
        assert wrong == []

    def test_it_matches_the_crossings_limits_for_1_to_1000(self):
        wrong = [
            r["n_useful"]
            for r in CRITICAL
            if n_crossings_min(int(r["n_useful"])) != int(float(r["n_crossings_min"]))
        ]
        assert wrong == []

    def test_it_covers_the_whole_table(self):
        assert len(CRITICAL) == 1000

    def test_it_handles_a_million_points(self):
        # Normal approximation: (m/2 - 1.645 sqrt(m)/2) for m = n - 1 crossings.
        m = 999_999
        approx = m / 2 - 1.6449 * m**0.5 / 2
        assert abs(n_crossings_min(1_000_000) - approx) < 3


class TestFactors:
    @pytest.mark.parametrize("row", CONSTANTS, ids=[r["n"] for r in CONSTANTS])
    def test_it_matches_qicharts2_constants(self, row):
        n = int(row["n"])
        assert _close(c4(n), row["c4"])
        assert _close(a3(n), row["A3"])
        assert _close(b3(n), row["B3"])
        assert _close(b4(n), row["B4"])
        assert _close(a3(n, 2), row["A3_2sigma"])
        assert _close(b3(n, 2), row["B3_2sigma"])
        assert _close(b4(n, 2), row["B4_2sigma"])

    def test_it_gives_nan_for_subgroups_of_one(self):
        assert float(c4(1)) != float(c4(1))
        assert float(a3(0)) != float(a3(0))


class TestBoxes:
    """qicharts2's experimental bestbox and cutbox rules against the bounds table."""

    @pytest.mark.parametrize("row", BOXES, ids=[r["n"] for r in BOXES])
    def test_the_best_box_signals_outside_its_bounds(self, row):
        n, cb, lb = int(row["n"]), int(row["cb"]), int(row["lb"])
        assert box_signal("bestbox", n, cb, lb) is False
        assert box_signal("bestbox", n, cb - 1, lb) is True
        assert box_signal("bestbox", n, cb, lb + 1) is True

    @pytest.mark.parametrize("row", BOXES, ids=[r["n"] for r in BOXES])
    def test_the_cut_box_cuts_only_where_the_table_says(self, row):
        n, cb, lb = int(row["n"]), int(row["cb"]), int(row["lb"])
        if row["cbord"] == "NA":
            grid = [(c, length) for c in range(cb - 2, cb + 3) for length in range(lb - 2, lb + 3)]
            for c, length in grid:
                assert box_signal("cutbox", n, c, length) == box_signal("bestbox", n, c, length)
        else:
            cbord, lbord = int(row["cbord"]), int(row["lbord"])
            assert box_signal("cutbox", n, cb + 1, lb - 1) is False
            assert box_signal("cutbox", n, cb, lbord) is False
            assert box_signal("cutbox", n, cbord, lb) is False
            assert box_signal("cutbox", n, cb, lb) is (lbord < lb and cbord > cb)

    def test_it_has_no_box_outside_10_to_100(self):
        assert box_signal("bestbox", 9, 3, 3) is None
        assert box_signal("cutbox", 101, 50, 5) is None
