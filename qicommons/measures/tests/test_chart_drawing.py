"""What the drawn chart says in the reader's language and about missing periods: French,
Portuguese and Spanish month ticks, a legend whose every translated label fits, a line
broken where periods are missing (with unchanged statistics), and the unit on the y axis."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import spc
from qicommons.measures import charts
from qicommons.measures.models import DataPoint, Measure
from spc.tests.draw_fixtures import every_mark, legend_overflow

from .helpers import add_points, make_measure

SVG = "{http://www.w3.org/2000/svg}"
ENGLISH_MONTHS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
STEADY = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 11]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def svg_of(html):
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "no chart on the page"
    return ET.fromstring(found.group(0))  # noqa: S314 - our own renderer's output


def tick_words(root):
    axis = root.find(f".//{SVG}g[@id='matplotlib.axis_1']")
    return {w for t in axis.iter(f"{SVG}text") for w in "".join(t.itertext()).split()}


def data_pieces(root):
    group = root.find(f".//{SVG}g[@id='data']")
    return sum(p.get("d").count("M") for p in group.iter(f"{SVG}path"))


def monthly_counts(world, values=STEADY, **fields):
    measure = make_measure(
        world,
        data_type=Measure.DataType.COUNT,
        frequency=Measure.Frequency.MONTHLY,
        multiply=1,
        **fields,
    )
    add_points(measure, values)
    return measure


class TestMonthTicks:
    def test_a_french_page_shows_french_month_ticks(self, client, world):
        measure = monthly_counts(world)
        client.force_login(world.users["viewer"])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        response = client.get(reverse("measures:detail", args=["alpha", measure.pk]))
        assert response.status_code == 200
        words = tick_words(svg_of(response.content.decode()))
        # 14 months from January 2024: ticks fall on some of these French months.
        assert words & {"jan.", "mars", "mai", "juil.", "sept.", "nov."}, words
        assert not words & ENGLISH_MONTHS, words

    @pytest.mark.parametrize(
        ("language", "july"), [("fr", "juil."), ("pt", "Jul."), ("es", "julio"), ("en", "July")]
    )
    def test_month_names_follow_the_active_language(self, language, july):
        with translation.override(language):
            names = charts.month_names()
        assert len(names) == 12 and names[6] == july

    @pytest.mark.parametrize("language", ["fr", "pt", "es"])
    def test_the_drawn_axis_uses_the_languages_month_names(self, world, language):
        measure = monthly_counts(world)
        with translation.override(language):
            names = set(charts.month_names())
            root = ET.fromstring(charts.render_chart(charts.chart_data(measure)))  # noqa: S314
        words = tick_words(root)
        assert words & names
        assert not words & (ENGLISH_MONTHS - names)


class TestLegendFits:
    @pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
    @pytest.mark.parametrize("width", [charts.INLINE_WIDTH, 720])
    def test_every_legend_label_of_every_language_fits(self, language, width):
        with translation.override(language):
            labels = charts._legend()
        outside, count = legend_overflow(every_mark(), width, labels)
        assert count >= 9
        assert outside == []


class TestGaps:
    def test_it_finds_the_missing_weeks(self, world):
        measure = make_measure(world)
        add_points(measure, [3] * 6, [20] * 6)
        DataPoint.objects.filter(period__in=[date(2024, 1, 22), date(2024, 1, 29)]).delete()
        # Weeks 1, 2, 3, then 6: the gap falls after the third point.
        assert charts.chart_gaps(charts.chart_data(measure)) == [3]

    def test_it_finds_a_missing_month_and_none_in_a_full_series(self, world):
        measure = monthly_counts(world)
        assert charts.chart_gaps(charts.chart_data(measure)) == []
        measure.points.filter(period=date(2024, 5, 1)).delete()
        assert charts.chart_gaps(charts.chart_data(measure)) == [4]

    def test_the_line_breaks_across_a_years_gap_with_unchanged_statistics(self, world):
        measure = monthly_counts(world)
        late = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
        DataPoint.objects.bulk_create(
            DataPoint(measure=measure, period=day, value=10) for day in late
        )
        data = charts.chart_data(measure)
        assert charts.chart_gaps(data) == [14]
        root = ET.fromstring(charts.render_chart(data))  # noqa: S314
        assert data_pieces(root) == 2
        # The limits are computed from the 17 observed points, as without any gap.
        observed = [p.value for p in data.points]
        alone = spc.qic(y=observed, chart="c").to_dict()
        result = charts.result_for(data).result
        assert result["points"][0]["cl"] == pytest.approx(alone["points"][0]["cl"])
        assert result["points"][0]["ucl"] == pytest.approx(alone["points"][0]["ucl"])


class TestYLabel:
    def test_a_proportion_in_percent_says_percent_in_the_pages_language(self, world):
        measure = make_measure(world, unit="")
        assert charts.y_label(measure) == "Percent (%)"
        with translation.override("fr"):
            assert charts.y_label(measure) == "Pourcentage (%)"

    def test_a_percent_unit_of_its_own_is_kept(self, world):
        assert charts.y_label(make_measure(world, unit="% of births")) == "% of births"

    def test_a_measures_unit_labels_other_measures(self, world):
        measure = monthly_counts(world, unit="falls")
        assert charts.y_label(measure) == "falls"
        add_points(measure, [])
        root = ET.fromstring(charts.render_chart(charts.chart_data(measure)))  # noqa: S314
        texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
        assert "falls" in texts

    def test_a_proportion_not_in_percent_and_a_rate_say_their_scale(self, world):
        assert charts.y_label(make_measure(world, multiply=1, unit="")) == "Proportion"
        rate = make_measure(world, data_type=Measure.DataType.RATE, multiply=1000, unit="")
        assert charts.y_label(rate) == "per 1,000"

    def test_a_unitless_count_has_no_y_label(self, world):
        assert charts.y_label(monthly_counts(world)) == ""
