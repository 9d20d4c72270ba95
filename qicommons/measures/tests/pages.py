"""The measures app's main pages at a realistic size, for the page-weight test: a
dashboard of twelve measures with three years of weekly data, and one such measure."""

import random

from qicommons.testing import Page

from .helpers import add_points, make_measure, make_project

WEEKS = 156


def _full_measure(world, project, name):
    rng = random.Random(name)  # the same data on every run
    m = make_measure(world, project=project, name=name)
    add_points(m, [rng.randint(5, 25) for _ in range(WEEKS)], [60] * WEEKS)
    return m


def _dashboard(world):
    project = make_project(world)
    for i in range(12):
        _full_measure(world, project, f"Measure {i + 1}")
    return {"slug": world.alpha.slug, "project_pk": project.pk}


def _measure(world):
    m = _full_measure(world, make_project(world), "Hypothermia on admission")
    return {"slug": world.alpha.slug, "pk": m.pk}


PAGES = [
    Page("measures:dashboard", "member", kwargs=_dashboard),
    Page("measures:detail", "member", kwargs=_measure),
    Page("measures:entry", "member", kwargs=_measure),
    Page("measures:index", "viewer", kwargs=lambda w: {"slug": w.alpha.slug}),
]
