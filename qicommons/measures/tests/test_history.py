"""The history of a measure's changes: an import is one entry; the page is paginated."""

import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qicommons.measures.history import history_entries
from qicommons.measures.models import DataPoint
from qicommons.measures.views import HISTORY_PER_PAGE

from .helpers import add_points, make_measure


def _url(measure, name="measures:history"):
    return reverse(name, kwargs={"slug": measure.project.partnership.slug, "pk": measure.pk})


def _import(client, measure, rows: int, name="pph.csv"):
    lines = ["period,numerator,denominator"]
    lines += [f"{date.fromordinal(date(2024, 1, 1).toordinal() + 7 * i)},3,30" for i in range(rows)]
    upload = SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")
    assert client.post(_url(measure, "measures:import"), {"file": upload}).status_code == 200
    assert client.post(_url(measure, "measures:import_confirm")).status_code == 302


def _entries(page: str) -> int:
    return len(re.findall(r"<li>", page.split('class="m-history"')[1].split("</ul>")[0]))


def test_an_import_is_one_entry_with_its_file_and_person(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    _import(client, measure, 20)
    page = client.get(_url(measure)).content.decode()
    assert "Imported 20 values from pph.csv by Alpha Member" in page
    assert "2024-01-01 – 2024-05-13" in page
    assert _entries(page) == 1


def test_an_edit_after_an_import_is_its_own_entry(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    _import(client, measure, 3)
    point = measure.points.get(period=date(2024, 1, 8))
    client.post(
        reverse(
            "measures:point_edit",
            kwargs={"slug": world.alpha.slug, "pk": measure.pk, "point_pk": point.pk},
        ),
        {"period": "2024-01-08", "value": "2", "denominator": "30"},
    )
    _import(client, measure, 2, name="again.csv")
    page = client.get(_url(measure)).content.decode()
    assert _entries(page) == 3
    assert page.index("again.csv") < page.index("changed 2024-01-08") < page.index("pph.csv")
    # The second import changed one value and left one unchanged: one row, one entry.
    assert "Imported 1 value from again.csv" in page
    assert "Imported 3 values from pph.csv" in page


def test_two_imports_of_the_same_file_stay_two_entries():
    class R:
        def __init__(self, reason, user, period):
            self.history_change_reason, self.history_user = reason, user
            self.history_date, self.period = None, period

    rows = [R("import:a.csv", "g", 2), R("import:a.csv", "g", 1), R(None, "g", 1)]
    rows += [R("import:a.csv", "h", 2), R("import:a.csv", "h", 1)]
    entries = history_entries(rows)
    assert [len(e.records) for e in entries] == [2, 1, 2]
    assert [e.is_import for e in entries] == [True, False, True]


def test_the_history_is_paginated(client, world):
    measure = make_measure(world)
    add_points(measure, list(range(HISTORY_PER_PAGE + 5)), [100] * (HISTORY_PER_PAGE + 5))
    # bulk_create writes no history: write each point's "added" row as an edit would.
    for point in measure.points.all():
        point.note = "checked"
        point.save(update_fields=["note"])
    client.force_login(world.users["viewer"])
    first = client.get(_url(measure)).content.decode()
    assert _entries(first) == HISTORY_PER_PAGE
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(_url(measure) + "?page=2").content.decode()
    assert _entries(second) == 5 and 'rel="prev"' in second
    # A page number past the end shows the last page, not an error.
    assert _entries(client.get(_url(measure) + "?page=99").content.decode()) == 5


def test_a_period_that_is_not_a_date_says_so_and_shows_everything(client, world):
    measure = make_measure(world)
    (point,) = add_points(measure, [3], [30])
    point.note = "x"
    point.save(update_fields=["note"])
    client.force_login(world.users["viewer"])
    response = client.get(_url(measure) + "?period=last-week", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a date (YYYY-MM-DD)" in page
    assert _entries(page) == 1
    assert DataPoint.objects.count() == 1
