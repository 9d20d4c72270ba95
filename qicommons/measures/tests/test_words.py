from datetime import date, timedelta

import pytest

from qicommons.measures.models import Measure
from qicommons.measures.words import describe_signal, explain_verdict

WEEKLY = Measure(frequency="weekly")
PERIODS = [date(2025, 3, 3) + timedelta(weeks=i) for i in range(12)]


def signal(**fields):
    return {
        "kind": "shift",
        "part": 1,
        "start": 2,
        "end": 9,
        "side": "below",
        "length": 8,
        "favourable": True,
        **fields,
    }


def test_it_words_a_favourable_shift():
    assert describe_signal(signal(), WEEKLY, PERIODS) == (
        "8 points in a row below the centre line: a shift downwards "
        "(week of 10 Mar 2025 to week of 28 Apr 2025), in the desired direction."
    )


def test_it_words_an_unfavourable_shift_upwards():
    text = describe_signal(signal(side="above", favourable=False), WEEKLY, PERIODS)
    assert text.startswith("8 points in a row above the centre line: a shift upwards")
    assert text.endswith(", in the undesired direction.")


def test_it_words_a_trend():
    text = describe_signal(signal(kind="trend", side="up", length=7), WEEKLY, PERIODS)
    assert text.startswith("7 points in a row going up: a trend upwards")


def test_it_words_one_point_beyond_a_limit_in_the_singular():
    text = describe_signal(
        signal(kind="sigma", side="above", start=3, end=3, length=1, favourable=None),
        WEEKLY,
        PERIODS,
    )
    assert text == "1 point above the upper control limit (week of 17 Mar 2025)."


@pytest.mark.parametrize(("count", "word"), [(1, "crossing"), (4, "crossings")])
def test_it_words_too_few_crossings_with_plurals(count, word):
    text = describe_signal(
        signal(kind="crossings", side=None, length=count, favourable=None), WEEKLY, PERIODS
    )
    assert text.startswith(f"Only {count} {word} of the centre line")


def test_it_words_two_out_of_three():
    text = describe_signal(
        signal(kind="two_of_three", side="below", start=4, end=6), WEEKLY, PERIODS
    )
    assert text.startswith("Two out of three points close to the lower control limit")


def test_it_explains_too_little_data_with_the_baseline_count():
    verdict = {"status": "too_little_data", "signals": [], "reference": {"n_useful": 5}}
    assert explain_verdict({"verdict": verdict}).startswith("The baseline has only 5 useful")


def test_it_explains_too_few_points_after_the_baseline():
    verdict = {"status": "too_little_data", "signals": [], "reference": {"n_useful": 12}}
    assert explain_verdict({"verdict": verdict}) == (
        "Too few points after the baseline to judge a change yet."
    )


def test_it_explains_rare_events_with_the_chart_that_fits():
    verdict = {"status": "no_signal", "signals": [], "cautions": ["rare_events"]}
    assert "days or cases between events" in explain_verdict({"verdict": verdict})


def test_it_words_a_held_change():
    text = describe_signal(
        signal(kind="held", side="above", start=4, end=6, length=3), WEEKLY, PERIODS
    )
    assert text.startswith("3 points in a row above the baseline's upper limit: a held change")


def test_it_explains_a_missing_chart_with_its_error():
    assert explain_verdict(None, "Nope.") == "Nope."


def test_it_names_the_previous_phases_line_in_a_later_phase():
    text = describe_signal(signal(part=2), WEEKLY, PERIODS)
    assert text.startswith(
        "8 points in a row below the previous phase's centre line: a shift downwards"
    )


class TestRunsAcrossMissingPeriods:
    # 48 weeks of points, a year with no data, then 48 more: one run of 96 points.
    GAPPY = [date(2025, 1, 6) + timedelta(weeks=i) for i in range(48)] + [
        date(2025, 1, 6) + timedelta(weeks=96 + i) for i in range(48)
    ]

    def test_a_run_across_a_gap_says_how_many_periods_are_missing(self):
        text = describe_signal(signal(start=1, end=96, length=96), WEEKLY, self.GAPPY)
        assert text.startswith(
            "96 points in a row below the centre line: a shift downwards, "
            "across 48 missing weeks (week of 6 Jan 2025 to "
        )

    def test_a_run_without_a_gap_says_nothing_of_gaps(self):
        text = describe_signal(signal(), WEEKLY, PERIODS)
        assert "missing" not in text

    def test_a_gap_outside_the_run_is_not_counted(self):
        text = describe_signal(signal(start=1, end=40, length=40), WEEKLY, self.GAPPY)
        assert "missing" not in text
        text = describe_signal(signal(start=40, end=50, length=11), WEEKLY, self.GAPPY)
        assert "across 48 missing weeks" in text

    def test_months_and_the_singular(self):
        monthly = Measure(frequency="monthly")
        periods = [date(2025, m, 1) for m in (1, 2, 3, 5, 6, 7, 8, 9)]
        text = describe_signal(
            signal(kind="trend", side="up", start=1, end=8, length=8), monthly, periods
        )
        assert "going up: a trend upwards, across 1 missing month (" in text
