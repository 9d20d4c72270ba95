"""Each clause of the verdict definition (spc.verdict and spc/README.md)."""

import pytest

import spc
from spc.constants import MIN_USEFUL

from .conftest import DATA, read_csv

BEFORE = [10, 12, 11, 13, 12, 11] * 3  # 18 points around 11.5
AFTER = [16, 17, 15, 18, 16, 17] * 2  # 12 points around 16.5
NOISE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 12, 10, 11, 9, 11, 10, 12, 9, 10, 11, 10]


class TestTooLittleData:
    def test_it_needs_twelve_useful_points_in_the_latest_part(self):
        short = spc.qic(BEFORE + AFTER[: MIN_USEFUL - 1], chart="i", part=[18], direction="up")
        assert short.verdict.status == "too_little_data"
        assert "Only 11 useful points" in " ".join(short.verdict.reasons)

    def test_it_judges_with_twelve(self):
        enough = spc.qic(BEFORE + AFTER[:MIN_USEFUL], chart="i", part=[18], direction="up")
        assert enough.verdict.status == "improvement"

    def test_it_does_not_count_missing_or_excluded_points(self):
        y = BEFORE + AFTER[:11] + [None] + [17]
        r = spc.qic(y, chart="i", part=[18], exclude=[31], direction="up")
        assert r.verdict.status == "too_little_data"

    def test_it_applies_to_a_single_short_series(self):
        assert spc.qic(NOISE[:8], chart="run", direction="up").verdict.status == "too_little_data"


class TestReferenceLine:
    def test_with_parts_it_judges_the_latest_part_against_the_previous_centre(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction="up")
        assert r.verdict.reference.startswith("the centre line of part 1")
        # The latest part is stable around its own centre: the signal comes only from
        # comparing it with part 1.
        assert r.parts[1].runs_signal is False
        shift = [s for s in r.verdict.signals if s.kind == "shift"]
        assert shift and shift[0].side == "above" and shift[0].start == 19

    def test_against_the_previous_centre_it_reports_no_crossings_signal(self):
        # Every point of part 2 is above part 1's line: the shift says it all.
        r = spc.qic(BEFORE + AFTER, chart="run", part=[18], direction="up")
        assert [s.kind for s in r.verdict.signals] == ["shift"]

    def test_with_freeze_it_judges_against_the_baseline(self):
        r = spc.qic(BEFORE + AFTER, chart="i", freeze=18, direction="up")
        assert r.verdict.reference.startswith("the baseline centre line of points 1-18")
        assert r.verdict.status == "improvement"

    def test_without_parts_or_freeze_it_uses_the_own_centre(self):
        r = spc.qic(BEFORE + AFTER, chart="run", direction="up")
        assert r.verdict.reference.startswith("the chart's own centre line")

    def test_with_mdc_rules_and_parts_it_uses_the_previous_mean(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], rules="mdc", direction="up")
        assert r.verdict.reference.startswith("the centre line of part 1")
        assert r.verdict.status == "improvement"


class TestImprovementAndDeterioration:
    def test_a_shift_on_the_desired_side_is_improvement(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction="up")
        assert r.verdict.status == "improvement"
        assert r.verdict.direction == "up"

    def test_the_same_shift_is_deterioration_when_down_is_better(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction="down")
        assert r.verdict.status == "deterioration"

    def test_the_most_recent_sustained_signal_decides(self):
        # Own centre line: a run below (early) then a run above (late).
        low, high = [10, 12, 11, 13, 12] * 3, [16, 17, 15, 18, 16] * 3
        r = spc.qic(low + high, chart="run", direction="up")
        sides = [s.side for s in r.verdict.signals if s.kind == "shift"]
        assert sides == ["below", "above"]
        assert r.verdict.status == "improvement"

    def test_an_undesired_signal_after_the_shift_blocks_improvement(self):
        low, high = [10, 11] * 6, [20, 21] * 6
        r = spc.qic(low + high + [-30], chart="i", direction="up")
        assert r.verdict.status == "no_signal"
        assert "both directions" in r.verdict.reasons[-1]

    def test_an_undesired_signal_before_the_shift_does_not_block_it(self):
        y = [10, 11, 9, 10, -20, 11, 9, 10, 11, 10] + [30, 31, 29, 30, 31, 30, 29, 31, 30, 30]
        r = spc.qic(y, chart="i", freeze=10, direction="up")
        against = [s for s in r.verdict.signals if s.favourable is False]
        assert [(s.kind, s.start) for s in against] == [("sigma", 5)]
        assert r.verdict.status == "improvement"

    def test_two_out_of_three_is_reported_as_its_window(self):
        rows = read_csv(DATA / "data" / "ptd_rules.csv")
        r = spc.qic([row["y"] for row in rows], chart="i", rules="mdc", freeze=20)
        windows = [(s.start, s.end) for s in r.signals if s.kind == "two_of_three"]
        assert (23, 25) in windows
        assert r.points[22].classification == r.points[24].classification != "common_cause"
        assert r.points[23].classification == "common_cause"

    def test_a_trend_counts_as_sustained_under_mdc_rules(self):
        y = NOISE[:14] + [8, 9, 10, 11, 12, 13, 14]
        r = spc.qic(y, chart="i", rules="mdc", direction="up")
        assert any(s.kind == "trend" and s.side == "up" for s in r.verdict.signals)
        assert r.verdict.status == "improvement"


class TestNoSignal:
    def test_random_variation_gives_no_signal(self):
        r = spc.qic(NOISE, chart="i", direction="up")
        assert r.verdict.status == "no_signal"
        assert r.verdict.signals == ()

    def test_a_single_point_beyond_the_limits_is_not_sustained(self):
        r = spc.qic(NOISE + [30], chart="i", direction="up")
        assert [s.kind for s in r.verdict.signals] == ["sigma"]
        assert r.verdict.signals[0].favourable is True
        assert r.verdict.status == "no_signal"

    def test_without_a_direction_signals_are_neutral(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18])
        assert r.verdict.status == "no_signal"
        assert r.verdict.direction is None
        assert all(s.favourable is None for s in r.verdict.signals)
        assert "neutral" in r.verdict.reasons[-1]

    def test_text_x_has_no_runs_analysis(self):
        x = [f"unit {i:02d}" for i in range(30)]
        r = spc.qic(BEFORE + AFTER, x=x, chart="i", direction="up")
        assert r.verdict.status == "no_signal"
        assert r.parts[0].runs_signal is False
        assert "no runs analysis" in r.verdict.reasons[-1]

    def test_too_few_crossings_alone_has_no_side(self):
        y = ([1] * 4 + [3] * 4) * 3  # runs of 4 around the median: 5 crossings, limit 8
        r = spc.qic(y, chart="run", direction="up")
        assert [s.kind for s in r.verdict.signals] == ["crossings"]
        assert r.verdict.signals[0].favourable is None
        assert r.verdict.status == "no_signal"
        assert {p.classification for p in r.points} == {"special_cause_neutral"}
        assert all(p.runs_signal for p in r.points)

    def test_text_x_has_no_verdict_under_mdc_rules_either(self):
        x = [f"unit {i:02d}" for i in range(30)]
        r = spc.qic(BEFORE + AFTER, x=x, chart="i", rules="mdc", direction="up")
        assert r.verdict.status == "no_signal"

    def test_an_mr_chart_has_no_runs_verdict(self):
        r = spc.qic(BEFORE + AFTER, chart="mr", direction="up")
        assert r.verdict.status == "no_signal"


class TestClassification:
    def test_points_take_their_side_of_the_centre_line(self):
        r = spc.qic(NOISE + [30], chart="i", direction="up")
        assert r.points[-1].classification == "special_cause_improvement"
        r = spc.qic(NOISE + [30], chart="i", direction="down")
        assert r.points[-1].classification == "special_cause_concern"
        r = spc.qic(NOISE + [30], chart="i")
        assert r.points[-1].classification == "special_cause_neutral"
        assert {p.classification for p in r.points[:-1]} == {"common_cause"}

    def test_points_of_a_long_run_are_flagged(self):
        r = spc.qic(BEFORE + AFTER, chart="run", direction="up")
        flagged = [i for i, p in enumerate(r.points, 1) if p.runs_signal]
        assert flagged and all(r.points[i - 1].classification != "common_cause" for i in flagged)

    def test_a_point_on_the_centre_line_inside_a_run_is_not_flagged(self):
        y = [1, 1, 1, 1, 2, 1, 1, 1, 1, 1] + [3] * 10 + [2]  # median 2
        r = spc.qic(y, chart="run", direction="up")
        assert r.points[0].cl == 2
        assert r.points[3].runs_signal and r.points[5].runs_signal
        assert r.points[4].runs_signal is False
        assert r.points[4].classification == "common_cause"
        assert r.points[0].classification == "special_cause_concern"


def test_reasons_describe_only_the_most_recent_signals():
    y = ([10] * 12 + [30] * 12) * 4  # a shift every 12 points
    r = spc.qic(y, chart="i", rules="mdc", direction="up")
    assert len(r.verdict.signals) > 10
    assert f"{len(r.verdict.signals)} signals" in r.verdict.reasons[1]
    assert len(r.verdict.reasons) == 2 + 10 + 1


@pytest.mark.parametrize("status", ["improvement", "deterioration"])
def test_the_verdict_dict_has_the_agreed_shape(status):
    direction = "up" if status == "improvement" else "down"
    v = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction=direction).to_dict()["verdict"]
    assert set(v) >= {"status", "direction", "reasons", "signals"}
    assert v["status"] == status
    assert all(isinstance(r, str) for r in v["reasons"])
    assert set(v["signals"][0]) == {"kind", "part", "start", "end", "side", "length", "favourable"}
