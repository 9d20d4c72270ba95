"""Tests for spc.draw: what the SVG and PNG carry, not how matplotlib gets there.

Every mark the module draws sits in an SVG group whose id is a fixed gid, so the tests can
count vertices and markers per kind of mark.
"""

from __future__ import annotations

import doctest
import math
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spc import draw
from spc.draw import _marks
from spc.tests.draw_fixtures import i_chart, monthly, p_chart, point, result

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
REPO = Path(__file__).resolve().parents[2]

# A matplotlib warning (a missing font, a failed date locator) is a drawing bug here.
pytestmark = pytest.mark.filterwarnings("error")


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def svg_root(data, **kwargs):
    return parse(draw.render(data, "svg", **kwargs))


def group(root, gid):
    return root.find(f".//{SVG}g[@id='{gid}']")


def vertices(element):
    """Vertices of all paths in a group: every M, L, H or V command is one."""
    return sum(len(re.findall(r"[MLHV]", p.get("d"))) for p in element.iter(f"{SVG}path"))


def markers(root, gid):
    """The <use> elements placing markers in a group; their hrefs name the marker shape."""
    found = group(root, gid)
    return [] if found is None else list(found.iter(f"{SVG}use"))


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def png_size(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


class TestSvgAccessibility:
    def test_it_parses_and_has_an_image_role(self):
        root = svg_root(i_chart(), title="Days to first visit")
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"

    def test_it_labels_the_root_with_its_title_and_desc(self):
        root = svg_root(i_chart(), title="Days to first visit")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert list(root)[:2] == [title, desc]
        assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert title.text == "Days to first visit"

    def test_it_describes_the_chart_in_plain_words(self):
        data = i_chart()
        data["verdict"] = {"status": "no_signal", "direction": "up", "reasons": []}
        desc = svg_root(data).find(f"{SVG}desc").text
        assert desc.startswith("I chart (individual values) of 10 points from 1 to 10.")
        assert "Centre line 10." in desc
        assert "Control limits 4 to 16." in desc
        assert "Latest value 12 (10)." in desc
        assert desc.endswith("Verdict: no signal.")

    def test_it_describes_varying_limits_signals_and_the_verdict(self):
        desc = svg_root(p_chart(60)).find(f"{SVG}desc").text
        assert desc.startswith("P chart (proportions) of 60 points from 2020-01-06 to ")
        assert "Control limits vary with each point; latest " in desc
        assert "Special-cause points: 1 improvement, 1 concern." in desc
        assert "1 point excluded from the calculations." in desc
        assert "Verdict: improvement (Sustained shift above the baseline" in desc

    def test_a_given_description_replaces_the_built_in_one_escaped(self):
        words = "Graphique de 20 points <de mars à octobre> & une amélioration."
        raw = draw.render(i_chart(), description=words)
        root = parse(raw)
        assert root.find(f"{SVG}desc").text == words
        assert "&lt;de mars à octobre&gt; &amp; une".encode() in raw
        assert b"Centre line" not in raw.split(b"</desc>")[0]

    def test_it_uses_the_chart_name_as_title_when_none_is_given(self):
        assert svg_root(i_chart()).find(f"{SVG}title").text == "I chart (individual values)"

    def test_it_escapes_markup_in_the_title(self):
        root = svg_root(i_chart(), title="Babies <2.5 kg & mothers")
        assert root.find(f"{SVG}title").text == "Babies <2.5 kg & mothers"
        assert "Babies <2.5 kg & mothers" in texts(root)

    def test_it_gives_each_chart_its_own_ids(self):
        a = svg_root(i_chart(), title="A").find(f"{SVG}title").get("id")
        b = svg_root(i_chart(), title="B").find(f"{SVG}title").get("id")
        assert a != b

    def test_it_keeps_text_as_text_and_starts_at_the_root(self):
        svg = draw.render(i_chart(), title="Days to first visit")
        assert svg.startswith(b"<svg ")
        assert b"<metadata" not in svg
        assert "Days to first visit" in texts(parse(svg))


class TestDeterminism:
    def test_it_returns_identical_svg_for_identical_input(self):
        data = p_chart(40, shift_at=20)
        kwargs: dict[str, Any] = {"title": "T", "annotations": [("2020-03-02", "PDSA 1")]}
        assert draw.render(data, **kwargs) == draw.render(data, **kwargs)

    def test_it_returns_identical_png_for_identical_input(self):
        assert draw.render(i_chart(), "png") == draw.render(i_chart(), "png")


class TestPng:
    @pytest.mark.parametrize("width", [360, 333, 720, 999, 1200])
    def test_it_is_exactly_the_requested_width(self, width):
        got_width, height = png_size(draw.render(p_chart(30), "png", width_px=width))
        assert got_width == width
        assert 280 <= height <= width

    def test_it_strips_the_software_stamp(self):
        assert b"matplotlib" not in draw.render(i_chart(), "png").lower()


class TestLines:
    def test_it_draws_constant_limits_as_one_segment_each(self):
        root = svg_root(i_chart())
        assert vertices(group(root, "limits")) == 4
        assert vertices(group(root, "centre")) == 2

    def test_it_steps_limits_that_vary_point_by_point(self):
        points = [
            point(1, 0.5, cl=0.5, lcl=0.2, ucl=0.8),
            point(2, 0.4, cl=0.5, lcl=0.25, ucl=0.75),
            point(3, 0.6, cl=0.5, lcl=0.3, ucl=0.7),
        ]
        root = svg_root(result("p", points))
        # Three distinct values on each limit: three flat steps of two vertices, twice.
        assert vertices(group(root, "limits")) == 12
        assert vertices(group(root, "centre")) == 2

    def test_it_merges_equal_neighbouring_limits_into_one_step(self):
        points = [point(1, 5, ucl=15), point(2, 5, ucl=15), point(3, 5, ucl=17)]
        root = svg_root(result("u", points))
        assert vertices(group(root, "limits")) == 2 + 4

    def test_it_breaks_lines_at_a_phase_change_and_marks_it(self):
        points = [point(i, 10, part=1) for i in range(1, 6)]
        points += [point(i, 20, part=2, cl=20, lcl=14, ucl=26) for i in range(6, 11)]
        root = svg_root(result("i", points))
        assert vertices(group(root, "centre")) == 4
        assert vertices(group(root, "limits")) == 8
        assert vertices(group(root, "phase-break")) == 2
        assert "2 phases." in root.find(f"{SVG}desc").text

    def test_it_places_steps_halfway_between_points(self):
        xs, ys = _marks.step_line([1.0, 2.0, 3.0], [5.0, 6.0, 6.0], [1, 1, 1])
        assert xs == [1.0, 1.5, 1.5, 3.0]
        assert ys == [5.0, 5.0, 6.0, 6.0]

    def test_it_leaves_a_gap_for_a_missing_limit(self):
        xs, ys = _marks.step_line([1.0, 2.0, 3.0, 4.0], [5.0, math.nan, 5.0, 5.0], [1] * 4)
        assert xs[:2] == [1.0, 1.5] and xs[3:] == [2.5, 4.0]
        assert math.isnan(xs[2]) and math.isnan(ys[2])

    def test_it_ends_each_part_at_its_own_points(self):
        xs, _ = _marks.step_line([1.0, 2.0, 3.0], [5.0, 5.0, 7.0], [1, 1, 2])
        assert xs[:2] == [1.0, 2.0] and xs[3:] == [3.0, 3.0]

    def test_it_draws_target_and_two_sigma_limits_only_when_given(self):
        plain = svg_root(i_chart(lcl_95=None, ucl_95=None))
        assert group(plain, "target") is None
        assert group(plain, "limits-2sigma") is None
        full = svg_root(i_chart(target=12.0))
        assert vertices(group(full, "target")) == 2
        assert vertices(group(full, "limits-2sigma")) == 4

    def test_it_draws_a_run_chart_with_a_median_and_no_limits(self):
        data = i_chart(lcl=None, ucl=None, lcl_95=None, ucl_95=None)
        data["chart"] = "run"
        root = svg_root(data)
        assert group(root, "limits") is None
        assert group(root, "centre") is not None
        assert "Median" in texts(root)
        assert "Median 10." in root.find(f"{SVG}desc").text

    def test_it_shades_the_baseline(self):
        data = i_chart()
        for p in data["points"][:4]:
            p["baseline"] = True
        root = svg_root(data)
        assert group(root, "baseline") is not None
        assert "Baseline" in texts(root)
        assert group(svg_root(i_chart()), "baseline") is None

    def test_it_shades_each_stretch_of_baseline_under_its_own_id(self):
        data = i_chart()
        for i in (0, 1, 5, 6):
            data["points"][i]["baseline"] = True
        root = svg_root(data)
        assert group(root, "baseline") is not None
        assert group(root, "baseline-2") is not None


class TestMarkers:
    def chart(self):
        classes = ["common_cause"] * 10
        classes[2] = classes[3] = "special_cause_improvement"
        classes[5] = "special_cause_concern"
        classes[7] = "special_cause_neutral"
        points = [
            point(i + 1, 10 + i % 3, classification=cls, include=i != 8)
            for i, cls in enumerate(classes)
        ]
        return svg_root(result("i", points))

    def test_it_marks_each_kind_of_point_in_its_own_group(self):
        root = self.chart()
        assert len(markers(root, "signal-improvement")) == 2
        assert len(markers(root, "signal-concern")) == 1
        assert len(markers(root, "signal-neutral")) == 1
        assert len(markers(root, "excluded")) == 1
        assert len(markers(root, "common-cause")) == 5

    def test_it_gives_each_kind_a_distinct_shape(self):
        root = self.chart()
        kinds = ["signal-improvement", "signal-concern", "signal-neutral", "excluded"]
        kinds.append("common-cause")
        shapes = set()
        for gid in kinds:
            href = markers(root, gid)[0].get(XLINK).lstrip("#")
            shapes.add(root.find(f".//{SVG}path[@id='{href}']").get("d"))
        assert len(shapes) == len(kinds)

    def test_it_draws_no_signal_groups_when_all_is_common_cause(self):
        root = svg_root(i_chart())
        for gid in ["signal-improvement", "signal-concern", "signal-neutral", "excluded"]:
            assert group(root, gid) is None
        assert len(markers(root, "common-cause")) == 10

    def test_it_falls_back_to_the_signal_flags_without_a_classification(self):
        points = [point(i, 10, classification=None) for i in range(1, 6)]
        points[2]["sigma_signal"] = True
        assert len(markers(svg_root(result("i", points)), "signal-neutral")) == 1

    def test_it_leaves_common_cause_dots_off_a_crowded_chart(self):
        points = [point(i, 10 + i % 5) for i in range(1, 1001)]
        points[500]["classification"] = "special_cause_concern"
        root = svg_root(result("i", points))
        assert group(root, "common-cause") is None
        assert len(markers(root, "signal-concern")) == 1
        assert group(root, "data") is not None

    def test_it_keeps_ids_unique(self):
        ids = [e.get("id") for e in self.chart().iter() if e.get("id")]
        assert len(ids) == len(set(ids))


class TestMissingValues:
    def test_it_draws_a_gap_for_a_missing_value(self):
        data = i_chart(ys=(9, 11, None, 12, 8))
        root = svg_root(data)
        assert vertices(group(root, "data")) == 4
        assert len(re.findall("M", group(root, "data").find(f"{SVG}path").get("d"))) == 2
        assert "1 point has no value." in root.find(f"{SVG}desc").text

    def test_it_survives_missing_limits_centre_and_x(self):
        data = i_chart(ys=(9, 11, 10, 12))
        data["points"][1].update(cl=None, lcl=None, ucl=None)
        data["points"][3]["x"] = None
        root = svg_root(data)
        assert vertices(group(root, "centre")) == 4

    def test_it_says_so_when_there_is_no_data(self):
        root = svg_root(i_chart(ys=(None, None, None)))
        assert "No data yet" in texts(root)
        png_size(draw.render(i_chart(ys=(None, None)), "png"))

    def test_it_draws_an_empty_result(self):
        root = svg_root({"chart": "i", "points": [], "parts": [], "verdict": {}})
        assert root.find(f"{SVG}desc").text == "I chart (individual values) of 0 points."

    def test_it_ignores_non_finite_numbers(self):
        data = i_chart(ys=(9, float("nan"), 10, float("inf")))
        assert vertices(group(svg_root(data), "data")) == 2


class TestXAxis:
    def test_it_takes_numbers(self):
        data = result("i", [point(x, 10) for x in (1.5, 2.5, 4.0)])
        assert "Latest value 10 (4)." in svg_root(data).find(f"{SVG}desc").text

    def test_it_takes_iso_dates_and_labels_the_axis_with_dates(self):
        data = result("i", [point(x, 10) for x in monthly(14)])
        root = svg_root(data)
        labels = texts(root)
        assert "2022" in labels
        assert any(label in labels for label in ("Apr", "Jul", "Oct"))
        assert "from 2022-01-01 to 2023-02-01" in root.find(f"{SVG}desc").text

    def test_it_takes_date_objects(self):
        data = result("i", [point(date(2023, m, 1), 10) for m in range(1, 7)])
        assert "to 2023-06-01" in svg_root(data).find(f"{SVG}desc").text

    def test_it_takes_text_in_the_given_order(self):
        wards = ["Labour", "Antenatal", "Postnatal", "Theatre"]
        root = svg_root(result("p", [point(w, 10) for w in wards]))
        assert [t for t in texts(root) if t in wards] == wards

    def test_it_wraps_long_text_labels_rather_than_cutting_them(self):
        wards = ["Labour ward", "Antenatal clinic", "Postnatal ward", "Theatre"]
        wards += ["Outreach", "Maternity HDU", "Neonatal unit", "Community"]
        found = texts(svg_root(result("run", [point(w, 5) for w in wards])))
        assert {"Antenatal", "clinic", "Maternity", "HDU"} <= set(found)
        assert not any(t.endswith("\u2026") for t in found)

    @pytest.mark.parametrize("days", [1, 10, 90, 400, 3000])
    @pytest.mark.parametrize("width", [360, 720])
    def test_it_labels_dates_over_any_span(self, days, width):
        # Twelve points spread over the span; a locator that gives up would warn (an error).
        start = date(2020, 1, 1).toordinal()
        xs = [date.fromordinal(start + days * i // 11).isoformat() for i in range(12)]
        found = texts(svg_root(result("i", [point(x, 5) for x in xs]), width_px=width))
        assert any("2020" in t for t in found)

    def test_it_thins_ticks_on_a_narrow_chart(self):
        data = result("i", [point(i, 10) for i in range(1, 261)])
        root = svg_root(data, width_px=360)
        numbers = [t for t in texts(root) if t.isdigit() and int(t) > 20]
        assert 2 <= len(numbers) <= 5


class TestAnnotations:
    def test_it_marks_annotations_with_numbers_and_describes_them(self):
        data = result("i", [point(x, 10) for x in monthly(12)])
        marks = [("2022-03-01", "PDSA 1: triage card"), ("2022-08-01", "PDSA 2")]
        root = svg_root(data, annotations=marks)
        assert vertices(group(root, "annotations")) == 4
        assert "PDSA 2" not in texts(root)
        for number in ("1", "2"):
            assert texts(group(root, f"annotation-{number}")) == [number]
        desc = root.find(f"{SVG}desc").text
        assert desc.endswith(
            "Marked: 1. PDSA 1: triage card at 2022-03-01; 2. PDSA 2 at 2022-08-01."
        )

    def test_markers_at_neighbouring_periods_never_overprint(self):
        # Twelve notes in twelve consecutive months of a 360 px chart: too close for one row.
        data = result("i", [point(x, 10) for x in monthly(36)])
        notes = [(x, f"PDSA {i}") for i, x in enumerate(monthly(36)[10:22])]
        svg = draw.render(data, annotations=notes, width_px=360, fmt="svg")
        root = parse(svg)
        rows: dict[int, list[tuple[float, float]]] = {}
        for number in range(1, 13):
            box = group(root, f"annotation-{number}")
            coords = [
                float(v) for v in re.findall(r"-?[\d.]+", next(box.iter(f"{SVG}path")).get("d"))
            ]
            xs, y = coords[0::2], min(coords[1::2])
            rows.setdefault(round(y), []).append((min(xs), max(xs)))
        assert len(rows) <= 3  # head room stays small
        assert len(rows) > 1
        for boxes in rows.values():
            boxes.sort()
            assert all(a[1] < b[0] for a, b in zip(boxes, boxes[1:], strict=False)), boxes

    def test_notes_at_the_same_period_share_a_number(self):
        notes = draw.annotation_notes([(3, "A"), (5, "B"), (3.0, "C")])
        assert notes == [(1, 3, "A; C"), (2, 5, "B")]

    def test_it_rejects_an_annotation_off_the_axis(self):
        data = result("p", [point(w, 10) for w in ["Labour", "Theatre"]])
        with pytest.raises(ValueError, match="not on this chart's x axis"):
            draw.render(data, annotations=[("Postnatal", "PDSA 1")])


class TestLabelsAndSize:
    def test_it_uses_translated_labels(self):
        french = {"centre": "Ligne centrale", "limits": "Limites", "nonsense": "ignored"}
        found = texts(svg_root(i_chart(), lang_labels=french))
        assert "Ligne centrale" in found and "Limites" in found
        assert "Centre line" not in found

    def test_it_shows_dollar_signs_and_markup_as_typed(self):
        title = 'Cost from $5 to $10 <per> birth, d="1.23456"'
        assert title in texts(svg_root(i_chart(), title=title))

    def test_it_draws_title_and_axis_labels(self):
        root = svg_root(i_chart(), title="T", x_label="Month", y_label="Days")
        assert {"T", "Month", "Days"} <= set(texts(root))

    @pytest.mark.parametrize("width", [360, 720])
    def test_it_keeps_text_at_least_ten_css_pixels(self, width):
        svg = draw.render(p_chart(60), title="Title", x_label="Week", width_px=width)
        root = parse(svg)
        px_per_unit = width / float(root.get("viewBox").split()[2])
        sizes = [float(s) for s in re.findall(rb"font-size: ([\d.]+)px", svg)]
        assert min(sizes) * px_per_unit >= 10

    def test_it_drops_two_sigma_limits_on_a_narrow_chart(self):
        assert group(svg_root(i_chart(), width_px=360), "limits-2sigma") is None

    def test_it_keeps_a_260_point_p_chart_svg_under_60_kb(self):
        marks = [("2021-03-01", "PDSA 1"), ("2022-05-02", "PDSA 2")]
        svg = draw.render(
            p_chart(260, shift_at=130), title="Seen within 4 hours", annotations=marks
        )
        assert len(svg) < 60_000


class TestInterface:
    def test_it_accepts_an_object_with_to_dict(self):
        class Result:
            def to_dict(self):
                return i_chart()

        assert draw.render(Result()) == draw.render(i_chart())

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"fmt": "pdf"}, "fmt must be"),
            ({"width_px": 50}, "width_px must be between"),
            ({"width_px": 720.5}, "whole number"),
        ],
    )
    def test_it_rejects_bad_arguments(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            draw.render(i_chart(), **kwargs)

    def test_it_rejects_a_result_that_is_not_a_dict(self):
        with pytest.raises(ValueError, match="chart result dict"):
            draw.render([1, 2, 3])

    def test_it_rejects_a_point_that_is_not_a_dict(self):
        with pytest.raises(ValueError, match=r"result\['points'\]\[1\] must be a dict"):
            draw.render({"chart": "i", "points": [point(1, 2), 3]})

    def test_it_draws_the_same_bytes_from_many_threads(self):
        charts = [p_chart(20), i_chart(), p_chart(20, shift_at=10)]
        expected = [draw.render(c) for c in charts] * 2
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(draw.render, charts * 2))
        assert got == expected

    def test_its_docstring_examples_run(self):
        assert doctest.testmod(draw).failed == 0

    def test_it_imports_matplotlib_only_when_drawing(self):
        code = (
            "import sys, spc, spc.draw\n"
            "assert 'matplotlib' not in sys.modules, 'imported at import time'\n"
            "spc.draw.render({'chart': 'i', 'points': []})\n"
            "assert 'matplotlib' in sys.modules\n"
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot is not thread-safe'\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr


def judged(status="improvement", side="above", kind="shift", decisive=(13, 20)):
    """A chart whose last 8 points sit at 15 after 12 at 10, with a verdict judging them
    against the first 12 (the new verdict's shape, written by hand as test input)."""
    ys = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9] + [15, 14, 16, 15, 9, 15, 14, 16]
    data = i_chart(ys)
    data["verdict"].update(
        status=status,
        reference={
            "kind": "baseline",
            "start": 1,
            "end": 12,
            "centre": 10.2,
            "lower": 7.0,
            "upper": 13.4,
            "n_useful": 12,
            "text": "the first 12 points",
        },
        judged={"start": 13, "end": 20},
        decisive={
            "kind": kind,
            "start": decisive[0],
            "end": decisive[1],
            "side": side,
            "length": 8,
            "favourable": status == "improvement",
            "part": 1,
        },
    )
    return data


def path_xs(element):
    """The x of every vertex of a group's first path (V keeps the previous x)."""
    d = element.find(f"{SVG}path").get("d")
    xs: list[float] = []
    for op, a in re.findall(r"([MLHV])\s*(-?[\d.]+)", d):
        xs.append(xs[-1] if op == "V" else float(a))
    return xs


class TestWhatTheVerdictJudged:
    def test_the_reference_line_spans_only_the_judged_points(self):
        root = svg_root(judged())
        line = group(root, "reference-centre")
        xs = path_xs(line)
        assert len(xs) == 2
        # Points 12 and 13 are x = 12, 13: the line starts halfway between them.
        px = path_xs(group(root, "data"))
        assert px[11] < min(xs) < px[12] and max(xs) > px[18]
        assert group(root, "reference-limits") is not None
        assert "baseline" in texts(root)

    def test_the_legend_label_is_translatable(self):
        root = svg_root(judged(), lang_labels={"baseline_line": "ligne de base"})
        assert "ligne de base" in texts(root) and "baseline" not in texts(root)

    def test_only_points_on_the_signals_side_are_ringed(self):
        # Point 17 (y = 9) is inside the shift's window but below the reference centre.
        root = svg_root(judged())
        assert len(markers(root, "decisive-improvement")) == 7
        assert group(root, "decisive-concern") is None
        assert "Improvement signal" in texts(root)
        desc = root.find(f"{SVG}desc").text
        assert "marked at points 13, 14, 15, 16, 18, 19, 20" in desc
        assert "Baseline line (the verdict's reference) 10.2" in desc

    def test_a_deterioration_rings_its_points_as_concern(self):
        root = svg_root(judged(status="deterioration"))
        assert len(markers(root, "decisive-concern")) == 7
        assert group(root, "decisive-improvement") is None

    def test_beyond_marks_only_points_beyond_the_reference_limit(self):
        # 13.4 is the upper limit: 15, 14, 16, 15, 15, 14, 16 are beyond; 9 is not.
        data = judged(kind="beyond")
        data["points"][13]["y"] = 13.0  # above the centre, not beyond the limit
        root = svg_root(data)
        assert len(markers(root, "decisive-improvement")) == 6

    def test_no_signal_and_old_results_draw_nothing_new(self):
        for data in (judged(status="no_signal"), i_chart()):
            root = svg_root(data)
            for gid in ("decisive-improvement", "decisive-concern"):
                assert group(root, gid) is None
        assert group(svg_root(i_chart()), "reference-centre") is None


def css_px_sizes(svg: bytes, width_px: int) -> list[float]:
    """Every font size in the SVG in CSS px, at the larger of the two scales a browser may
    use: the SVG's own width in pt (4/3 px each) or the chart stretched to width_px."""
    root = parse(svg)
    view_w = float(root.get("viewBox").split()[2])
    assert root.get("width").endswith("pt")
    natural = float(root.get("width")[:-2]) * 4 / 3
    scale = min(natural, width_px) / view_w
    sizes = [float(s) for s in re.findall(rb"font-size: ?([\d.]+)px", svg)]
    return [s * scale for s in sizes]


def test_no_text_is_smaller_than_10_css_px_on_a_phone():
    data = judged()
    data["points"][0]["include"] = False
    svg = draw.render(
        data,
        width_px=360,
        title="Babies cold",
        x_label="Month",
        y_label="%",
        annotations=[(3, "PDSA 1"), (14, "PDSA 2")],
    )
    # Text must stay text (no glyph paths), or the check below would see nothing.
    assert b"<text" in svg and b"glyph" not in svg.lower()
    sizes = css_px_sizes(svg, 360)
    assert sizes and min(sizes) >= 10, sorted(set(sizes))
