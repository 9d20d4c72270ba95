"""Each main page, with the CSS and JavaScript it loads, weighs at most 150 KB gzipped.

QI Commons is used on cheap phones over 2G/3G: this is the budget of a first visit with
an empty cache. Each app lists its main pages in `<app>/tests/pages.py` as
``PAGES = [Page(url_name, who, kwargs=..., query=...)]``; they are all measured here.
Static files are read through Django's staticfiles finders, as the page names them; a
page that loads anything from another site fails (no CDN: the app must work offline).
"""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from qicommons.testing import from_every_app

BUDGET = 150 * 1024


class Assets(HTMLParser):
    """The stylesheets, scripts and images a page loads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(html: bytes) -> tuple[int, dict[str, int]]:
    parser = Assets()
    parser.feed(html.decode())
    sizes = {"(html)": gzipped_size(html)}
    for url in dict.fromkeys(parser.urls):
        assert url.startswith(settings.STATIC_URL), f"loads {url} from outside the app"
        path = url.removeprefix(settings.STATIC_URL).split("?")[0]
        found = finders.find(path)
        assert found, f"static file {path} not found"
        with open(found, "rb") as file:
            sizes[path] = gzipped_size(file.read())
    return sum(sizes.values()), sizes


PAGES = from_every_app("pages", "PAGES")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.url_name}:{p.who}")
def test_page_weighs_at_most_150_kb(client, world, page):
    user = world.user(page.who)
    if user is not None:
        client.force_login(user)
    url = reverse(page.url_name, kwargs=page.kwargs(world))
    response = client.get(url + (f"?{page.query}" if page.query else ""))
    assert response.status_code == 200, f"{url}: {response.status_code}"

    total, sizes = page_weight(response.content)

    assert "qicommons/css/site.css" in sizes
    print(f"{url} ({page.who}): {total / 1024:.1f} KB")
    assert total <= BUDGET, f"{url} weighs {total / 1024:.1f} KB gzipped: {sizes}"


def test_the_weight_counts_the_assets_a_page_loads():
    html = (
        b'<link rel="stylesheet" href="/static/qicommons/css/site.css">'
        b'<script src="/static/qicommons/vendor/htmx-2.0.11.min.js" defer></script>'
    )

    total, sizes = page_weight(html)

    assert set(sizes) == {"(html)", "qicommons/css/site.css", "qicommons/vendor/htmx-2.0.11.min.js"}
    assert sizes["qicommons/vendor/htmx-2.0.11.min.js"] > 10_000
    assert total == sum(sizes.values())


def test_it_refuses_assets_from_another_site():
    with pytest.raises(AssertionError, match="from outside"):
        page_weight(b'<script src="https://cdn.example.com/lib.js"></script>')
