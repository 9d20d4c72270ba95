"""The verdict's false-verdict budgets and power, on seeded simulated series.

A quick version of benchmarks/verdict_calibration.py (other seeds, fewer series): each
budget is checked with room for Monte Carlo error (about two standard errors at the
budget's rate).
"""

import math

import pytest

from spc.calibration import Scenario, rates, simulate

SERIES = 300


def _room(p: float) -> float:
    return 2 * math.sqrt(p * (1 - p) / SERIES)


NULL = [
    Scenario(f"null {chart} {size}", chart=chart, size=size)
    for chart in ("run", "i", "p", "c", "u")
    for size in (24, 52)
]


@pytest.mark.parametrize("scenario", NULL, ids=lambda s: s.name)
def test_no_change_gives_a_false_verdict_at_most_five_percent_each_way(scenario):
    r = rates(simulate(scenario, SERIES, seed=11))
    assert r["improvement"] <= 0.05 + _room(0.05)
    assert r["deterioration"] <= 0.05 + _room(0.05)


def test_making_data_count_rules_stay_within_ten_percent():
    r = rates(simulate(Scenario("null i 52 mdc", size=52, rules="mdc"), SERIES, seed=11))
    assert r["improvement"] <= 0.10 + _room(0.10)


@pytest.mark.parametrize("start", [7, 13, 19, 25])
def test_a_held_step_is_never_called_the_wrong_way(start):
    r = rates(simulate(Scenario(f"step {start}", step=2.0, step_from=start), SERIES, seed=11))
    assert r["deterioration"] <= 0.03 + _room(0.03)
    if start > 12:  # after the default baseline of 12 points
        assert r["improvement"] >= 0.70 - _room(0.70)


@pytest.mark.parametrize("mean", [0.3, 0.5])
def test_rare_events_give_no_verdict(mean):
    r = rates(simulate(Scenario(f"rare {mean}", chart="c", mean=mean), SERIES, seed=11))
    assert r["improvement"] + r["deterioration"] <= 0.10 + _room(0.10)


def test_a_baseline_of_two_points_gives_no_verdict():
    r = rates(simulate(Scenario("two", marks={"freeze": 2}), SERIES, seed=11))
    assert r["improvement"] + r["deterioration"] <= 0.06


def test_six_points_far_beyond_a_frozen_baseline_are_improvement():
    s = Scenario("held", size=26, step=5.0, step_from=21, marks={"freeze": 20})
    assert rates(simulate(s, SERIES, seed=11))["improvement"] >= 0.80


@pytest.mark.parametrize("size", [36, 52])
def test_autocorrelated_noise_rarely_gives_false_improvement(size):
    r = rates(simulate(Scenario(f"ar {size}", size=size, phi=0.5), SERIES, seed=11))
    assert r["improvement"] <= 0.10 + _room(0.10)
