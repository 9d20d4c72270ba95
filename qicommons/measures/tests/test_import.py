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
        assert problems == [
            "No column holds the denominator: name it in the header row or choose it below."
        ]

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


class TestGuessColumns:
    """The columns found from a file's headers, before the person importing is asked."""

    def test_it_reads_the_headers_a_ward_writes(self, world):
        measure = make_measure(world)
        header = ["Week starting", "PPH cases", "Deliveries"]
        assert imports.guess_columns(header, measure) == {
            "period": 0,
            "value": 1,
            "denominator": 2,
        }

    @pytest.mark.parametrize(
        "header",
        [
            ["Semaine du", "Cas d'HPP", "Accouchements", "Remarque"],
            ["Início da semana", "Casos", "Partos", "Observação"],
            ["Fecha", "Eventos", "Nacimientos", "Comentario"],
            ["Month", "Events", "Births", "Comments"],
        ],
    )
    def test_it_reads_headers_in_each_language(self, world, header):
        measure = make_measure(world)
        assert imports.guess_columns(header, measure) == {
            "period": 0,
            "value": 1,
            "denominator": 2,
            "note": 3,
        }

    @pytest.mark.parametrize(
        "header",
        [
            ["Semaine", "Nombre de cas d'HPP", "Nombre d'accouchements"],
            ["Mês", "Número de casos", "Total de partos"],
            ["Semana", "Casos de HPP", "Partos atendidos"],
            ["Week commencing", "PPH events (n)", "Total births"],
        ],
    )
    def test_it_reads_longer_headers_by_their_words(self, world, header):
        measure = make_measure(world)
        assert imports.guess_columns(header, measure) == {
            "period": 0,
            "value": 1,
            "denominator": 2,
        }

    def test_it_finds_columns_in_any_order(self, world):
        measure = make_measure(world)
        header = ["Deliveries", "Notes", "Cases", "Date"]
        assert imports.guess_columns(header, measure) == {
            "period": 3,
            "value": 2,
            "denominator": 0,
            "note": 1,
        }

    def test_it_prefers_an_exact_name_to_a_word_in_a_longer_header(self, world):
        measure = make_measure(world)
        header = ["Total PPH cases", "week", "cases", "total"]
        assert imports.guess_columns(header, measure) == {
            "period": 1,
            "value": 2,
            "denominator": 3,
        }

    def test_it_lets_the_denominator_word_decide_and_uses_a_column_once(self, world):
        measure = make_measure(world)
        header = ["Number of deliveries", "Number of PPH cases", "Period"]
        assert imports.guess_columns(header, measure) == {
            "period": 2,
            "value": 1,
            "denominator": 0,
        }

    def test_it_does_not_take_a_general_word_inside_a_header(self, world):
        measure = make_measure(world)
        # "total" and "n" name a denominator only on their own.
        header = ["week", "n cases", "total admitted"]
        assert imports.guess_columns(header, measure) == {"period": 0, "value": 1}

    def test_it_leaves_out_what_it_cannot_find(self, world):
        measure = make_measure(world)
        assert imports.guess_columns(["When", "How many", None], measure) == {}

    def test_it_asks_a_count_for_no_denominator(self, world):
        measure = make_measure(world, data_type="count", multiply=1)
        header = ["Week", "Falls", "Admissions"]
        assert imports.guess_columns(header, measure) == {"period": 0}

    def test_it_finds_several_values_for_a_subgroup_measure(self, world):
        measure = make_measure(world, data_type="subgroups", multiply=1)
        header = ["Semana", "Valores", "Value"]
        assert imports.guess_columns(header, measure) == {"period": 0, "values": 1}

    def test_it_compares_headers_without_case_accents_or_punctuation(self):
        assert imports.normalise_header("  DÉBUT_de-semaine ") == "debut de semaine"
        assert imports.normalise_header(None) == ""
        assert imports.normalise_header(2024) == "2024"


class TestParsingWithColumns:
    def test_it_reads_a_file_with_synonym_headers(self, world):
        measure = make_measure(world)
        table = tables.read_table(
            "f.csv", b"Week starting,PPH cases,Deliveries\n2024-01-01,3,40\n2024-01-08,2,38\n"
        )
        parsed = imports.parse_table(measure, table)
        assert parsed.problems == []
        assert [(r.period, r.value, r.denominator) for r in parsed.rows] == [
            (date(2024, 1, 1), 3, 40),
            (date(2024, 1, 8), 2, 38),
        ]

    def test_chosen_columns_win_over_the_headers(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"period,denominator,numerator\n2024-01-01,3,40\n")
        rows = imports.parse_table(measure, table, {"period": 0, "value": 1, "denominator": 2}).rows
        assert [(r.value, r.denominator) for r in rows] == [(3, 40)]

    def test_it_names_problems_by_the_chosen_columns_header(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"When,Out of,Bleeds\n2024-01-01,3,40\n")
        problems = imports.parse_table(
            measure, table, {"period": 0, "value": 2, "denominator": 1}
        ).problems
        assert [str(p) for p in problems] == [
            "Row 2, column “Bleeds”: The numerator (40) cannot be larger than the denominator (3)."
        ]

    def test_it_says_value_or_numerator_when_that_column_is_missing(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"week,deliveries\n2024-01-01,40\n")
        assert [str(p) for p in imports.parse_table(measure, table).problems] == [
            "No column holds the value or numerator: name it in the header row or choose it below."
        ]

    def test_it_refuses_a_column_outside_the_header(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"week,cases,deliveries\n2024-01-01,3,40\n")
        parsed = imports.parse_table(measure, table, {"period": 0, "value": 1, "denominator": 9})
        assert [p.column for p in parsed.problems] == ["denominator"]
        assert parsed.rows == []

    def test_it_refuses_one_column_for_two_purposes(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"week,cases,deliveries\n2024-01-01,3,40\n")
        parsed = imports.parse_table(measure, table, {"period": 0, "value": 1, "denominator": 1})
        assert [str(p) for p in parsed.problems] == [
            "Each column can be chosen for one purpose only."
        ]
        assert parsed.rows == []

    def test_it_names_a_blank_header_by_its_number(self, world):
        measure = make_measure(world)
        table = tables.read_table("f.csv", b"week,,deliveries\n2024-01-01,x,40\n")
        problems = imports.parse_table(
            measure, table, {"period": 0, "value": 1, "denominator": 2}
        ).problems
        assert [str(p) for p in problems] == [
            "Row 2, column “column 2”: “x” is not a number (use a dot for decimals)."
        ]

    def test_the_session_copy_reads_as_the_file_does(self, world):
        measure = make_measure(world)
        upload = _xlsx(
            [["Week starting", "Cases", "Deliveries"], [], [datetime(2024, 1, 3), 3, 20]]
        )
        table = tables.read_table("d.xlsx", upload.read())
        kept = imports.session_table(table)
        assert kept[1] == []  # a blank row keeps its place, so rows keep their numbers
        assert imports.parse_table(measure, kept).rows == [
            imports.Row(3, date(2024, 1, 1), 3.0, 20.0)
        ]


WARD_FILE = "Week starting,PPH cases,Deliveries\n2024-01-01,3,40\n2024-01-08,2,38\n"
ODD_FILE = "When,Bleeds,Out of\n2024-01-01,3,40\n2024-01-08,2,38\n"


class TestColumnStep:
    """The columns shown and chosen between the upload and the preview."""

    def _upload(self, client, world, measure, text):
        client.force_login(world.users["member"])
        return client.post(_url(measure), {"file": _csv(text)})

    def _choose(self, client, measure, **columns):
        return client.post(_url(measure, "measures:import_columns"), columns)

    def test_it_previews_synonym_headers_and_shows_the_columns_found(self, client, world):
        measure = make_measure(world)
        response = self._upload(client, world, measure, WARD_FILE)
        assert response.status_code == 200
        assert len(response.context["preview"]) == 2
        page = response.content.decode()
        assert "Columns found in the file:" in page
        assert "“Week starting”, “PPH cases”, “Deliveries”" in page
        form = response.context["columns_form"]
        assert (form["period"].value(), form["value"].value(), form["denominator"].value()) == (
            "0",
            "1",
            "2",
        )
        assert client.post(_url(measure, "measures:import_confirm")).status_code == 302
        assert list(measure.points.order_by("period").values_list("value", "denominator")) == [
            (3, 40),
            (2, 38),
        ]

    def test_it_asks_for_the_columns_it_cannot_find_then_imports_them(self, client, world):
        measure = make_measure(world)
        response = self._upload(client, world, measure, ODD_FILE)
        assert response.status_code == 400
        page = response.content.decode()
        assert "No column holds the period" in page
        assert "No column holds the value or numerator" in page
        assert "<select" in page and "2. Bleeds" in page
        response = self._choose(client, measure, period="0", value="1", denominator="2")
        assert response.status_code == 200
        assert [row.value for row, _ in response.context["preview"]] == [3, 2]
        assert not measure.points.exists()  # nothing saved before the confirmation
        client.post(_url(measure, "measures:import_confirm"))
        assert measure.points.count() == 2

    def test_it_reads_again_with_other_columns_after_a_preview(self, client, world):
        measure = make_measure(world)
        self._upload(client, world, measure, "period,numerator,denominator\n2024-01-01,3,40\n")
        response = self._choose(client, measure, period="0", value="1", denominator="2", note="")
        assert response.status_code == 200
        page = response.content.decode()
        assert "period “period” · value or numerator “numerator” · denominator “denominator”" in (
            page
        )

    @pytest.mark.parametrize("hostile", ["7", "-1", "x", "1; DROP TABLE"])
    def test_it_refuses_a_column_the_file_does_not_have(self, client, world, hostile):
        measure = make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        response = self._choose(client, measure, period="0", value=hostile, denominator="2")
        assert response.status_code == 400
        assert response.context["columns_form"].errors["value"] == [
            f"“{hostile}” is not one of the file's columns: choose one from the list."
        ]
        assert "preview" not in response.context
        # The preview shown before the bad choice can no longer be saved.
        response = client.post(_url(measure, "measures:import_confirm"), follow=True)
        assert "Nothing to import" in response.content.decode()
        assert not measure.points.exists()

    def test_it_refuses_one_column_chosen_twice(self, client, world):
        measure = make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        response = self._choose(client, measure, period="0", value="2", denominator="2")
        assert response.status_code == 400
        assert response.context["columns_form"].errors["denominator"] == [
            "“Deliveries” is already chosen for the value or numerator: choose another column."
        ]
        client.post(_url(measure, "measures:import_confirm"))
        assert not measure.points.exists()

    def test_it_refuses_a_missing_choice(self, client, world):
        measure = make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        response = self._choose(client, measure, period="0", value="1", denominator="")
        assert response.status_code == 400
        assert response.context["columns_form"].errors["denominator"] == [
            "Choose the column that holds this."
        ]
        assert "Please correct the following:" in response.content.decode()

    def test_it_shows_row_problems_under_the_chosen_columns(self, client, world):
        measure = make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        response = self._choose(client, measure, period="0", value="2", denominator="1")
        assert response.status_code == 400
        assert "Row 2, column “Deliveries”: The numerator (40)" in response.content.decode()
        client.post(_url(measure, "measures:import_confirm"))
        assert not measure.points.exists()

    def test_it_asks_for_the_file_when_none_was_uploaded(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["member"])
        response = self._choose(client, measure, period="0", value="1", denominator="2")
        assert response.status_code == 302
        assert response.url == _url(measure)

    def test_it_keeps_a_file_to_its_own_measure(self, client, world):
        measure, other = make_measure(world), make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        response = self._choose(client, other, period="0", value="1", denominator="2")
        assert response.status_code == 302
        assert not other.points.exists()

    def test_it_refuses_the_column_step_by_get(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["member"])
        assert client.get(_url(measure, "measures:import_columns")).status_code == 405

    def test_it_forgets_the_file_once_saved(self, client, world):
        measure = make_measure(world)
        self._upload(client, world, measure, WARD_FILE)
        client.post(_url(measure, "measures:import_confirm"))
        response = self._choose(client, measure, period="0", value="1", denominator="2")
        assert response.status_code == 302
        assert measure.points.count() == 2

    def test_it_keeps_no_file_past_the_row_limit(self, client, world):
        measure = make_measure(world)
        weeks = "".join(f"2024-01-01,{i % 5},40\n" for i in range(imports.MAX_ROWS + 1))
        response = self._upload(client, world, measure, "week,cases,deliveries\n" + weeks)
        assert response.status_code == 400
        assert "At most 5000 rows" in response.content.decode()
        assert response.context["columns_form"] is None
        response = self._choose(client, measure, period="0", value="1", denominator="2")
        assert response.status_code == 302
        assert not measure.points.exists()
