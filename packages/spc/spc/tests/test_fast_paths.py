"""The fast paths for long series give exactly what the plain, slower code gives."""

import json
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spc
from spc.cli import _plain_table, read_columns
from spc.errors import SPCError

CASES = [
    ("i", {}),
    ("i", {"rules": "mdc", "direction": "down"}),
    ("run", {"x": "dates", "part": [6]}),
    ("p", {"n": True, "exclude": [3], "multiply": 100}),
    ("up", {"n": True, "x": "text"}),
    ("xbar", {"x": "numbers", "target": 50.0}),
    ("g", {"direction": "up", "freeze": 15}),
]


def _chart(chart, options, seed=7, size=40):
    rng = np.random.default_rng(seed)
    y = rng.normal(50, 10, size).round(2).tolist()
    kw = dict(options)
    if kw.get("n"):
        n = rng.integers(20, 60, size).astype(float)
        y = rng.binomial(n.astype(int), 0.2).astype(float).tolist()
        kw["n"] = n.tolist()
    if chart == "g":
        y = rng.poisson(6, size).astype(float).tolist()
    y[5] = None  # a gap
    groups = rng.integers(1, size // 3, size)
    if kw.get("x") == "dates":
        kw["x"] = [f"2024-{m % 12 + 1:02d}-01" for m in groups]
    elif kw.get("x") == "text":
        kw["x"] = [f"ward {g}" for g in groups]
    elif kw.get("x") == "numbers":
        kw["x"] = (groups * 0.5).tolist()
    return spc.qic(y, chart=chart, **kw)


@pytest.mark.parametrize(("chart", "options"), CASES)
def test_it_writes_json_as_json_dumps_writes_the_dict(chart, options):
    r = _chart(chart, options)
    assert r.to_json() == json.dumps(r.to_dict(), allow_nan=False)
    assert r.to_json(indent=2) == json.dumps(r.to_dict(), indent=2, allow_nan=False)


@pytest.mark.parametrize("y", [[0.0, -0.0, 1.0, -0.0] * 10, [0.0, -0.0] * 40 + [1.0] * 3])
def test_it_keeps_minus_zero_apart_from_zero_in_json(y):
    r = spc.qic(y, chart="run")
    assert r.to_json() == json.dumps(r.to_dict(), allow_nan=False)
    assert '"y": -0.0' in r.to_json()


def test_it_writes_long_series_with_repeated_values_as_json_dumps_does():
    rng = np.random.default_rng(11)
    n = rng.integers(20, 25, 3000).astype(float)
    r = spc.qic(rng.binomial(20, 0.3, 3000).astype(float), n=n, chart="p", part=[1500])
    assert r.to_json() == json.dumps(r.to_dict(), allow_nan=False)


def _outcome(path):
    try:
        return read_columns(str(path), ["y", "x"])
    except SPCError as e:
        return str(e)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet='ab1.,-\n\r" ', max_size=4), min_size=1, max_size=3),
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_it_reads_csv_text_as_csv_reader_does(tmp_path_factory, rows, newline, final):
    path = tmp_path_factory.mktemp("csv") / "data.csv"
    text = newline.join(["x,y", *(",".join(r) for r in rows)]) + (newline if final else "")
    path.write_text(text, encoding="utf-8", newline="")
    fast = _outcome(path)
    with mock.patch("spc.cli._plain_table", return_value=None):
        assert fast == _outcome(path)


def test_it_reads_a_plain_file_through_the_fast_path_and_others_through_csv(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("date,value\n2024-01-01,1.5\n2024-01-02,NA\n", encoding="utf-8")
    assert _plain_table(plain.read_text()) is not None
    assert read_columns(str(plain), ["value"]) == {"value": ["1.5", "NA"]}
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('date,value\n2024-01-01,"1,5"\n', encoding="utf-8")
    assert read_columns(str(quoted), ["value"]) == {"value": ["1,5"]}
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("date,value\n2024-01-01,1,2\n2024-01-02\n", encoding="utf-8")
    with pytest.raises(SPCError, match="data row 1 has 3 cells"):
        read_columns(str(ragged), ["value"])
