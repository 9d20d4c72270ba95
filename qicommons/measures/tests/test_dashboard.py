"""The project dashboard and the measure page: constant queries, small pages."""

import gzip

import numpy as np
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qicommons.measures.models import ChartMark
from qicommons.projects.models import PDSACycle

from .helpers import add_points, make_mark, make_measure, make_project, weeks

MAX_PAGE_GZIP = 150 * 1024


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _fill(project, count, points=24, seed=1):
    rng = np.random.default_rng(seed)
    for i in range(count):
        measure = make_measure(
            None,
            project=project,
            name=f"Measure {i}",
            kind=("outcome", "process", "balancing")[i % 3],
        )
        sizes = rng.integers(20, 40, points)
        add_points(measure, rng.binomial(sizes, 0.3).tolist(), sizes.tolist())
        make_mark(measure, ChartMark.Kind.PHASE, weeks(points)[points // 2], "Bundle")
    PDSACycle.objects.create(project=project, title="PDSA 1", start_date=weeks(points)[3])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_measures(client, world):
    small, large = make_project(world, "Small"), make_project(world, "Large")
    _fill(small, 1)
    _fill(large, 6)
    client.force_login(world.users["viewer"])
    counts = [
        _queries(client, reverse("measures:dashboard", args=["alpha", p.pk]))
        for p in (small, large)
    ]
    assert counts[0] == counts[1] <= 12, counts


def test_measure_page_queries_do_not_grow_with_points(client, world):
    project = make_project(world)
    _fill(project, 2, points=12)
    short, long = project.measures.order_by("pk")
    add_points(long, [3] * 100, [20] * 100, start=weeks(13)[-1])
    client.force_login(world.users["viewer"])
    counts = [
        _queries(client, reverse("measures:detail", args=["alpha", m.pk])) for m in (short, long)
    ]
    assert counts[0] == counts[1] <= 12, counts


def test_the_index_lists_projects_with_verdicts_in_constant_queries(client, world):
    for i in range(3):
        _fill(make_project(world, f"P{i}"), 2, seed=i)
    client.force_login(world.users["viewer"])
    url = reverse("measures:index", args=["alpha"])
    first = _queries(client, url)
    _fill(make_project(world, "One more"), 3)
    assert _queries(client, url) == first


def test_the_dashboard_shows_verdicts_and_the_balancing_alert(client, world):
    project = make_project(world)
    falling = [10, 12, 11, 9, 10, 12, 11, 10, 9, 11, 12, 10, 3, 2, 4, 3, 2, 3, 4, 2, 3, 2, 3, 4]
    outcome = make_measure(None, project=project, name="Cold babies")
    add_points(outcome, falling, [100] * 24)
    balancing = make_measure(
        None, project=project, name="Hot babies", kind="balancing", direction="up"
    )
    add_points(balancing, falling, [100] * 24)
    client.force_login(world.users["viewer"])
    page = client.get(reverse("measures:dashboard", args=["alpha", project.pk])).content.decode()
    assert page.count("m-verdict m-improvement") == 2  # the project and its outcome measure
    assert "m-verdict m-deterioration" in page
    assert "A balancing measure is getting worse" in page
    assert page.count("<svg") == 2


def test_a_dashboard_of_twelve_three_year_charts_stays_small(client, world):
    project = make_project(world)
    _fill(project, 12, points=156)
    client.force_login(world.users["viewer"])
    response = client.get(reverse("measures:dashboard", args=["alpha", project.pk]))
    assert response.content.decode().count("<svg") == 12
    assert len(gzip.compress(response.content)) < MAX_PAGE_GZIP
