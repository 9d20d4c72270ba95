"""Each clause of the verdict definition (spc.verdict and spc/README.md)."""

import pytest

import spc

BEFORE = [10, 12, 11, 13, 12, 11] * 3  # 18 points around 11.5
AFTER = [16, 17, 15, 18, 16, 17] * 2  # 12 points around 16.5
NOISE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 12, 10, 11, 9, 11, 10, 12, 9, 10, 11, 10]


class TestTooLittleData:
    def test_a_reference_needs_twelve_useful_points(self):
        r = spc.qic(BEFORE[:11] + AFTER, chart="i", part=[11], direction="up")
        assert r.verdict.status == "too_little_data"
        assert "The reference has 11 useful points" in " ".join(r.verdict.reasons)

    def test_a_baseline_of_two_points_is_too_little(self):
        r = spc.qic(BEFORE + AFTER, chart="i", freeze=2, direction="up")
        assert r.verdict.status == "too_little_data"
        assert r.verdict.reference.kind == "baseline" and r.verdict.reference.n_useful == 2

    def test_missing_and_excluded_points_do_not_count_in_the_reference(self):
        y = BEFORE[:11] + [None] + BEFORE[12:] + AFTER
        r = spc.qic(y, chart="i", freeze=12, exclude=[3], direction="up")
        assert r.verdict.status == "too_little_data"

    def test_it_needs_points_after_the_reference(self):
        r = spc.qic(BEFORE[:12] + [30, 31], chart="i", direction="up")
        assert r.verdict.status == "too_little_data"
        assert "Only 2 useful points after the reference" in " ".join(r.verdict.reasons)

    def test_a_short_series_has_too_little_data(self):
        assert spc.qic(NOISE[:8], chart="run", direction="up").verdict.status == "too_little_data"


class TestReference:
    def test_with_parts_the_previous_phase_is_the_reference(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction="up")
        ref = r.verdict.reference
        assert (ref.kind, ref.start, ref.end) == ("previous_phase", 1, 18)
        assert ref.centre == pytest.approx(11.5)
        assert r.verdict.judged == (19, 30)
        assert r.verdict.status == "improvement"

    def test_with_freeze_the_baseline_is_the_reference(self):
        r = spc.qic(BEFORE + AFTER, chart="i", freeze=18, direction="up")
        assert (r.verdict.reference.kind, r.verdict.reference.end) == ("baseline", 18)
        assert r.verdict.judged == (19, 30)
        assert r.verdict.status == "improvement"

    def test_without_marks_the_first_twelve_useful_points_are_the_reference(self):
        y = [None] + BEFORE + AFTER
        r = spc.qic(y, chart="run", direction="up")
        ref = r.verdict.reference
        assert (ref.kind, ref.start, ref.end, ref.n_useful) == ("default", 1, 13, 12)
        assert ref.centre == pytest.approx(11.5)  # the median of the first 12 values

    def test_the_caller_can_name_the_default_baseline(self):
        r = spc.qic(BEFORE + AFTER, chart="i", reference=18, direction="up")
        assert (r.verdict.reference.kind, r.verdict.reference.end) == ("default", 18)

    def test_the_reference_limits_come_from_the_reference_points_only(self):
        r = spc.qic(BEFORE + AFTER, chart="i", direction="up")
        alone = spc.qic(BEFORE[:12], chart="i")
        assert r.verdict.reference.upper == pytest.approx(alone.points[0].ucl)
        # The chart's own lines are untouched: they still use every point.
        assert r.points[0].cl == pytest.approx(sum(BEFORE + AFTER) / 30)

    def test_a_p_chart_reference_follows_each_denominator(self):
        y = [30, 29, 31, 30, 28, 32, 30, 31, 29, 30, 31, 29] + [45, 90, 45, 90, 45, 90]
        n = [100] * 12 + [100, 200, 100, 200, 100, 200]
        r = spc.qic(y, n=n, chart="p", direction="up")
        assert r.verdict.reference.centre == pytest.approx(sum(y[:12]) / 1200)
        assert r.verdict.status == "improvement"

    def test_mdc_rules_judge_against_the_reference_mean(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18], rules="mdc", direction="up")
        assert r.verdict.reference.centre == pytest.approx(11.5)
        assert r.verdict.status == "improvement"


class TestTimeOrder:
    def test_a_step_up_is_improvement_whatever_side_the_early_runs_fall(self):
        # The old verdict read the early run below the whole-series centre as the
        # latest sustained signal's opposite; time order says the process went up.
        y = BEFORE[:12] + AFTER + AFTER
        r = spc.qic(y, chart="run", direction="up")
        assert r.verdict.status == "improvement"
        assert r.verdict.decisive.side == "above"

    def test_a_worsening_is_deterioration_when_down_is_better(self):
        r = spc.qic(BEFORE[:12] + AFTER + AFTER, chart="i", direction="down")
        assert r.verdict.status == "deterioration"

    def test_the_most_recent_sustained_signal_decides(self):
        low = [6, 7, 5, 6, 7, 6] * 2
        y = BEFORE[:12] + low + AFTER + AFTER
        r = spc.qic(y, chart="run", direction="up")
        sides = [s.side for s in r.verdict.signals if s.kind == "shift"]
        assert sides == ["below", "above"]
        assert r.verdict.status == "improvement"

    def test_a_single_point_the_other_way_is_only_named(self):
        y = BEFORE[:12] + AFTER + AFTER + [2]
        r = spc.qic(y, chart="i", direction="up")
        assert r.verdict.status == "improvement"
        assert "isolated special cause" in r.verdict.reasons[-1]


class TestHeldChange:
    def test_six_points_far_beyond_the_limit_are_sustained(self):
        r = spc.qic(NOISE + [30] * 6, chart="i", freeze=20, direction="up")
        assert r.verdict.status == "improvement"
        assert r.verdict.decisive.kind == "held" and r.verdict.decisive.length == 6

    def test_two_points_beyond_are_not_held(self):
        r = spc.qic(NOISE + [30, 30, 10, 11, 9], chart="i", freeze=20, direction="up")
        assert r.verdict.status == "no_signal"
        assert [s.kind for s in r.verdict.signals] == ["sigma", "sigma"]

    def test_a_missing_point_does_not_break_the_hold(self):
        r = spc.qic(NOISE + [30, None, 30, 30], chart="i", freeze=20, direction="up")
        assert r.verdict.decisive.kind == "held"


class TestWhereRunsCannotJudge:
    def test_rare_events_give_no_verdict_and_suggest_a_t_chart(self):
        y = [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0] + [0] * 20
        r = spc.qic(y, chart="c", direction="down")
        assert r.verdict.status == "no_signal"
        assert "rare_events" in r.verdict.cautions
        assert r.verdict.suggested_chart == "t"

    def test_rare_events_on_a_p_chart_suggest_a_g_chart(self):
        y = [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0] * 3
        r = spc.qic(y, n=[50] * 36, chart="p", direction="down")
        assert (r.verdict.status, r.verdict.suggested_chart) == ("no_signal", "g")

    def test_a_reference_mostly_on_its_centre_line_gives_no_verdict(self):
        y = [2, 2, 2, 3, 2, 2, 1, 2, 2, 2, 3, 2] + [3, 4, 3, 4] * 4
        r = spc.qic(y, chart="run", direction="up")
        assert "ties" in r.verdict.cautions and r.verdict.status == "no_signal"

    def test_frequent_events_are_judged(self):
        r = spc.qic([8, 9, 7, 8, 10, 6, 8, 9, 7, 8, 9, 7] + [14] * 12, chart="c", direction="up")
        assert r.verdict.cautions == () and r.verdict.status == "improvement"

    def test_autocorrelation_stops_runs_alone_from_deciding(self):
        wave = [10, 11, 12, 13, 14, 15, 14, 13, 12, 11, 10, 9]
        y = wave + [w + 1.5 for w in wave] * 2
        r = spc.qic(y, chart="i", direction="up")
        assert "autocorrelation" in r.verdict.cautions
        assert r.verdict.status == "no_signal"

    def test_independent_noise_carries_no_autocorrelation_caution(self):
        assert spc.qic(NOISE + NOISE, chart="i", direction="up").verdict.cautions == ()


class TestNoSignal:
    def test_random_variation_gives_no_signal(self):
        r = spc.qic(NOISE + NOISE, chart="i", direction="up")
        assert r.verdict.status == "no_signal"

    def test_without_a_direction_signals_are_neutral(self):
        r = spc.qic(BEFORE + AFTER, chart="i", part=[18])
        assert r.verdict.status == "no_signal"
        assert all(s.favourable is None for s in r.verdict.signals)

    def test_text_x_has_no_verdict(self):
        x = [f"ward {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"]
        r = spc.qic(BEFORE + AFTER, x=x, chart="i", direction="up")
        assert r.verdict.status == "no_signal"

    def test_an_mr_chart_has_no_verdict(self):
        assert spc.qic(BEFORE + AFTER, chart="mr", direction="up").verdict.status == "no_signal"


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


@pytest.mark.parametrize("status", ["improvement", "deterioration"])
def test_the_verdict_dict_has_the_agreed_shape(status):
    direction = "up" if status == "improvement" else "down"
    v = spc.qic(BEFORE + AFTER, chart="i", part=[18], direction=direction).to_dict()["verdict"]
    assert set(v) >= {"status", "direction", "reasons", "signals"}
    assert v["status"] == status
    assert all(isinstance(r, str) for r in v["reasons"])
    assert set(v["signals"][0]) == {"kind", "part", "start", "end", "side", "length", "favourable"}
    assert set(v["reference"]) >= {"kind", "start", "end", "centre", "lower", "upper", "text"}
    assert v["judged"] == {"start": 19, "end": 30}
    assert v["decisive"]["kind"] in ("shift", "held")
    assert v["cautions"] == [] and v["suggested_chart"] is None
