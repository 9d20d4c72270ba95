"""Import from CSV and XLSX: a preview, errors by row and column, all or nothing."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qicommons.lib import tables
from qicommons.measures import imports
from qicommons.measures.models import DataPoint

from .helpers import add_points, make_measure


def _url(measure, name="measures:import"):
    return reverse(name, kwargs={"slug": measure.project.partnership.slug, "pk": measure.pk})


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.worksheets[0].append(row)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("data.xlsx", buf.getvalue())


def _problems(measure, text):
    return [
        str(p)
        for p in imports.parse_table(measure, tables.read_table("f.csv", text.encode())).problems
    ]


class TestParsing:
    def test_it_reads_good_rows(self, world):
        measure = make_measure(world)
        parsed = imports.parse_table(
            measure,
            tables.read_table(
                "f.csv", b"Period,Numerator,Denominator,Note\n2024-01-03,3,20,busy\n"
            ),
        )
        assert parsed.problems == []
        assert parsed.rows == [imports.Row(2, date(2024, 1, 1), 3.0, 20.0, (), "busy")]

    def test_it_reads_semicolons_and_day_month_year(self, world):
        measure = make_measure(world)
        rows = imports.parse_table(
            measure, tables.read_table("f.csv", b"period;value;denominator\n15/01/2024;3;20\n")
        ).rows
        assert rows[0].period == date(2024, 1, 15)

    def test_it_names_a_bad_date_by_row_and_column(self, world):
        measure = make_measure(world)
        problems = _problems(
            measure, "period,numerator,denominator\n2024-01-01,3,20\n31/02/2024,3,20\n"
        )
        assert problems == [
            "Row 3, column “period”: “31/02/2024” is not a date (write it as 2025-03-31)."
        ]

    def test_it_counts_rows_as_the_spreadsheet_does_past_blank_rows(self, world):
        measure = make_measure(world)
        problems = _problems(
            measure, "\nperiod,numerator,denominator\n2024-01-01,3,20\n,,\n2024-01-15,x,20\n"
        )
        assert problems == [
            "Row 5, column “numerator”: “x” is not a number (use a dot for decimals)."
        ]

    def test_it_names_a_non_number(self, world):
        measure = make_measure(world)
        problems = _problems(measure, "period,numerator,denominator\n2024-01-01,three,20\n")
        assert problems == [
            "Row 2, column “numerator”: “three” is not a number (use a dot for decimals)."
        ]

    def test_it_names_a_numerator_above_the_denominator(self, world):
        measure = make_measure(world)
        problems = _problems(measure, "period,numerator,denominator\n2024-01-01,30,20\n")
        assert problems == [
            "Row 2, column “numerator”: The numerator (30) cannot be larger than the "
            "denominator (20)."
        ]

    def test_it_names_a_negative_count(self, world):
        measure = make_measure(world, data_type="count", multiply=1)
        problems = _problems(measure, "period,value\n2024-01-01,4\n2024-01-08,-2\n")
        assert problems == ["Row 3, column “value”: This cannot be negative."]

    def test_it_names_a_duplicate_period(self, world):
        measure = make_measure(world)
        problems = _problems(
            measure, "period,numerator,denominator\n2024-01-01,3,20\n2024-01-04,4,20\n"
        )
        assert problems == ["Row 3, column “period”: week of 1 Jan 2024 is already in row 2."]

    def test_it_names_a_missing_column(self, world):
        measure = make_measure(world)
        problems = _problems(measure, "period,numerator\n2024-01-01,3\n")
        assert problems == ["The column “denominator” is missing from the header row."]

    def test_it_lists_every_problem_and_keeps_no_rows(self, world):
        measure = make_measure(world)
        parsed = imports.parse_table(
            measure,
            tables.read_table(
                "f.csv", b"period,numerator,denominator\nx,3,20\n2024-01-08,y,20\n2024-01-15,1,2\n"
            ),
        )
        assert [(p.row, p.column) for p in parsed.problems] == [(2, "period"), (3, "numerator")]
        assert parsed.rows == []

    def test_it_reads_xlsx_dates_and_numbers(self, world):
        measure = make_measure(world)
        upload = _xlsx([["period", "numerator", "denominator"], [datetime(2024, 1, 2), 3, 20]])
        rows = imports.parse_table(measure, tables.read_table("d.xlsx", upload.read())).rows
        assert rows == [imports.Row(2, date(2024, 1, 1), 3.0, 20.0)]

    def test_it_says_when_a_file_is_not_a_spreadsheet(self):
        with pytest.raises(tables.UnreadableFile):
            tables.read_table("d.xlsx", b"not a zip")


class TestUploadAndConfirm:
    def test_it_previews_then_saves_everything_in_one_go(self, client, world):
        measure = make_measure(world)
        add_points(measure, [7], [30])
        client.force_login(world.users["member"])
        response = client.post(
            _url(measure),
            {"file": _csv("period,numerator,denominator\n2024-01-01,6,30\n2024-01-08,5,29\n")},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "replaces the saved value" in page and "new" in page
        assert DataPoint.objects.filter(measure=measure).count() == 1  # nothing saved yet
        response = client.post(_url(measure, "measures:import_confirm"))
        assert response.status_code == 302
        assert list(measure.points.order_by("period").values_list("value", flat=True)) == [6, 5]
        # The replaced value stays in the audit trail.
        assert DataPoint.history.filter(measure_id=measure.pk, history_type="~").exists()

    def test_it_saves_nothing_when_any_row_is_wrong(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["member"])
        response = client.post(
            _url(measure),
            {"file": _csv("period,numerator,denominator\n2024-01-01,6,30\n2024-01-08,50,29\n")},
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "Row 3, column “numerator”" in page and "Nothing was saved" in page
        assert client.post(_url(measure, "measures:import_confirm")).status_code == 302
        assert not DataPoint.objects.filter(measure=measure).exists()

    def test_it_rolls_back_if_saving_fails_half_way(self, world, monkeypatch):
        from qicommons.measures import actions

        measure = make_measure(world)
        rows = [imports.Row(2, date(2024, 1, 1), 3, 20), imports.Row(3, date(2024, 1, 8), 4, 20)]
        calls = []
        real_create = DataPoint.objects.create

        def failing_create(**kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real_create(**kwargs)

        monkeypatch.setattr(DataPoint.objects, "create", failing_create)
        with pytest.raises(RuntimeError):
            actions.import_points(measure=measure, rows=rows, user=None)
        assert not DataPoint.objects.filter(measure=measure).exists()

    def test_it_previews_an_xlsx_upload(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["member"])
        upload = _xlsx([["Period", "Numerator", "Denominator"], [datetime(2024, 1, 3), 3, 20]])
        response = client.post(_url(measure), {"file": upload})
        assert [(row.period, action) for row, action in response.context["preview"]] == [
            (date(2024, 1, 1), "create")
        ]

    def test_it_refuses_other_files(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["member"])
        upload = SimpleUploadedFile("data.pdf", b"%PDF")
        response = client.post(_url(measure), {"file": upload})
        assert response.context["form"].errors["file"] == ["Choose a .csv or .xlsx file."]


class TestExport:
    def test_it_exports_csv_that_imports_back(self, client, world):
        measure = make_measure(world)
        add_points(measure, [7, 5], [30, 28])
        client.force_login(world.users["viewer"])
        url = reverse("measures:export", kwargs={"slug": "alpha", "pk": measure.pk, "fmt": "csv"})
        body = client.get(url).content
        assert (
            body.decode()
            == "period,numerator,denominator,note\n2024-01-01,7,30,\n2024-01-08,5,28,\n"
        )
        rows = imports.parse_table(measure, tables.read_table("x.csv", body)).rows
        assert [(r.period, r.value, r.denominator) for r in rows] == [
            (date(2024, 1, 1), 7, 30),
            (date(2024, 1, 8), 5, 28),
        ]

    def test_it_exports_xlsx(self, client, world):
        measure = make_measure(world)
        add_points(measure, [7], [30])
        client.force_login(world.users["viewer"])
        url = reverse("measures:export", kwargs={"slug": "alpha", "pk": measure.pk, "fmt": "xlsx"})
        sheet = load_workbook(io.BytesIO(client.get(url).content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("period", "numerator", "denominator", "note")
        assert rows[1][1:3] == (7, 30)
