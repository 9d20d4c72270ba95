import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qicommons.audits.models import Answer, CaseRecord

from .factories import add_case, make_audit, make_cycle

HEADER = "reference,clinician,C1,C2,C3,C1 reason,C2 reason,C3 reason\n"


def upload(client, cycle, content, name="cases.csv"):
    return client.post(
        reverse("audits:cycle_import", args=["alpha", cycle.audit_id, cycle.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_it_imports_every_row_of_a_good_csv(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    body = HEADER + "R1,coach@alpha.test,met,not met,n/a,,,\nR2,,yes,exception,met,,no stock,\n"
    response = upload(client, cycle, body.encode())
    assert response.status_code == 302
    assert CaseRecord.objects.count() == 2
    assert CaseRecord.objects.filter(clinician=world.users["coach"]).count() == 1
    assert Answer.objects.get(result="exception").reason == "no stock"


def test_it_imports_nothing_and_names_each_bad_row_and_column(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    body = (
        HEADER
        + "R1,,met,met,met,,,\n"  # good
        + "R2,nobody@x.test,met,maybe,met,,,\n"  # row 3: clinician, C2
        + ",,met,met,met,,,\n"  # row 4: reference
        + "r1,,met,exception,met,,,\n"  # row 5: same case as row 2, C2 reason
    )
    response = upload(client, cycle, body.encode())
    assert response.status_code == 200
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert errors == {
        (3, "clinician"),
        (3, "C2"),
        (4, "reference"),
        (5, "reference"),
        (5, "C2 reason"),
    }
    assert not CaseRecord.objects.exists()
    assert not Answer.objects.exists()


def test_it_refuses_a_case_already_in_the_cycle(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    add_case(cycle, "R1", ["met", "met", "met"])
    client.force_login(world.users["member"])
    response = upload(client, cycle, (HEADER + "R2,,met,met,met,,,\nR1,,met,met,met,,,\n").encode())
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "reference")]
    assert CaseRecord.objects.count() == 1


def test_it_names_missing_columns(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    response = upload(client, cycle, b"reference,C1\nR1,met\n")
    assert {(e.row, e.column) for e in response.context["errors"]} == {(1, "C2"), (1, "C3")}


def test_it_reads_xlsx(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    book = Workbook()
    sheet = book.active
    sheet.append(["reference", "clinician", "C1", "C2", "C3"])
    sheet.append(["R1", None, "met", "not met", "na"])
    buf = io.BytesIO()
    book.save(buf)
    client.force_login(world.users["member"])
    response = upload(client, cycle, buf.getvalue(), name="cases.xlsx")
    assert response.status_code == 302
    assert CaseRecord.objects.count() == 1


def test_it_explains_an_unreadable_file(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    response = upload(client, cycle, b"\x00\xff\xfe garbage", name="cases.xlsx")
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_the_export_has_answers_but_no_reference_and_no_clinician(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    add_case(cycle, "IP-77665544", ["met", "exception", "na"], clinician=world.users["coach"])
    client.force_login(world.users["viewer"])
    url = reverse("audits:cycle_export", args=["alpha", cycle.audit_id, cycle.pk])
    text = client.get(url).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["case", "C1", "C2", "C3"]
    assert rows[1][1:4] == ["met", "exception", "na"]
    assert "77665544" not in text
    assert "coach" not in text.lower()
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert [c.value for c in next(book.active.iter_rows())][:2] == ["case", "C1"]
