"""The projects app's main pages, for the page-weight test.

The cycle page is weighed with its Study chart: the cycle studies a measure with three
years of weekly data, the size of a real project's."""

import random

from qicommons.measures.tests.helpers import add_points, make_measure
from qicommons.testing import Page

from .matrix import cycle, idea, on

WEEKS = 156


def _project(world):
    return on(idea(world).project)


def _cycle(world):
    c = cycle(world)
    rng = random.Random(c.title)  # the same data on every run
    c.measure = make_measure(world, project=c.project, name="Babies cold on admission")
    add_points(c.measure, [rng.randint(5, 25) for _ in range(WEEKS)], [60] * WEEKS)
    c.save(update_fields=["measure"])
    return {"slug": world.alpha.slug, "pk": c.project_id, "cycle": c.pk}


PAGES = [
    Page("projects:list", "viewer", kwargs=lambda w: {"slug": w.alpha.slug}),
    Page("projects:detail", "member", kwargs=_project),
    Page("projects:diagram", "member", kwargs=_project),
    Page("projects:cycle", "member", kwargs=_cycle),
]
