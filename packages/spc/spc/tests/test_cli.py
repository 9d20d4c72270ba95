"""The command line: formats, output file, part labels, drawing on request only."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from spc import cli

ROOT = Path(__file__).resolve().parents[2]
CSV = "month,cases,days,phase\n" + "".join(
    f"2024-{m:02d}-01,{c},{d},{'pre' if m <= 6 else 'post'}\n"
    for m, c, d in zip(range(1, 13), [5, 7, 6, 8, 7, 6, 3, 2, 3, 2, 1, 2], [100] * 12, strict=True)
)


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(CSV)
    return str(path)


def _run(*args):
    cmd = [sys.executable, "-m", "spc", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_it_writes_json_by_default(data):
    proc = _run("--chart", "u", "--data", data, "--y", "cases", "--n", "days", "--x", "month")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["chart"] == "u"
    assert out["points"][0]["x"] == "2024-01-01"
    assert out["points"][0]["y"] == 0.05


def test_it_writes_csv(data):
    proc = _run("--data", data, "--y", "cases", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 12 and rows[0]["y"] == "5.0"


def test_it_writes_to_a_file(data, tmp_path):
    target = tmp_path / "out.json"
    proc = _run("--data", data, "--y", "cases", "-o", str(target))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(target.read_text())["chart"] == "run"


def test_it_splits_parts_by_a_label_column(data):
    proc = _run(
        "--chart", "c", "--data", data, "--y", "cases", "--x", "month", "--part-col", "phase"
    )
    out = json.loads(proc.stdout)
    assert [p["part"] for p in out["points"]] == [1] * 6 + [2] * 6


def test_it_passes_every_option(data):
    proc = _run(
        "--chart", "i", "--data", data, "--y", "cases", "--x", "month", "--part", "6",
        "--exclude", "2,3", "--multiply", "10", "--cl", "5", "--target", "30",
        "--no-negative-limits", "--unscreened-mr", "--direction", "down",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["points"][0]["cl"] == 50 and out["points"][0]["target"] == 30
    assert out["points"][1]["include"] is False
    assert all(p["lcl"] >= 0 for p in out["points"])
    assert out["verdict"]["direction"] == "down"


def test_it_applies_mdc_rules(data):
    proc = _run("--chart", "i", "--rules", "mdc", "--data", data, "--y", "cases")
    assert json.loads(proc.stdout)["rules"] == "mdc"


def test_json_output_does_not_load_matplotlib(data):
    code = (
        "import sys; from spc.cli import run;"
        f"run(['--data', {data!r}, '--y', 'cases']);"
        "print('matplotlib' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "False"


def test_it_draws_an_svg_with_the_title_for_screen_readers(data):
    out = cli.run(["--data", data, "--y", "cases", "--format", "svg", "--title", "CDI cases"])
    assert out.startswith(b"<svg")
    assert b">CDI cases</title>" in out and b"<desc" in out


def test_it_draws_a_png(data):
    out = cli.run(["--data", data, "--y", "cases", "--format", "png"])
    assert out.startswith(b"\x89PNG\r\n\x1a\n")


def test_it_ignores_blank_lines_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffv\n1\n\n2\n3\n", encoding="utf-8")
    assert cli.main(["--data", str(path), "--y", "v", "-o", str(tmp_path / "o.json")]) == 0
    assert len(json.loads((tmp_path / "o.json").read_text())["points"]) == 3


def test_it_refuses_rows_of_the_wrong_width(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3\n")
    assert cli.main(["--data", str(path), "--y", "a"]) == 2
    assert "data row 2 has 1 cells, the header has 2" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_without_matplotlib_a_picture_is_one_line_of_error(data, fmt):
    # As on an install without the [draw] extra: matplotlib cannot be imported at all.
    code = (
        "import sys; sys.modules['matplotlib'] = None; from spc.cli import main;"
        f"sys.exit(main(['--data', {data!r}, '--y', 'cases', '--format', {fmt!r}]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        f"spc: error: --format {fmt} needs matplotlib: pip install 'qicommons-spc[draw]'\n"
    )


def test_the_spc_command_is_python_m_spc():
    script = Path(sys.executable).with_name("spc")
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: spc --chart CHART --data FILE.csv --y COL")


def test_errors_name_the_csv_column_and_data_row(tmp_path, capsys):
    path = tmp_path / "neg.csv"
    path.write_text("infections,days\n3,10\n-1,10\n")
    assert cli.main(["--data", str(path), "--y", "infections", "--n", "days", "--chart", "u"]) == 2
    assert "column 'infections': negative count in data row 2" in capsys.readouterr().err
