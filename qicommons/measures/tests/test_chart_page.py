"""The measure page shows what the chart's markers mean and a badge whose symbol agrees
with its words whichever way the measure is meant to move."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from qicommons.measures.models import Measure
from qicommons.projects.models import PDSACycle

from .helpers import add_points, make_measure, make_project, weeks

STEADY = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _page(client, world, measure):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("measures:detail", args=["alpha", measure.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _badge(page):
    return re.search(r'<span class="badge m-verdict m-(\w+)">(.*?)</span>\s*(\w[\w ]*)', page)


@pytest.mark.parametrize(
    ("direction", "later"),
    [(Measure.Direction.DOWN, [2, 3, 2, 1, 3, 2] * 2), (Measure.Direction.UP, [18] * 12)],
)
def test_an_improvement_shows_a_tick_whichever_way_the_data_went(client, world, direction, later):
    measure = make_measure(world, data_type=Measure.DataType.COUNT, multiply=1, direction=direction)
    add_points(measure, STEADY + later)
    page = _page(client, world, measure)
    badge = _badge(page)
    assert badge and badge[1] == "improvement"
    assert "✓" in badge[2] and badge[3] == "Improvement"
    assert "▲" not in page and "▼" not in page


def test_a_deterioration_shows_a_warning_sign(client, world):
    measure = make_measure(world, data_type=Measure.DataType.COUNT, multiply=1)
    add_points(measure, STEADY + [18] * 12)  # down is better, and it went up
    badge = _badge(_page(client, world, measure))
    assert badge[1] == "deterioration" and "⚠" in badge[2] and badge[3] == "Deterioration"


def test_the_charts_numbered_markers_are_listed_under_it(client, world):
    project = make_project(world)
    measure = make_measure(world, project=project, data_type=Measure.DataType.COUNT, multiply=1)
    add_points(measure, STEADY + [18] * 8)
    periods = weeks(20)
    PDSACycle.objects.create(project=project, title="Warm mattress", start_date=periods[4])
    PDSACycle.objects.create(project=project, title="Hat on at birth", start_date=periods[12])
    page = _page(client, world, measure)
    svg = page[page.index("<svg") : page.index("</svg>")]
    for number in ("1", "2"):
        assert re.search(rf'<g id="annotation-{number}">.*?>{number}</text>', svg, re.S)
    notes = re.search(r'<ol class="m-chart-notes"[^>]*>(.*?)</ol>', page, re.S)[1]
    items = re.findall(r'<li value="(\d+)">(.*?)</li>', notes)
    assert [n for n, _ in items] == ["1", "2"]
    assert "Warm mattress" in items[0][1] and "Hat on at birth" in items[1][1]
    assert "Warm mattress" not in svg.split("<desc")[0] + svg.split("</desc>")[1]


def test_the_page_says_what_the_verdict_judged_against(client, world):
    project = make_project(world)
    measure = make_measure(world, project=project, data_type=Measure.DataType.COUNT, multiply=1)
    add_points(measure, STEADY + [10, 12, 9] + [3, 2, 3, 2, 3, 2, 3, 2, 3, 2])
    periods = weeks(25)
    assert "no baseline, phase or PDSA cycle" in _page(client, world, measure)
    PDSACycle.objects.create(project=project, title="Warm mattress", start_date=periods[15])
    page = _page(client, world, measure)
    # The 15 points before the cycle are the baseline: their mean is 10.2, not the
    # first 12's 10.17.
    first, last = (measure.period_label(periods[i]) for i in (0, 14))
    assert (
        f"Judged against the data before the first PDSA cycle ({first} to {last}, centre 10.2)"
    ) in page
