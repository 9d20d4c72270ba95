"""Every URL of the app, driven by every kind of person, gets the expected status.

Each app lists its URLs in `<app>/tests/matrix.py` (a list named CASES). A URL that no
app lists fails `test_every_url_is_in_the_matrix`, so a new view cannot ship unchecked.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qicommons.testing import PEOPLE, from_every_app

# Django's own machinery, not views of ours: the admin guards itself (superusers only).
IGNORED_NAMESPACES = {"admin"}
IGNORED_NAMES: set[str] = set()


def url_names(resolver=None, prefix="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in IGNORED_NAMESPACES:
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names - IGNORED_NAMES


CASES = from_every_app("matrix", "CASES")


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = sorted(url_names() - covered)
    assert not missing, f"URLs with no permission-matrix entry: {missing}"


def test_every_case_names_every_person():
    for case in CASES:
        assert set(case.expected) == set(PEOPLE), case.url_name


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}:{c.url_name}{c.note}")
def test_status(client, world, case, who):
    user = world.user(who)
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    if case.query:
        url += "?" + case.query
    if case.method == "post":
        response = client.post(url, case.data(world) if case.data else {})
    else:
        response = client.get(url)
    assert response.status_code == case.expected[who], (
        f"{who} {case.method.upper()} {url}: {response.status_code}, expected {case.expected[who]}"
    )
