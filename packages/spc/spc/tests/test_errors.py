"""Bad input: a clear SPCError saying what and where; on the command line, exit 2."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import spc
from spc import SPCError

ROOT = Path(__file__).resolve().parents[2]


class TestQicRejects:
    def test_it_rejects_empty_data(self):
        with pytest.raises(SPCError, match="empty"):
            spc.qic([])

    def test_it_rejects_one_point(self):
        with pytest.raises(SPCError, match="only one point"):
            spc.qic([5], chart="i")

    def test_it_rejects_all_missing(self):
        with pytest.raises(SPCError, match="all values are missing"):
            spc.qic([None, "", "NA"], chart="i")

    def test_it_rejects_a_zero_denominator_naming_the_row(self):
        with pytest.raises(SPCError, match="zero denominator in row 2"):
            spc.qic([1, 2, 3], n=[10, 0, 10], chart="p")

    def test_it_rejects_a_missing_denominator_naming_the_row(self):
        with pytest.raises(SPCError, match="denominator missing in row 3"):
            spc.qic([1, 2, 3], n=[10, 10, None], chart="u")

    def test_it_rejects_a_numerator_above_its_denominator(self):
        with pytest.raises(SPCError, match="numerator above its denominator in row 1"):
            spc.qic([11, 2, 3], n=[10, 10, 10], chart="p")

    @pytest.mark.parametrize("chart", ["c", "u", "p", "g"])
    def test_it_rejects_negative_counts(self, chart):
        n = [10, 10, 10] if chart in ("u", "p") else None
        with pytest.raises(SPCError, match="negative count in row 2"):
            spc.qic([1, -2, 3], n=n, chart=chart)

    def test_it_rejects_a_time_of_zero_on_a_t_chart(self):
        with pytest.raises(SPCError, match="above zero"):
            spc.qic([5, 0, 3], chart="t")

    def test_it_rejects_non_numeric_cells_naming_the_row(self):
        with pytest.raises(SPCError, match="'abc' in row 3 is not a number"):
            spc.qic(["1", "2", "abc", "4"])

    def test_it_rejects_infinite_values(self):
        with pytest.raises(SPCError, match="y: infinite value in row 2"):
            spc.qic([1, float("inf"), 3])
        with pytest.raises(SPCError, match="n: infinite value in row 1"):
            spc.qic([1, 2, 3], n=["inf", 5, 5], chart="u")
        with pytest.raises(SPCError, match="x is not a finite number in row 3"):
            spc.qic([1, 2, 3], x=[1, 2, float("-inf")])

    def test_it_rejects_a_part_out_of_range(self):
        with pytest.raises(SPCError, match="part: position 4 is out of range 1-3"):
            spc.qic([1, 2, 3, 4], part=[4])

    def test_it_rejects_a_freeze_out_of_range(self):
        with pytest.raises(SPCError, match="freeze: position 9 is out of range 1-4"):
            spc.qic([1, 2, 3, 4], chart="i", freeze=9)

    def test_it_rejects_an_exclude_out_of_range(self):
        with pytest.raises(SPCError, match="exclude: position 0 is out of range"):
            spc.qic([1, 2, 3, 4], chart="i", exclude=[0])

    def test_it_rejects_an_unknown_chart(self):
        with pytest.raises(SPCError, match="unknown chart 'xyz'"):
            spc.qic([1, 2, 3], chart="xyz")

    def test_it_rejects_a_p_chart_without_denominators(self):
        with pytest.raises(SPCError, match="needs denominators"):
            spc.qic([1, 2, 3], chart="p")

    def test_it_rejects_mismatched_lengths(self):
        with pytest.raises(SPCError, match="x has 2 values but y has 3"):
            spc.qic([1, 2, 3], x=[1, 2])

    def test_it_drops_rows_without_x_as_qicharts2(self):
        x = ["2025-01-01", None, "2025-01-03", "", float("nan"), "NA", "2025-01-05", "2025-01-06"]
        r = spc.qic([1, 99, 3, 99, 99, 99, 5, 6], x=x, chart="i", exclude=[2])
        assert [p.x for p in r.points] == ["2025-01-01", "2025-01-03", "2025-01-05", "2025-01-06"]
        assert [p.y for p in r.points] == [1, 3, 5, 6]
        assert [p.include for p in r.points] == [True, False, True, True]  # counted after
        assert r.points[0].cl == pytest.approx((1 + 5 + 6) / 3)

    def test_it_drops_the_denominator_with_its_row_and_names_input_rows(self):
        r = spc.qic([1, 50, 3], n=[10, 0, 10], x=[1, None, 3], chart="p")
        assert [p.n for p in r.points] == [10, 10]
        with pytest.raises(SPCError, match="zero denominator in row 3"):
            spc.qic([1, 50, 3], n=[10, 10, 0], x=[1, None, 3], chart="p")

    def test_it_rejects_x_that_is_all_missing(self):
        with pytest.raises(SPCError, match="x: every value is missing"):
            spc.qic([1, 2, 3], x=[None, "", "NA"])

    def test_it_rejects_mdc_rules_on_other_charts(self):
        with pytest.raises(SPCError, match="I \\(XmR\\) charts only"):
            spc.qic([1, 2, 3], n=[5, 5, 5], chart="p", rules="mdc")

    def test_it_rejects_an_unknown_runs_method(self):
        with pytest.raises(SPCError, match="unknown runs method 'box'"):
            spc.qic([1, 2, 3], method="box")

    def test_it_rejects_a_non_positive_multiplier(self):
        with pytest.raises(SPCError, match="multiply"):
            spc.qic([1, 2, 3], multiply=0)

    @pytest.mark.parametrize("chart", ["p", "pp", "u", "up"])
    def test_a_baseline_with_every_point_excluded_is_refused(self, chart):
        with pytest.raises(SPCError, match="baseline .* has no included point with a denominator"):
            spc.qic([1, 2, 3, 4, 5, 6], n=[10] * 6, chart=chart, freeze=2, exclude=[1, 2])

    @pytest.mark.parametrize("chart", ["p", "pp", "u", "up"])
    def test_a_phase_with_no_usable_point_gets_empty_limits(self, chart):
        # qicharts2 computes 0/0 for that phase's centre: empty limits, not a crash.
        y = [1, 2, 3, 4, 5, 6, None, None]
        n = [10, 10, 10, 10, 10, 10, None, None]
        r = spc.qic(y, n=n, chart=chart, part=[3, 6], exclude=[4, 5, 6])
        assert r.points[0].cl == pytest.approx(6 / 30)
        assert all(p.cl is None and p.ucl is None for p in r.points[3:])

    def test_a_chart_with_every_point_excluded_is_refused(self):
        with pytest.raises(SPCError, match="no point is left"):
            spc.qic([1, 2, 3], n=[5, 5, 5], chart="p", exclude=[1, 2, 3])

    @pytest.mark.parametrize(
        ("chart", "cl", "message"),
        [
            ("i", float("nan"), "finite"),
            ("i", float("inf"), "finite"),
            ("p", 45, "0 to 1"),
            ("pp", -0.1, "0 to 1"),
            ("c", -1, "0 or more"),
            ("u", -0.5, "0 or more"),
            ("g", -2, "0 or more"),
            ("t", -1, "0 or more"),
            ("i", True, "not a number"),
        ],
    )
    def test_it_rejects_a_centre_line_outside_the_chart(self, chart, cl, message):
        n = [10] * 4 if chart in ("p", "pp", "u") else None
        with pytest.raises(SPCError, match=f"cl: .*{message}"):
            spc.qic([1, 2, 3, 4], n=n, chart=chart, cl=cl)

    def test_it_accepts_a_centre_line_at_the_edge_of_the_range(self):
        assert spc.qic([1, 2, 3, 4], n=[10] * 4, chart="p", cl=1).points[0].cl == 1
        assert spc.qic([1, 2, 3, 4], chart="i", cl=-3).points[0].cl == -3

    def test_it_rejects_an_infinite_target(self):
        with pytest.raises(SPCError, match="target: .*finite"):
            spc.qic([1, 2, 3, 4], chart="i", target=float("inf"))

    @pytest.mark.parametrize(
        ("x", "row"),
        [
            (["03/04/2025", "04/04/2025", "05/04/2025"], "'03/04/2025' in row 1"),
            (["2025-01-01", "2025-13-01", "2025-01-03"], "'2025-13-01' in row 2"),
            (["4 Jan 2025", "5 Jan 2025", "6 Jan 2025"], "'4 Jan 2025' in row 1"),
            (["2025-01-01", "2025-1-2", "2025-01-03"], "'2025-1-2' in row 2"),
            (["4 de enero de 2025", "5 de enero de 2025", "x"], "'4 de enero de 2025' in row 1"),
            (["2025-01-01", "ward A", "2025-01-03"], "'ward A' in row 2"),
            ([None, "2025-01-01", "March 2025", "2025-04-01"], "'March 2025' in row 3"),
        ],
    )
    def test_it_rejects_dates_that_are_not_iso(self, x, row):
        with pytest.raises(SPCError, match=f"x must be ISO 8601 dates \\(YYYY-MM-DD\\): {row}"):
            spc.qic([1, 2, 3, 4][: len(x)], x=x, chart="i")

    @pytest.mark.parametrize(
        "x",
        [
            ["ward A", "ward B", "ward C"],
            ["2019-20", "2020-21", "2021-22"],  # financial years
            ["Mayo clinic 2", "b", "c"],
            ["Set 1", "Set 2", "Set 3"],
        ],
    )
    def test_it_keeps_free_text_labels(self, x):
        assert [p.x for p in spc.qic([1, 2, 3], x=x, chart="i").points] == sorted(x)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"freeze": 2.5}, "freeze: 2.5 is not a whole number"),
            ({"freeze": True}, "freeze: True is not a whole number"),
            ({"freeze": "3"}, "freeze: '3' is not a whole number"),
            ({"part": True}, "part: True is not a whole number"),
            ({"exclude": "12"}, "exclude: '12' is not a list"),
            ({"part_labels": "abcd"}, "part labels: give one label per row"),
            ({"y": np.ones((4, 2))}, "y must be a flat sequence"),
            ({"n": np.ones((4, 1)), "chart": "u"}, "n must be a flat sequence"),
            ({"x": np.ones((4, 1))}, "x must be a flat sequence"),
        ],
    )
    def test_it_rejects_malformed_arguments(self, kwargs, message):
        args = {"y": [1, 2, 3, 4], "chart": "i", **kwargs}
        with pytest.raises(SPCError, match=message):
            spc.qic(**args)

    def test_it_takes_a_freeze_given_as_a_whole_float(self):
        # A whole float is taken, though the annotation asks for an int.
        r = spc.qic([1, 2, 3, 4], chart="i", freeze=2.0)  # type: ignore[arg-type]
        assert r.points[0].cl == 1.5

    def test_it_is_a_value_error(self):
        assert issubclass(SPCError, ValueError)


def _cli(tmp_path, text, *args):
    path = tmp_path / "d.csv"
    path.write_text(text)
    cmd = [sys.executable, "-m", "spc", "--data", str(path), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)


class TestCommandLineRejects:
    @pytest.mark.parametrize(
        ("text", "args", "message"),
        [
            ("v\n", ["--y", "v"], "no data rows"),
            ("", ["--y", "v"], "the file is empty"),
            ("v\n1\n2\n", ["--y", "w"], "unknown column 'w'"),
            ("v\n1\nx\n3\n", ["--y", "v"], "'x' in data row 2 is not a number"),
            ("v,n\n1,5\n2,0\n", ["--y", "v", "--n", "n", "--chart", "p"], "zero denominator"),
            ("v\n1\n2\n3\n", ["--y", "v", "--part", "7"], "out of range"),
            ("v\n1\n2\n3\n", ["--y", "v", "--chart", "i", "--freeze", "0"], "out of range"),
            ("v\n1\n2\n3\n", ["--y", "v", "--exclude", "1,x"], "positions"),
            ("v\n1\n2\n3\n", ["--y", "v", "--chart", "nope"], "unknown chart"),
            ("v\n1\n2\n3\n", ["--y", "v", "--format", "gif"], "invalid choice"),
            ("v\n1\n2\n3\n", ["--y", "v", "--chart", "i", "--freeze", "2.5"], "invalid int"),
            ("v\n1\n2\n3\n", ["--y", "v", "--chart", "i", "--cl", "nan"], "cl: nan must be"),
            ("v,n\n1,5\n2,5\n", ["--y", "v", "--n", "n", "--chart", "p", "--cl", "45"], "0 to 1"),
            (
                "v,n\n1,5\n2,5\n3,5\n",
                ["--y", "v", "--n", "n", "--chart", "p", "--freeze", "2", "--exclude", "1,2"],
                "baseline (its first 2 points) has no included point with a denominator",
            ),
            (
                "d,v\n03/04/2025,1\n04/04/2025,2\n",
                ["--y", "v", "--x", "d", "--chart", "i"],
                "x must be ISO 8601 dates (YYYY-MM-DD): '03/04/2025' in data row 1",
            ),
        ],
    )
    def test_it_prints_one_line_and_exits_2(self, tmp_path, text, args, message):
        proc = _cli(tmp_path, text, *args)
        assert proc.returncode == 2
        assert proc.stdout == ""
        assert proc.stderr.count("\n") == 1
        assert message in proc.stderr
        assert "Traceback" not in proc.stderr

    def test_it_reports_a_missing_file(self, tmp_path):
        cmd = [sys.executable, "-m", "spc", "--data", str(tmp_path / "no.csv"), "--y", "v"]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert proc.returncode == 2
        assert "cannot read the file" in proc.stderr
