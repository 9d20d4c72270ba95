"""Stale data and the verdict's date, on the measure page and the project's tiles."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from qicommons.measures.charts import chart_data
from qicommons.measures.models import ChartMark
from qicommons.measures.verdicts import freshness_of

from .helpers import add_points, make_mark, make_measure


def _pages(client, world, measure):
    client.force_login(world.users["viewer"])
    slug = world.alpha.slug
    detail = client.get(reverse("measures:detail", args=[slug, measure.pk])).content.decode()
    tiles = client.get(
        reverse("measures:dashboard", args=[slug, measure.project_id])
    ).content.decode()
    return detail, tiles


def test_a_measure_without_recent_data_says_since_when(client, world):
    measure = make_measure(world)
    add_points(measure, [3, 4, 5], [30, 30, 30], start=date(2025, 12, 15))
    for page in _pages(client, world, measure):
        assert "No data since week of 29 Dec 2025" in page
        assert "verdict as of week of 29 Dec 2025" in page


def test_up_to_date_data_give_no_warning_but_still_the_verdicts_date(client, world):
    measure = make_measure(world)
    this_week = measure.period_for(timezone.localdate())
    last = this_week - timedelta(weeks=1)
    add_points(measure, [3, 4, 5], [30, 30, 30], start=last - timedelta(weeks=2))
    for page in _pages(client, world, measure):
        assert "No data since" not in page
        assert "verdict as of week of" in page


def test_two_missing_finished_periods_are_not_yet_stale(world):
    measure = make_measure(world, frequency="monthly")
    today = date(2026, 12, 4)
    add_points(measure, [3, 4], [30, 30], start=date(2026, 8, 1))  # Aug, Sep; Oct, Nov missing
    fresh = freshness_of(chart_data(measure), today)
    assert fresh.stale_since is None and fresh.judged_to == date(2026, 9, 1)
    fresh = freshness_of(chart_data(measure), date(2027, 1, 4))  # Oct, Nov, Dec missing
    assert fresh.stale_since == date(2026, 9, 1)


def test_an_excluded_last_point_is_not_the_verdicts_date(world):
    measure = make_measure(world)
    points = add_points(measure, [3, 4, 5], [30, 30, 30])
    make_mark(measure, ChartMark.Kind.EXCLUDE, points[-1].period, "Power cut")
    fresh = freshness_of(chart_data(measure), date(2024, 1, 20))
    assert fresh.judged_to == points[1].period


def test_a_measure_without_data_has_no_dates(client, world):
    measure = make_measure(world)
    assert freshness_of(chart_data(measure), date(2026, 1, 1)).judged_to is None
    for page in _pages(client, world, measure):
        assert "verdict as of" not in page and "No data since" not in page
