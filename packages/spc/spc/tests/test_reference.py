"""Every reference case of qicharts2 and NHSRplotthedots, through spc.qic and the CLI.

Agreement: 1e-9 relative on every value, centre line and limit; exact on parts,
sigma signals, runs figures and the Making Data Count classification.
"""

import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import spc

from .conftest import DATA, read_csv

ROOT = Path(__file__).resolve().parents[2]
TOL = 1e-9
QIC_CASES = [c for c in read_csv(DATA / "cases" / "qicharts2_cases.csv") if c["status"] == "ok"]
PTD_CASES = [c for c in read_csv(DATA / "cases" / "ptd_cases.csv") if c["status"] == "ok"]
PTD_DATA = {"cdi": "ptd_cdi_with_rate"}


def _split(body):
    out, depth, cur = [], 0, ""
    for ch in body:
        depth += ch in "([" and 1 or (ch in ")]" and -1 or 0)
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return out + ([cur.strip()] if cur.strip() else [])


def parse_call(call):
    body = re.match(r"^\s*\w+\((.*)\)\s*$", call).group(1)
    pos, named = [], {}
    for arg in _split(body):
        m = re.match(r"^([\w.]+)\s*=\s*(.+)$", arg)
        if m:
            named[m.group(1)] = m.group(2).strip().strip("'\"")
        else:
            pos.append(arg)
    return pos, named


def _ints(text):
    return [int(v) for v in re.findall(r"\d+", text)]


def qic_setup(case):
    """(rows, kwargs for spc.qic with column names, CLI arguments) of a qicharts2 case."""
    pos, named = parse_call(case["call"])
    m = re.fullmatch(r"head\((\w+),\s*(\d+)\)", named["data"])
    rows = read_csv(DATA / "data" / f"{m.group(1) if m else named['data']}.csv")
    rows = rows[: int(m.group(2))] if m else rows
    if "n" in named:
        pos.append(named.pop("n"))
    x, y, n = (None, pos[0], None) if len(pos) == 1 else (pos + [None])[:3]
    kw = {"chart": named.get("chart", "run")}
    cli = ["--chart", kw["chart"], "--y", y]
    if x:
        cli += ["--x", x]
    if n:
        cli += ["--n", n]
    for key in ("freeze", "multiply"):
        if key in named:
            kw[key] = float(named[key]) if key == "multiply" else int(named[key])
            cli += [f"--{key}", named[key]]
    if "part" in named:
        kw["part"] = _ints(named["part"])
        cli += ["--part", ",".join(map(str, kw["part"]))]
    if "exclude" in named:
        kw["exclude"] = _ints(named["exclude"])
        cli += ["--exclude", ",".join(map(str, kw["exclude"]))]
    if "qic.screenedmr=FALSE" in case["options"]:
        kw["screened_mr"] = False
        cli.append("--unscreened-mr")
    return rows, x, y, n, kw, cli


def ptd_setup(case):
    pos, named = parse_call(case["call"])
    rows = read_csv(DATA / "data" / f"{PTD_DATA.get(pos[0], pos[0])}.csv")
    x, y = named["date_field"], named["value_field"]
    kw: dict[str, Any] = {"chart": "i", "rules": "mdc"}
    cli = ["--rules", "mdc", "--chart", "i", "--x", x, "--y", y]
    direction = {"increase": "up", "decrease": "down"}.get(named.get("improvement_direction"))
    if "improvement_direction" not in named:
        direction = "up"  # ptd_spc() defaults to "increase"
    if direction:
        kw["direction"] = direction
        cli += ["--direction", direction]
    if "fix_after_n_points" in named:
        kw["freeze"] = int(named["fix_after_n_points"])
        cli += ["--freeze", named["fix_after_n_points"]]
    if named.get("screen_outliers") == "FALSE":
        kw["screened_mr"] = False
        cli.append("--unscreened-mr")
    if "rebase" in named:
        day = re.search(r"[\d-]{10}", named["rebase"]).group(0)
        kw["part"] = [[r[x] for r in rows].index(day)]
        cli += ["--part", str(kw["part"][0])]
    return rows, x, y, kw, cli


def _num(v):
    if v is None or v in ("NA", "NaN", ""):
        return None
    if isinstance(v, bool) or v in ("TRUE", "FALSE"):
        return float(v in (True, "TRUE"))
    v = float(v)
    return None if math.isnan(v) else v


def _same(got, ref):
    a, b = _num(got), _num(ref)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL * max(1.0, abs(b))


def compare_qic(ref_rows, out):
    parts = {p["part"]: p for p in out["parts"]}
    assert len(out["points"]) == len(ref_rows)
    errors = []
    point_keys = [
        ("y", "y"),
        ("cl", "cl"),
        ("lcl", "lcl"),
        ("ucl", "ucl"),
        ("lcl.95", "lcl_95"),
        ("ucl.95", "ucl_95"),
        ("part", "part"),
        ("sigma.signal", "sigma_signal"),
    ]
    part_keys = [
        ("n.obs", "n_obs"),
        ("n.useful", "n_useful"),
        ("longest.run", "longest_run"),
        ("longest.run.max", "longest_run_max"),
        ("n.crossings", "n_crossings"),
        ("n.crossings.min", "n_crossings_min"),
        ("runs.signal", "runs_signal"),
    ]
    for i, (ref, pt) in enumerate(zip(ref_rows, out["points"], strict=True), 1):
        errors += [f"point {i} {k}" for rk, k in point_keys if not _same(pt[k], ref[rk])]
        part = parts[pt["part"]]
        errors += [f"point {i} part {k}" for rk, k in part_keys if not _same(part[k], ref[rk])]
    return errors


def compare_ptd(ref_rows, out):
    assert len(out["points"]) == len(ref_rows)
    errors = []
    for i, (ref, pt) in enumerate(zip(ref_rows, out["points"], strict=True), 1):
        for rk, k in (("y", "y"), ("mean_col", "cl"), ("lpl", "lcl"), ("upl", "ucl")):
            if not _same(pt[k], ref[rk]):
                errors.append(f"point {i} {k}")
        want = re.sub(r"_(high|low)$", "", ref["point_type"])
        if pt["classification"] != want:
            errors.append(f"point {i} classification {pt['classification']} != {want}")
    return errors


def _column(rows, name):
    return [r[name] for r in rows]


def _run_cli(rows, args, tmp_path):
    path = tmp_path / "data.csv"
    cols = list(rows[0])
    lines = [",".join(cols)] + [
        ",".join("" if r[c] == "NA" else f'"{r[c]}"' for c in cols) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n")
    cmd = [sys.executable, "-m", "spc", "--data", str(path), "--format", "json", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("case", QIC_CASES, ids=[c["id"] for c in QIC_CASES])
def test_it_matches_qicharts2_through_the_api(case):
    rows, x, y, n, kw, _ = qic_setup(case)
    out = spc.qic(
        _column(rows, y),
        x=_column(rows, x) if x else None,
        n=_column(rows, n) if n else None,
        **kw,
    ).to_dict()
    assert compare_qic(read_csv(DATA / "cases" / f"{case['id']}.csv"), out) == []


@pytest.mark.parametrize("case", QIC_CASES, ids=[c["id"] for c in QIC_CASES])
def test_it_matches_qicharts2_through_the_cli(case, tmp_path):
    rows, _, _, _, _, cli = qic_setup(case)
    out = _run_cli(rows, cli, tmp_path)
    assert compare_qic(read_csv(DATA / "cases" / f"{case['id']}.csv"), out) == []


@pytest.mark.parametrize("case", QIC_CASES, ids=[c["id"] for c in QIC_CASES])
def test_it_matches_the_qicharts2_summary(case):
    rows, x, y, n, kw, _ = qic_setup(case)
    result = spc.qic(
        _column(rows, y),
        x=_column(rows, x) if x else None,
        n=_column(rows, n) if n else None,
        **kw,
    )
    summary = read_csv(DATA / "cases" / f"{case['id']}.summary.csv")
    assert len(result.parts) == len(summary)
    for part, ref in zip(result.parts, summary, strict=True):
        assert part.sigma_signals == int(ref["sigma.signal"])
        assert part.runs_signal == (ref["runs.signal"] == "1")
    assert sum(p.sigma_signals for p in result.parts) == int(case["sigma_signals"])


@pytest.mark.parametrize("case", PTD_CASES, ids=[c["id"] for c in PTD_CASES])
def test_it_matches_nhsrplotthedots_through_the_api(case):
    rows, x, y, kw, _ = ptd_setup(case)
    out = spc.qic(_column(rows, y), x=_column(rows, x), **kw).to_dict()
    assert compare_ptd(read_csv(DATA / "cases" / f"{case['id']}.csv"), out) == []


@pytest.mark.parametrize("case", PTD_CASES, ids=[c["id"] for c in PTD_CASES])
def test_it_matches_nhsrplotthedots_through_the_cli(case, tmp_path):
    rows, _, _, _, cli = ptd_setup(case)
    out = _run_cli(rows, cli, tmp_path)
    assert compare_ptd(read_csv(DATA / "cases" / f"{case['id']}.csv"), out) == []
    flagged = sum(p["classification"] != "common_cause" for p in out["points"])
    assert flagged == int(case["special_cause_points"])
