"""The projects app's main pages, for the page-weight test."""

from qicommons.testing import Page

from .matrix import cycle, idea, on


def _project(world):
    return on(idea(world).project)


def _cycle(world):
    c = cycle(world)
    return {"slug": world.alpha.slug, "pk": c.project_id, "cycle": c.pk}


PAGES = [
    Page("projects:list", "viewer", kwargs=lambda w: {"slug": w.alpha.slug}),
    Page("projects:detail", "member", kwargs=_project),
    Page("projects:diagram", "member", kwargs=_project),
    Page("projects:cycle", "member", kwargs=_cycle),
]
