"""The Python API: shape of the result, options, grouping, and purity of the import."""

import dataclasses
import doctest
import importlib
import json
import math
import pkgutil
import subprocess
import sys

import numpy as np
import pytest

import spc
from spc.result import PART_FIELDS, POINT_FIELDS

# Every module of the package, found rather than listed, so a new one cannot slip out of
# the doctest and example checks.
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(spc.__path__, "spc.")
    if not m.name.startswith("spc.tests") and m.name != "spc.__main__"
) + ["spc"]


# Modules the list once left out, whose public functions still lack an example.
class TestPackage:
    def test_importing_spc_loads_neither_matplotlib_nor_django(self):
        code = (
            "import sys, spc; spc.qic([1, 2, 3, 4], chart='i').to_json();"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'django')];"
            "print(bad)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "[]"

    def test_it_declares_its_public_names(self):
        assert set(spc.__all__) == {name for name in spc.__all__ if hasattr(spc, name)}
        assert "qic" in spc.__all__ and "SPCError" in spc.__all__

    @pytest.mark.parametrize("name", MODULES)
    def test_its_docstring_examples_run(self, name):
        module = importlib.import_module(name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0

    def test_every_module_with_examples_has_them_run(self):
        # testmod finds nothing in a docstring it cannot reach (an example in a module
        # that failed to be listed, say): the count shows they are really run.
        for name in ("spc.draw", "spc.cli", "spc.verdict", "spc.constants"):
            assert name in MODULES
            assert doctest.testmod(importlib.import_module(name)).attempted > 0

    @pytest.mark.parametrize("name", MODULES)
    def test_every_public_function_has_an_example(self, name):
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if callable(obj) and not isinstance(obj, type) and obj.__module__ == name:
                assert ">>>" in (obj.__doc__ or ""), f"{name}.{attr} has no example"

    @pytest.mark.parametrize("cls", [spc.Result, spc.Verdict])
    def test_every_public_method_has_an_example(self, cls):
        for name, member in vars(cls).items():
            if callable(member) and not name.startswith("_"):
                assert ">>>" in (member.__doc__ or ""), f"{cls.__name__}.{name} has no example"


class TestResult:
    result = spc.qic([3, 5, None, 6, 4, 7, 5, 6], chart="i", target=5.5)

    def test_points_have_the_agreed_keys(self):
        d = self.result.to_dict()
        assert set(d) >= {"chart", "points", "parts", "verdict", "signals"}
        assert tuple(d["points"][0]) == POINT_FIELDS
        assert tuple(d["parts"][0]) == PART_FIELDS

    def test_missing_numbers_are_null(self):
        d = json.loads(self.result.to_json())
        assert d["points"][2]["y"] is None
        assert d["points"][2]["cl"] == d["points"][0]["cl"]

    def test_it_is_immutable(self):
        with pytest.raises(dataclasses.FrozenInstanceError):
            self.result.chart = "p"  # type: ignore[misc]  # it must fail
        with pytest.raises(dataclasses.FrozenInstanceError):
            self.result.points[0].y = 1  # type: ignore[misc]  # it must fail
        with pytest.raises(ValueError):
            self.result.columns["cl"][0] = 1  # type: ignore[index]  # it must fail
        with pytest.raises(TypeError):
            self.result.columns["x"] = ()  # type: ignore[index]  # it must fail

    def test_it_exports_csv_with_one_row_per_point(self):
        lines = self.result.to_csv().splitlines()
        assert lines[0].split(",") == list(POINT_FIELDS)
        assert len(lines) == 9
        assert lines[3].split(",")[1] == ""  # the missing y

    @pytest.mark.parametrize(
        "x",
        [None, ["a", 'say "hi", ok', "c\\", "d", "e\n", "f", "g", "h"], list(range(8))],
    )
    def test_fast_json_is_the_same_text_as_json_dumps(self, x):
        r = spc.qic([3, 5, None, 6, 4, 7, 5, 6], x=x, chart="i", part=[4])
        assert r.to_json() == json.dumps(r.to_dict())
        assert json.loads(r.to_json()) == r.to_dict()

    def test_target_is_carried_to_every_point(self):
        assert {p.target for p in self.result.points} == {5.5}

    def test_points_and_dict_agree(self):
        d = self.result.to_dict()["points"]
        assert [p.y for p in self.result.points] == [row["y"] for row in d]


class TestGrouping:
    def test_rows_sharing_x_form_a_subgroup_in_x_order(self):
        r = spc.qic([1, 2, 3, 4, 5, 6], x=[2, 1, 2, 10, 1, 9], chart="run")
        assert [p.x for p in r.points] == [1, 2, 9, 10]
        assert [p.y for p in r.points] == [3.5, 2.0, 6.0, 4.0]

    def test_iso_dates_sort_chronologically_and_print_as_iso(self):
        x = ["2024-03-01", "2024-01-01", "2023-12-01", "2024-02-01"]
        r = spc.qic([4, 2, 1, 3], x=x)
        assert [p.x for p in r.points] == sorted(x)
        assert [p.y for p in r.points] == [1, 2, 3, 4]

    def test_text_sorts_alphabetically_without_runs_signal(self):
        y = list(range(20))
        r = spc.qic(y, x=[f"w{i:02d}" for i in y], chart="run")
        assert r.points[0].x == "w00"
        assert r.parts[0].longest_run == 10
        assert r.parts[0].runs_signal is False

    @pytest.mark.parametrize("agg", ["mean", "median", "sum"])
    def test_it_aggregates_by_mean_median_or_sum(self, agg):
        r = spc.qic([1, 1, 2, 2, 4, 4], x=[1, 1, 1, 2, 1, 2], agg=agg)
        # subgroup 1 holds 1, 1, 2, 4 (mean 2, median 1.5, sum 8); subgroup 2 holds 2, 4
        first = {"mean": 2.0, "median": 1.5, "sum": 8.0}[agg]
        assert r.points[0].y == first
        assert r.points[1].y == {"mean": 3.0, "median": 3.0, "sum": 6.0}[agg]

    def test_with_a_denominator_it_plots_sum_over_sum(self):
        r = spc.qic([1, 3, 2], n=[10, 10, 20], x=[1, 1, 2], chart="p")
        assert [p.y for p in r.points] == [0.2, 0.1]
        assert [p.n for p in r.points] == [20, 20]

    def test_a_c_chart_sums_its_subgroups(self):
        r = spc.qic([1, 3, 2, 2], x=[1, 1, 2, 3], chart="c", agg="mean")
        assert [p.y for p in r.points] == [4, 2, 2]


class TestOptions:
    y = [10, 12, 11, 13, 12, 11, 10, 12, 20, 21, 22, 20, 21, 19, 22, 21]

    def test_part_labels_start_a_part_where_they_change(self):
        labels = ["pre"] * 8 + ["post"] * 8
        by_label = spc.qic(self.y, chart="i", part_labels=labels)
        by_position = spc.qic(self.y, chart="i", part=[8])
        assert [p.part for p in by_label.points] == [1] * 8 + [2] * 8
        assert by_label.to_dict()["points"] == by_position.to_dict()["points"]

    def test_freeze_takes_the_centre_from_the_baseline(self):
        r = spc.qic(self.y, chart="i", freeze=8)
        assert r.points[-1].cl == pytest.approx(np.mean(self.y[:8]))
        assert [p.baseline for p in r.points] == [True] * 8 + [False] * 8

    def test_freeze_is_ignored_with_parts(self):
        a = spc.qic(self.y, chart="i", part=[8], freeze=4).to_dict()
        b = spc.qic(self.y, chart="i", part=[8]).to_dict()
        assert a["points"] == b["points"]

    def test_excluded_points_stay_on_the_chart_but_out_of_the_calculation(self):
        r = spc.qic(self.y + [90], chart="i", exclude=[17])
        assert r.points[-1].y == 90 and r.points[-1].include is False
        assert r.points[0].cl == pytest.approx(np.mean(self.y))
        assert r.points[-1].sigma_signal is True
        assert r.parts[0].n_obs == 16

    def test_multiply_scales_values_and_lines(self):
        a = spc.qic([1, 2, 3, 2], n=[10, 10, 10, 10], chart="p")
        b = spc.qic([1, 2, 3, 2], n=[10, 10, 10, 10], chart="p", multiply=100)
        assert b.points[1].y == pytest.approx(100 * a.points[1].y)
        assert b.points[1].ucl == pytest.approx(100 * a.points[1].ucl)

    def test_mdc_rules_fix_the_limits_within_each_part(self):
        r = spc.qic(self.y, chart="i", rules="mdc", part=[8], freeze=4)
        assert [p.baseline for p in r.points] == ([True] * 4 + [False] * 4) * 2
        assert r.points[0].cl == pytest.approx(np.mean(self.y[:4]))
        assert r.points[-1].cl == pytest.approx(np.mean(self.y[8:12]))

    def test_the_runs_method_changes_only_the_runs_signal(self):
        from .conftest import DATA, read_csv

        y = [row["A"] for row in read_csv(DATA / "data" / "boundary_runs.csv")]
        anhoej = spc.qic(y, chart="run")
        best = spc.qic(y, chart="run", method="bestbox")
        assert anhoej.parts[0].longest_run == anhoej.parts[0].longest_run_max == 8
        assert anhoej.parts[0].runs_signal is False
        assert best.parts[0].runs_signal is True
        assert dict(vars(best.parts[0]), runs_signal=False) == dict(vars(anhoej.parts[0]))

    def test_a_given_centre_line_is_used(self):
        r = spc.qic(self.y, chart="i", cl=15)
        assert {p.cl for p in r.points} == {15.0}

    def test_negative_limits_are_clamped_on_request(self):
        y = [1, 9, 2, 8, 1, 9, 3]
        assert spc.qic(y, chart="i").points[0].lcl < 0
        assert spc.qic(y, chart="i", negative_limits=False).points[0].lcl == 0

    def test_negative_limits_stay_when_a_value_is_negative(self):
        y = [-1, 9, 2, 8, 1, 9, 3]
        assert spc.qic(y, chart="i", negative_limits=False).points[0].lcl < 0

    def test_missing_values_are_gaps_outside_every_calculation(self):
        with_gap = spc.qic([1, 5, None, 2, 6, 3], chart="i")
        assert with_gap.points[2].y is None
        assert with_gap.parts[0].n_obs == 6 and with_gap.parts[0].n_useful == 5
        assert with_gap.points[0].cl == pytest.approx(17 / 5)

    def test_screening_moving_ranges_can_be_turned_off(self):
        y = [10, 11, 10, 12, 11, 40, 11, 10, 12, 11]
        screened = spc.qic(y, chart="i").points[0].ucl
        raw = spc.qic(y, chart="i", screened_mr=False).points[0].ucl
        assert raw > screened

    def test_signals_are_listed_with_positions(self):
        r = spc.qic(self.y, chart="run")
        shifts = [s for s in r.signals if s.kind == "shift"]
        assert shifts and all(1 <= s.start <= s.end <= len(self.y) for s in shifts)

    def test_the_g_chart_centre_is_the_median(self):
        y = [3, 10, 7, 1, 30, 12, 5]
        r = spc.qic(y, chart="g")
        assert r.points[0].cl == 7
        mean = np.mean(y)
        assert r.points[0].ucl == pytest.approx(mean + 3 * math.sqrt(mean * (mean + 1)))
