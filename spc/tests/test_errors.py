"""Bad input: a clear SPCError saying what and where; on the command line, exit 2."""

import subprocess
import sys
from pathlib import Path

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

    def test_it_rejects_a_missing_x(self):
        with pytest.raises(SPCError, match="x is missing in row 2"):
            spc.qic([1, 2, 3], x=["a", "", "c"])

    def test_it_rejects_mdc_rules_on_other_charts(self):
        with pytest.raises(SPCError, match="I \\(XmR\\) charts only"):
            spc.qic([1, 2, 3], n=[5, 5, 5], chart="p", rules="mdc")

    def test_it_rejects_an_unknown_runs_method(self):
        with pytest.raises(SPCError, match="unknown runs method 'box'"):
            spc.qic([1, 2, 3], method="box")

    def test_it_rejects_a_non_positive_multiplier(self):
        with pytest.raises(SPCError, match="multiply"):
            spc.qic([1, 2, 3], multiply=0)

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
