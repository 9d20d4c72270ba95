from datetime import date

import pytest
from django.db import IntegrityError

from qicommons.measures.models import DataPoint, Measure

from .helpers import add_points, make_measure


@pytest.mark.parametrize(
    ("data_type", "chart"),
    [
        ("proportion", "p"),
        ("rate", "u"),
        ("count", "c"),
        ("continuous", "i"),
        ("days_between", "t"),
        ("cases_between", "g"),
        ("subgroups", "xbar"),
    ],
)
def test_it_suggests_the_chart_from_the_kind_of_data(data_type, chart):
    assert Measure(data_type=data_type).suggested_chart() == chart
    assert Measure(data_type=data_type).chart_type == chart


def test_it_lets_the_team_override_the_chart():
    assert Measure(data_type="proportion", chart="pp").chart_type == "pp"


class TestPeriods:
    def test_it_starts_a_week_on_monday(self):
        assert Measure(frequency="weekly").period_for(date(2025, 3, 9)) == date(2025, 3, 3)

    def test_it_starts_a_month_on_the_first(self):
        assert Measure(frequency="monthly").period_for(date(2025, 3, 31)) == date(2025, 3, 1)

    def test_it_keeps_a_day_as_it_is(self):
        assert Measure(frequency="daily").period_for(date(2025, 3, 9)) == date(2025, 3, 9)

    def test_it_moves_from_december_to_january(self):
        m = Measure(frequency="monthly")
        assert m.next_period(date(2024, 12, 1)) == date(2025, 1, 1)

    def test_it_offers_this_period_to_a_new_measure(self):
        m = Measure(frequency="weekly")
        assert m.entry_period(set(), today=date(2025, 3, 26)) == date(2025, 3, 24)

    def test_it_offers_this_period_when_the_data_stopped_long_ago(self):
        # The reported bug: the period after a value a year old filed this week's figures
        # a year back.
        m = Measure(frequency="weekly")
        entered = {date(2025, 12, 22), date(2025, 12, 29)}
        assert m.entry_period(entered, today=date(2026, 12, 4)) == date(2026, 11, 30)

    def test_it_never_offers_a_period_that_has_a_value(self):
        m = Measure(frequency="weekly")
        today = date(2026, 12, 4)
        entered = {date(2026, 11, 16), date(2026, 11, 23)}
        assert m.entry_period(entered, today=today) == date(2026, 11, 30)
        entered.add(date(2026, 11, 30))
        assert m.entry_period(entered, today=today) is None

    def test_it_offers_the_oldest_missing_recent_period(self):
        m = Measure(frequency="monthly")
        entered = {date(2025, 1, 1), date(2025, 3, 1)}
        assert m.entry_period(entered, today=date(2025, 3, 26)) == date(2025, 2, 1)
        m = Measure(frequency="weekly")
        entered = {date(2025, 3, 10)}
        assert m.entry_period(entered, today=date(2025, 3, 26)) == date(2025, 3, 17)

    def test_it_counts_daily_periods_back_across_a_month(self):
        m = Measure(frequency="daily")
        assert m.recent_periods(date(2025, 3, 1)) == [
            date(2025, 2, 27),
            date(2025, 2, 28),
            date(2025, 3, 1),
        ]
        assert m.entry_period({date(2025, 3, 1)}, today=date(2025, 3, 1)) == date(2025, 2, 27)


class TestStaleness:
    def test_it_is_stale_after_more_than_two_finished_periods_without_data(self):
        m = Measure(frequency="monthly")
        today = date(2026, 12, 4)  # December is in progress: November is the last due
        assert m.stale_since(date(2026, 9, 1), today) is None
        assert m.stale_since(date(2026, 8, 1), today) == date(2026, 8, 1)
        assert m.stale_since(date(2025, 12, 1), today) == date(2025, 12, 1)

    def test_it_is_not_stale_without_data_or_when_up_to_date(self):
        m = Measure(frequency="weekly")
        assert m.stale_since(None, date(2026, 12, 4)) is None
        assert m.stale_since(date(2026, 11, 30), date(2026, 12, 4)) is None


class TestProblems:
    def test_it_accepts_good_numbers(self):
        assert Measure(data_type="proportion").problems(3, 10) == {}

    def test_it_rejects_a_numerator_above_its_denominator(self):
        assert "value" in Measure(data_type="proportion").problems(11, 10)

    def test_it_allows_a_rate_above_one(self):
        assert Measure(data_type="rate").problems(11, 10) == {}

    def test_it_rejects_a_negative_count(self):
        assert "value" in Measure(data_type="count").problems(-1)

    def test_it_allows_a_negative_measured_value(self):
        assert Measure(data_type="continuous").problems(-1.5) == {}

    def test_it_wants_whole_counts(self):
        assert "value" in Measure(data_type="count").problems(2.5)

    def test_it_wants_a_positive_denominator(self):
        assert "denominator" in Measure(data_type="proportion").problems(0, 0)
        assert "denominator" in Measure(data_type="rate").problems(1, None)

    def test_it_wants_values_for_subgroups(self):
        assert "values" in Measure(data_type="subgroups").problems(None, None, [])
        assert Measure(data_type="subgroups").problems(36.2, None, [36.0, 36.4]) == {}


def test_it_keeps_one_point_per_period(world):
    measure = make_measure(world)
    add_points(measure, [1], [10])
    with pytest.raises(IntegrityError):
        DataPoint.objects.create(measure=measure, period=date(2024, 1, 1), value=2, denominator=9)


def test_it_plots_the_ratio_times_the_multiplier():
    assert DataPoint(value=3, denominator=12).ratio(100) == 25
    assert DataPoint(value=3, denominator=0).ratio(100) is None
    assert DataPoint(value=3).ratio() == 3
