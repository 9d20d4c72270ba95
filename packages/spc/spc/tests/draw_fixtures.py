"""Chart results built by hand in the shape the computation side produces.

The drawing tests must not depend on the computation module, so these are plain dicts with
round, checkable numbers.
"""

from __future__ import annotations

import math
from datetime import date, timedelta


def point(x, y, **fields):
    """One point record; fields not given take the values of a common-cause I-chart point."""
    record = {
        "x": x,
        "y": y,
        "n": None,
        "cl": 10.0,
        "lcl": 4.0,
        "ucl": 16.0,
        "lcl_95": 6.0,
        "ucl_95": 14.0,
        "target": None,
        "part": 1,
        "baseline": False,
        "include": True,
        "sigma_signal": False,
        "runs_signal": False,
        "classification": "common_cause",
    }
    record.update(fields)
    return record


def result(chart, points, status="no_signal", reasons=()):
    return {
        "chart": chart,
        "points": points,
        "parts": [],
        "verdict": {
            "status": status,
            "direction": "up",
            "reasons": list(reasons),
        },
    }


def i_chart(ys=(9, 11, 10, 12, 8, 10, 11, 9, 10, 12), **fields):
    """An I chart over x = 1, 2, ... with centre 10 and limits 4 to 16."""
    return result("i", [point(i + 1, y, **fields) for i, y in enumerate(ys)])


def monthly(n, start=date(2022, 1, 1)):
    """n ISO dates a month apart (first of each month)."""
    days = []
    year, month = start.year, start.month
    for _ in range(n):
        days.append(date(year, month, 1).isoformat())
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return days


def p_chart(n=260, shift_at=None):
    """A P chart over weekly dates with denominators that vary, so the limits step.

    With ``shift_at``, the points from that index on form part 2 with a higher centre line.
    """
    start = date(2020, 1, 6)
    points = []
    for i in range(n):
        part = 2 if shift_at is not None and i >= shift_at else 1
        cl = 0.62 if part == 2 else 0.5
        # Denominators drift between about 30 and 50 births a week.
        denom = 40 + round(8 * math.sin(i / 5) + 3 * math.cos(i * 2.3))
        sigma = math.sqrt(cl * (1 - cl) / denom)
        # A deterministic wobble inside the limits, with a few points beyond them.
        y = cl + sigma * 1.6 * math.sin(i * 1.7) * math.cos(i / 9)
        cls = "common_cause"
        if i % 53 == 7:
            y = min(1.0, cl + 3.4 * sigma)
            cls = "special_cause_improvement"
        if i % 71 == 20:
            y = max(0.0, cl - 3.4 * sigma)
            cls = "special_cause_concern"
        points.append(
            point(
                (start + timedelta(weeks=i)).isoformat(),
                round(y, 4),
                n=float(denom),
                cl=cl,
                lcl=max(0.0, cl - 3 * sigma),
                ucl=min(1.0, cl + 3 * sigma),
                lcl_95=max(0.0, cl - 2 * sigma),
                ucl_95=min(1.0, cl + 2 * sigma),
                target=0.7,
                part=part,
                baseline=part == 1 and i < 26,
                include=i != 40,
                sigma_signal=cls != "common_cause",
                classification=cls,
            )
        )
    return result(
        "p",
        points,
        status="improvement",
        reasons=["Sustained shift above the baseline centre line in the latest phase"],
    )


def legend_overflow(data, width_px, lang_labels=None):
    """The legend labels drawn (at least partly) outside the figure, as (text, left, right)
    in pixels, measured by laying the chart out with Agg as the renderer draws it; and the
    number of legend labels. An empty list means every label is inside the figure."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from spc import draw
    from spc.draw import _layout, _legend
    from spc.draw._series import Series

    with matplotlib.rc_context(draw._rc("test")):
        fig = _layout.draw(
            Series(data), [], _legend.labels(lang_labels), "A title", "", "", width_px
        )
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        texts = fig.legends[0].get_texts() if fig.legends else []
        out = []
        for text in texts:
            box = text.get_window_extent(renderer)
            if box.x0 < 0 or box.x1 > fig.bbox.width:
                out.append((text.get_text(), round(box.x0), round(box.x1)))
    return out, len(texts)


def every_mark(n=60):
    """A weekly P chart carrying every legend entry: signals of each kind, an exclusion,
    a target, a baseline and both sets of limits."""
    data = p_chart(n)
    data["points"][30].update(classification="special_cause_neutral", sigma_signal=True)
    return data
