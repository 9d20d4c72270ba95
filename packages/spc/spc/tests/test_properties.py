"""Properties that must hold for any data (hypothesis)."""

import json
import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import spc

values = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False).map(lambda v: round(v, 3)),
    min_size=3,
    max_size=60,
)
counts = st.lists(st.integers(min_value=0, max_value=200), min_size=3, max_size=60)
LINES = ("cl", "lcl", "ucl", "lcl_95", "ucl_95")


def _lines(result):
    return np.array([[getattr(p, k) for k in LINES] for p in result.points], dtype=float)


def _varied(y):
    return len(set(y)) > 2 and max(y) - min(y) > 1e-3


@given(values, st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_shifting_i_data_shifts_centre_and_limits(y, shift):
    assume(_varied(y))
    a = _lines(spc.qic(y, chart="i"))
    b = _lines(spc.qic([v + shift for v in y], chart="i"))
    scale = max(1.0, abs(shift), max(abs(v) for v in y))
    assert np.allclose(b, a + shift, rtol=0, atol=1e-8 * scale, equal_nan=True)


@given(values, st.floats(min_value=0.01, max_value=100))
def test_scaling_i_data_scales_centre_and_limits(y, k):
    assume(_varied(y))
    a = _lines(spc.qic(y, chart="i"))
    b = _lines(spc.qic([v * k for v in y], chart="i"))
    assert np.allclose(b, a * k, rtol=1e-9, atol=1e-9, equal_nan=True)


@given(values)
def test_runs_figures_are_consistent(y):
    part = spc.qic(y, chart="run").parts[0]
    assert part.n_useful <= part.n_obs == len(y)
    if part.n_useful:
        assert 1 <= part.longest_run <= part.n_useful
        assert 0 <= part.n_crossings <= part.n_useful - 1
        assert part.runs_signal == (
            part.longest_run > part.longest_run_max or part.n_crossings < part.n_crossings_min
        )


@given(values)
def test_reversing_the_series_keeps_the_i_chart_limits(y):
    assume(_varied(y))
    a = _lines(spc.qic(y, chart="i"))
    b = _lines(spc.qic(y[::-1], chart="i"))
    assert np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)


@st.composite
def subgroups(draw):
    k = draw(st.integers(min_value=2, max_value=12))
    sizes = draw(st.lists(st.integers(min_value=2, max_value=6), min_size=k, max_size=k))
    x = [i for i, s in enumerate(sizes) for _ in range(s)]
    y = draw(
        st.lists(
            st.integers(min_value=0, max_value=1000).map(lambda v: v / 10),
            min_size=len(x),
            max_size=len(x),
        )
    )
    perm = draw(st.permutations(range(len(x))))
    return x, y, perm


@settings(max_examples=60)
@given(subgroups(), st.sampled_from(["xbar", "s", "i", "run"]))
def test_order_within_a_subgroup_changes_nothing(data, chart):
    x, y, perm = data
    a = spc.qic(y, x=x, chart=chart).to_dict()
    b = spc.qic([y[i] for i in perm], x=[x[i] for i in perm], chart=chart).to_dict()
    for pa, pb in zip(a["points"], b["points"], strict=True):
        for k in ("y", *LINES):
            va, vb = pa[k], pb[k]
            assert (va is None and vb is None) or math.isclose(va, vb, rel_tol=1e-9, abs_tol=1e-12)
    assert a["parts"] == b["parts"]


@given(counts, st.sampled_from(["c", "g"]))
def test_count_chart_lower_limits_are_never_negative(y, chart):
    assume(sum(y) > 0)
    r = spc.qic(y, chart=chart)
    assert all(p.lcl is None or p.lcl >= 0 for p in r.points)
    assert all(p.lcl_95 is None or p.lcl_95 >= 0 for p in r.points)


@st.composite
def rates(draw):
    size = draw(st.integers(min_value=3, max_value=40))
    n = draw(st.lists(st.integers(min_value=1, max_value=500), min_size=size, max_size=size))
    y = [draw(st.integers(min_value=0, max_value=v)) for v in n]
    return y, n


@given(rates(), st.sampled_from(["p", "pp", "u", "up"]))
def test_rate_chart_lower_limits_are_never_negative(data, chart):
    y, n = data
    assume(sum(y) > 0)
    r = spc.qic(y, n=n, chart=chart)
    for p in r.points:
        assert p.lcl is None or p.lcl >= 0
        assert p.lcl_95 is None or p.lcl_95 >= 0
        if chart in ("p", "pp"):
            assert p.ucl is None or p.ucl <= 1


@given(rates())
def test_p_limits_are_wider_for_smaller_denominators(data):
    y, n = data
    assume(0 < sum(y) < sum(n))
    r = spc.qic(y, n=n, chart="p")
    width = {p.n: p.ucl_95 - p.lcl_95 for p in r.points}
    # Unclamped 2-sigma half-width is 2 sqrt(p(1-p)/n): decreasing in n.
    cl = r.points[0].cl
    for size, w in width.items():
        assert w <= 4 * math.sqrt(cl * (1 - cl) / size) + 1e-12


@given(values, st.integers(min_value=1, max_value=5))
def test_an_excluded_point_does_not_move_the_centre(y, k):
    k = min(k, len(y))
    out = list(y)
    out[k - 1] = 1e6
    a = spc.qic(y[: k - 1] + y[k:], chart="run").points[0].cl
    b = spc.qic(out, chart="run", exclude=[k]).points[0].cl
    assert a == b


@settings(max_examples=50)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=3, max_size=40),
    st.sampled_from(["run", "i", "mr", "c", "g"]),
    st.sampled_from([None, "up", "down"]),
)
def test_json_text_equals_json_dumps_of_the_dict(y, chart, direction):
    assume(sum(v is not None for v in y) >= 2 and any(y))
    r = spc.qic(y, chart=chart, direction=direction)
    assert r.to_json() == json.dumps(r.to_dict())
