"""Tests for the drawing options an app uses to speak its reader's language and tell the
truth about missing periods: month names, gaps in the data line, a legend sized to its
(translated) text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from spc import draw
from spc.draw import _legend
from spc.tests.draw_fixtures import every_mark, i_chart, legend_overflow, monthly, point, result

SVG = "{http://www.w3.org/2000/svg}"
FRENCH = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
]  # fmt: skip
ENGLISH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

pytestmark = pytest.mark.filterwarnings("error")


def root_of(data, **kwargs):
    return ET.fromstring(draw.render(data, "svg", **kwargs))  # noqa: S314 - our own output


def tick_texts(root):
    axis = root.find(f".//{SVG}g[@id='matplotlib.axis_1']")
    return [" ".join("".join(t.itertext()).split()) for t in axis.iter(f"{SVG}text")]


def moves(root, gid):
    """How many separate pieces (M commands) the group's paths draw."""
    group = root.find(f".//{SVG}g[@id='{gid}']")
    return sum(len(re.findall("M", p.get("d"))) for p in group.iter(f"{SVG}path"))


class TestMonthNames:
    def test_a_monthly_axis_writes_the_given_month_names(self):
        labels = tick_texts(root_of(result("i", [point(x, 10) for x in monthly(14)]),
                                    month_names=FRENCH))  # fmt: skip
        words = {w for label in labels for w in label.split()}
        assert words & {"avr.", "juil.", "oct."}
        assert not words & set(ENGLISH)
        assert any("2022" in label for label in labels)

    def test_a_weekly_axis_writes_days_with_the_given_month_names(self):
        weeks = [(date(2026, 6, 1) + timedelta(weeks=i)).isoformat() for i in range(8)]
        labels = tick_texts(root_of(result("i", [point(x, 10) for x in weeks]),
                                    month_names=FRENCH))  # fmt: skip
        words = {w for label in labels for w in label.split()}
        assert words & {"juin", "juil."}
        assert not words & set(ENGLISH)

    def test_without_month_names_the_axis_is_english(self):
        labels = tick_texts(root_of(result("i", [point(x, 10) for x in monthly(14)])))
        assert {w for label in labels for w in label.split()} & {"Apr", "Jul", "Oct"}

    @pytest.mark.parametrize(
        ("names", "message"),
        [
            (FRENCH[:11], "twelve month names"),
            ("janv.", "twelve month names"),
            ([*FRENCH[:5], "", *FRENCH[6:]], r"month_names\[5\]"),
            ([*FRENCH[:11], 12], r"month_names\[11\]"),
        ],
    )
    def test_it_refuses_month_names_that_are_not_twelve_names(self, names, message):
        with pytest.raises(ValueError, match=message):
            draw.render(i_chart(), month_names=names)


class TestGaps:
    def test_the_data_line_breaks_at_each_gap(self):
        data = i_chart()
        assert moves(root_of(data), "data") == 1
        assert moves(root_of(data, gaps=[4]), "data") == 2
        assert moves(root_of(data, gaps=[2, 7]), "data") == 3

    def test_a_gap_changes_neither_the_points_nor_the_limits(self):
        ys = [9, 11, 10, 12, 8, 10, 11, 9, 10, 12]
        data = result("i", [point(x, y) for x, y in zip(monthly(10), ys, strict=True)])
        plain, broken = root_of(data), root_of(data, gaps=[5])
        for gid in ("limits", "centre", "common-cause"):
            a = plain.find(f".//{SVG}g[@id='{gid}']")
            b = broken.find(f".//{SVG}g[@id='{gid}']")
            # Compare the geometry: ids of clip paths follow the input's hash.
            assert [p.get("d") for p in a.iter(f"{SVG}path")] == [
                p.get("d") for p in b.iter(f"{SVG}path")
            ], gid
            assert [(u.get("x"), u.get("y")) for u in a.iter(f"{SVG}use")] == [
                (u.get("x"), u.get("y")) for u in b.iter(f"{SVG}use")
            ], gid

    @pytest.mark.parametrize(
        ("gaps", "message"),
        [([0], r"gaps\[0\]"), ([3, -1], r"gaps\[1\]"), (["3"], r"gaps\[0\]"),
         ([True], r"gaps\[0\]"), ("3", "not text"), ([10], "10 is not between two")],
    )  # fmt: skip
    def test_it_refuses_gaps_that_are_not_between_points(self, gaps, message):
        with pytest.raises(ValueError, match=message):
            draw.render(i_chart(), gaps=gaps)


# Legend wordings longer than the English, as translations run (made up for the test;
# the web app's own catalogues are tested beside the app).
LONG = {
    "centre": "Ligne centrale de la carte",
    "limits": "Limites de contrôle statistique",
    "limits_2sigma": "Limites à deux écarts-types",
    "target": "Objectif fixé par l'équipe",
    "improvement": "Amélioration significative",
    "concern": "Préoccupation significative",
    "neutral": "Cause spéciale sans direction",
    "common": "Variation de cause commune",
    "excluded": "Exclu du calcul des limites",
    "baseline": "Période de référence initiale",
}


class TestLegendFits:
    @pytest.mark.parametrize("width", [360, 520, 720, 1200])
    def test_every_label_of_a_long_wording_is_inside_the_figure(self, width):
        outside, count = legend_overflow(every_mark(), width, LONG)
        assert count >= 9
        assert outside == []

    @pytest.mark.parametrize("width", [360, 720])
    def test_the_english_labels_are_inside_the_figure(self, width):
        assert legend_overflow(every_mark(), width)[0] == []

    def test_a_wider_chart_takes_more_columns(self):
        words = list(_legend.LABELS.values())[:8]
        narrow = _legend.fit(words, 340, _legend.text_width)[1]
        wide = _legend.fit(words, 1180, _legend.text_width)[1]
        assert 1 <= narrow < wide <= 8

    def test_a_label_wider_than_the_chart_wraps(self):
        texts, ncols = _legend.fit(["Limites de contrôle statistique à trois sigmas"], 150,
                                   _legend.text_width)  # fmt: skip
        assert ncols == 1 and "\n" in texts[0]
        assert texts[0].replace("\n", " ") == "Limites de contrôle statistique à trois sigmas"
