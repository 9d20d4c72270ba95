"""A child's id under another parent is unseen, even inside one's own partnership.

The permission matrix proves who may open each URL. This proves that a URL naming two
objects (a measure and one of its points, a project and its attachment, an audit, its
cycle and a case) only finds the second under the first: every such URL of the matrix is
opened by a lead, who may see and change everything in the partnership, with one of its
ids taken from a second, identical set of objects. Each answer must be a 404, and no row
of any table may change.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from qicommons.testing import from_every_app


def int_arguments(resolver=None, prefix="", above=()) -> dict[str, tuple[str, ...]]:
    """Each URL name with the names of its integer arguments, its includes' counted."""
    resolver = resolver or get_resolver()
    found = {}
    for entry in resolver.url_patterns:
        ints = above + tuple(
            name
            for name, converter in getattr(entry.pattern, "converters", {}).items()
            if isinstance(converter, IntConverter)
        )
        if isinstance(entry, URLResolver) and entry.namespace != "admin":
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.update(int_arguments(entry, inner, ints))
        elif isinstance(entry, URLPattern) and entry.name:
            found[prefix + entry.name] = ints
    return found


INTS = int_arguments()
NESTED = [c for c in from_every_app("matrix", "CASES") if len(INTS.get(c.url_name, ())) >= 2]


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("qicommons.")
    }


def test_the_nested_urls_are_found():
    names = {c.url_name for c in NESTED}
    assert {
        "measures:point_edit",
        "measures:mark_delete",
        "projects:team_remove",
        "projects:attachment",
        "projects:cycle",
        "projects:node_delete",
        "audits:case_delete",
        "audits:criterion_edit",
    } <= names


@pytest.mark.parametrize("case", NESTED, ids=lambda c: f"{c.method}:{c.url_name}{c.note}")
def test_an_id_from_another_parent_is_a_404(client, world, case):
    client.force_login(world.users["lead"])
    mine, other = case.kwargs(world), case.kwargs(world)
    for name in INTS[case.url_name]:
        assert mine[name] != other[name], f"{case.url_name}: the two sets share {name}"
        mixed = {**mine, name: other[name]}
        before = row_counts()
        url = reverse(case.url_name, kwargs=mixed)
        if case.method == "post":
            response = client.post(url, case.data(world) if case.data else {})
        else:
            response = client.get(url)
        assert response.status_code == 404, f"{url} ({name} of another): {response.status_code}"
        assert row_counts() == before, f"{url} changed data"
