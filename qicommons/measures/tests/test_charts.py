"""The chart module: measure -> spc arguments, cached results and drawings."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

import spc
import spc.draw
from qicommons.measures import charts
from qicommons.measures.models import ChartMark, DataPoint
from qicommons.projects.models import PDSACycle

from .helpers import add_points, make_mark, make_measure, weeks

RATES = [9, 11, 10, 12, 9, 10, 11, 10, 12, 9, 11, 10, 3, 2, 4, 3, 2, 3, 4, 2, 3, 2]


def desc_of(svg):
    root = ET.fromstring(svg)  # noqa: S314 - our own renderer's output
    return root.findtext("{http://www.w3.org/2000/svg}desc")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_it_passes_numerators_denominators_and_settings(world):
    measure = make_measure(world, target=5)
    add_points(measure, [3, 4], [20, 21])
    args = charts.qic_arguments(charts.chart_data(measure))
    assert args == {
        "y": [3, 4],
        "x": ["2024-01-01", "2024-01-08"],
        "n": [20, 21],
        "chart": "p",
        "multiply": 100,
        "target": 5,
        "rules": "anhoej",
        "direction": "down",
    }


def test_it_turns_marks_into_positions(world):
    measure = make_measure(world)
    add_points(measure, [3] * 10, [20] * 10)
    w = weeks(10)
    make_mark(measure, ChartMark.Kind.PHASE, w[6])
    make_mark(measure, ChartMark.Kind.EXCLUDE, w[2], "Thermometer broken")
    args = charts.qic_arguments(charts.chart_data(measure))
    # A new phase from the 7th point: the break falls after the 6th.
    assert args["part"] == [6] and args["exclude"] == [3]


def test_it_freezes_the_baseline_at_its_mark(world):
    measure = make_measure(world)
    add_points(measure, [3] * 10, [20] * 10)
    make_mark(measure, ChartMark.Kind.BASELINE, weeks(10)[4], "")
    assert charts.qic_arguments(charts.chart_data(measure))["freeze"] == 5


def _cycle(measure, start):
    return PDSACycle.objects.create(project=measure.project, title="Skin to skin", start_date=start)


def test_it_judges_against_the_data_before_the_first_pdsa_cycle(world):
    measure = make_measure(world)
    add_points(measure, [3] * 30, [20] * 30)
    w = weeks(30)
    _cycle(measure, w[20] + timedelta(days=2))  # mid-week: its week is the first judged
    _cycle(measure, w[25])
    _cycle(measure, None)  # an undated cycle says nothing about when change began
    assert charts.qic_arguments(charts.chart_data(measure))["reference"] == 20


@pytest.mark.parametrize(
    ("before", "why"),
    [(11, "a baseline of 11 points is too short"), (28, "2 points after it are too few")],
)
def test_it_keeps_the_default_baseline_when_a_cycle_leaves_too_little(world, before, why):
    measure = make_measure(world)
    add_points(measure, [3] * 30, [20] * 30)
    _cycle(measure, weeks(30)[before])
    assert "reference" not in charts.qic_arguments(charts.chart_data(measure)), why


def test_marks_outrank_the_first_pdsa_cycle(world):
    measure = make_measure(world)
    add_points(measure, [3] * 30, [20] * 30)
    w = weeks(30)
    _cycle(measure, w[20])
    make_mark(measure, ChartMark.Kind.BASELINE, w[14], "")
    args = charts.qic_arguments(charts.chart_data(measure))
    assert args["freeze"] == 15 and "reference" not in args


def test_it_flattens_subgroups_by_period(world):
    measure = make_measure(world, data_type="subgroups", multiply=1)
    DataPoint.objects.create(measure=measure, period=date(2024, 1, 1), value=2, values=[1, 3])
    args = charts.qic_arguments(charts.chart_data(measure))
    assert (args["x"], args["y"], args["n"], args["chart"]) == (
        ["2024-01-01", "2024-01-01"],
        [1, 3],
        None,
        "xbar",
    )


def test_it_places_pdsa_annotations_on_their_period(world):
    measure = make_measure(world)
    add_points(measure, [3] * 4, [20] * 4)
    data = charts.chart_data(measure, [(date(2024, 1, 10), "PDSA 1"), (date(2030, 1, 1), "Later")])
    assert charts.chart_annotations_for(data) == [("2024-01-08", "PDSA 1")]


def test_a_data_change_changes_the_key(world):
    measure = make_measure(world)
    (first, *_rest) = add_points(measure, RATES, [100] * len(RATES))
    before = charts.result_for(charts.chart_data(measure)).key
    first.value = 8
    first.save(update_fields=["value"])
    after = charts.result_for(charts.chart_data(measure)).key
    measure.target = 2
    measure.save(update_fields=["target"])
    settings_changed = charts.result_for(charts.chart_data(measure)).key
    assert len({before, after, settings_changed}) == 3


def test_it_reuses_the_cached_result_and_drawing(world):
    measure = make_measure(world)
    add_points(measure, RATES, [100] * len(RATES))
    with (
        mock.patch("spc.qic", wraps=spc.qic) as qic,
        mock.patch("spc.draw.render", wraps=spc.draw.render) as render,
    ):
        for _ in range(3):
            assert charts.render_chart(charts.chart_data(measure)).startswith(b"<")
        assert (qic.call_count, render.call_count) == (1, 1)
        DataPoint.objects.filter(measure=measure).last().delete()
        charts.render_chart(charts.chart_data(measure))
        assert (qic.call_count, render.call_count) == (2, 2)


def test_it_reports_too_little_data_without_calling_the_engine(world):
    measure = make_measure(world)
    with mock.patch("spc.qic") as qic:
        computed = charts.result_for(charts.chart_data(measure))
    assert computed.status == "too_little_data" and not qic.called


def test_it_explains_an_engine_error(world):
    measure = make_measure(world)
    add_points(measure, [3], [20])
    computed = charts.result_for(charts.chart_data(measure))
    assert computed.status == "too_little_data"
    assert computed.error.startswith("This chart cannot be computed yet:")


class TestPages:
    def test_it_shows_the_chart_inline_with_signals_in_words(self, client, world):
        measure = make_measure(world)
        add_points(measure, RATES, [100] * len(RATES))
        client.force_login(world.users["viewer"])
        response = client.get(reverse("measures:detail", args=["alpha", measure.pk]))
        page = response.content.decode()
        assert "<svg" in page and page.count("<script") == 1  # htmx only
        assert "10 points in a row below the centre line: a shift downwards" in page
        assert "in the desired direction" in page

    def test_it_escapes_the_measure_name_in_the_drawing(self, client, world):
        measure = make_measure(world, name="<script>alert(1)</script>")
        add_points(measure, RATES, [100] * len(RATES))
        client.force_login(world.users["viewer"])
        page = client.get(reverse("measures:detail", args=["alpha", measure.pk])).content
        assert b"<script>alert" not in page

    @pytest.mark.parametrize(
        ("fmt", "kind", "start"), [("svg", "image/svg+xml", b"<"), ("png", "image/png", b"\x89PNG")]
    )
    def test_it_downloads_the_chart(self, client, world, fmt, kind, start):
        measure = make_measure(world)
        add_points(measure, RATES, [100] * len(RATES))
        client.force_login(world.users["viewer"])
        response = client.get(reverse("measures:chart", args=["alpha", measure.pk, fmt]))
        assert response["Content-Type"] == kind and response.content.startswith(start)

    def test_the_chart_says_itself_to_screen_readers_in_the_pages_language(self, client, world):
        measure = make_measure(world)
        add_points(measure, RATES, [100] * len(RATES))
        client.force_login(world.users["viewer"])
        url = reverse("measures:chart", args=["alpha", measure.pk, "svg"])
        english = desc_of(client.get(url).content)
        client.cookies["django_language"] = "fr"
        french = desc_of(client.get(url).content)
        assert english.startswith("Chart of 22 points (week of ")
        assert "10 points in a row below the centre line: a shift downwards" in english
        assert french.startswith("Graphique de 22 points (semaine du ")
        assert "10 points consécutifs au-dessous de la ligne centrale" in french
        assert "Centre line" not in french and "Verdict:" not in french
        latest = r"Latest value [\d.]+ \(week of .+\); centre line [\d.]+, control limits"
        assert re.search(latest, english)
        assert re.search(r"Dernière valeur [\d,]+ \(semaine du .+\) ; ligne centrale", french)

    def test_it_has_no_download_without_data(self, client, world):
        measure = make_measure(world)
        client.force_login(world.users["viewer"])
        response = client.get(reverse("measures:chart", args=["alpha", measure.pk, "svg"]))
        assert response.status_code == 404


def test_a_new_engine_changes_every_key():
    before = charts.chart_key({"y": [1, 2]})
    with mock.patch.object(charts, "engine_fingerprint", return_value="a-new-engine"):
        assert charts.chart_key({"y": [1, 2]}) != before
    assert len(charts.engine_fingerprint()) == 16


def test_the_engine_fingerprint_reads_its_subpackages(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "draw").mkdir()
    inner = tmp_path / "draw" / "marks.py"
    inner.write_text("A = 1\n")
    fake = mock.Mock(__file__=str(tmp_path / "__init__.py"))
    with mock.patch.object(charts, "spc", fake):
        charts.engine_fingerprint.cache_clear()
        before = charts.engine_fingerprint()
        inner.write_text("A = 2\n")
        charts.engine_fingerprint.cache_clear()
        after = charts.engine_fingerprint()
    charts.engine_fingerprint.cache_clear()
    assert before != after


class TestBadDataOnPages:
    """Data the engine refuses give a message on the page, never a server error."""

    def _all_excluded_baseline(self, world):
        measure = make_measure(world)
        add_points(measure, RATES, [100] * len(RATES))
        days = weeks(3)
        make_mark(measure, ChartMark.Kind.BASELINE, days[2])
        for day in days:
            make_mark(measure, ChartMark.Kind.EXCLUDE, day)
        return measure

    def test_the_measure_page_shows_the_engines_message(self, client, world):
        measure = self._all_excluded_baseline(world)
        client.force_login(world.users["viewer"])
        response = client.get(reverse("measures:detail", args=["alpha", measure.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        assert "This chart cannot be computed yet:" in page
        assert "has no included point with a denominator" in page

    def test_the_dashboard_still_renders(self, client, world):
        measure = self._all_excluded_baseline(world)
        client.force_login(world.users["viewer"])
        url = reverse("measures:dashboard", args=["alpha", measure.project.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert measure.name in response.content.decode()
