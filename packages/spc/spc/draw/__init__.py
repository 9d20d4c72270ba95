"""Draw spc chart results as SVG or PNG control charts.

The computation side hands over a plain dict (or an object with ``to_dict()``); this module
only draws it. matplotlib is imported inside :func:`render`, never at module import, so the
web app and the command line can import ``spc`` without paying for matplotlib.

The private modules hold the parts: ``_series`` reads the result, ``_layout`` builds the
figure, ``_marks`` draws on it, ``_legend`` names the marks, ``_text`` writes the built-in
description and ``_svg`` finishes the SVG.

Design choices worth knowing:

* The figure is laid out in screen pixels (100 dpi, 1 inch = 100 px), so text keeps the same
  pixel size at every ``width_px``; a 360 px chart is as readable as a 720 px one, it just
  shows fewer ticks and legend columns.
* Signals are told apart by marker shape as well as colour (improvement: diamond, concern:
  square, neutral: hexagon, common cause: small dot, excluded: hollow cross), so the chart
  still reads in greyscale and for colour-blind readers.
* Each kind of mark is one matplotlib artist with a fixed ``gid`` (``centre``, ``limits``,
  ``limits-2sigma``, ``target``, ``phase-break``, ``baseline``, ``data``, ``common-cause``,
  ``signal-improvement``, ``signal-concern``, ``signal-neutral``, ``excluded``,
  ``annotations``), which becomes the ``id`` of a ``<g>`` in the SVG. Lines of several parts
  share an artist and are broken with NaN, which keeps ids unique and the SVG small.
* Output is deterministic: the SVG hash salt is derived from the input and metadata such as
  the creation date is stripped, so identical input gives identical bytes (cacheable).
"""

from __future__ import annotations

import hashlib
import io
import json
import numbers
import threading
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import _layout, _legend
from ._series import Series, as_datetime, is_number, number
from ._svg import finish_svg
from ._text import describe

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["annotation_notes", "render"]

_MIN_WIDTH_PX = 200
_MAX_WIDTH_PX = 4000

# rcParams are process-global in matplotlib and the SVG backend reads svg.fonttype and
# svg.hashsalt from them while saving, so renders take turns. Drawing is CPU-bound under the
# GIL anyway, so the lock costs a web server little.
_LOCK = threading.Lock()


def render(
    result: Any,
    fmt: str = "svg",
    *,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    annotations: Sequence[tuple[Any, str]] = (),
    width_px: int = 720,
    lang_labels: Mapping[str, str] | None = None,
    description: str | None = None,
    month_names: Sequence[str] | None = None,
    gaps: Sequence[int] = (),
) -> bytes:
    """Draw a chart result as SVG or PNG and return the file's bytes.

    ``result`` is the dict form of an spc chart result (``chart``, ``points``, ``parts``,
    ``verdict``) or an object whose ``to_dict()`` returns it. Missing numbers (``None``)
    become gaps. ``x`` may be numbers, ISO dates (``"2024-03-01"``) or any text; text is
    placed in the given order.

    ``annotations`` is a sequence of ``(x, text)``, for example the start of each PDSA cycle,
    marked with a thin vertical line and a short label. ``lang_labels`` overrides legend
    strings by key (``centre``, ``median``, ``limits``, ``limits_2sigma``, ``target``,
    ``improvement``, ``concern``, ``neutral``, ``common``, ``excluded``, ``baseline``,
    ``no_data``); unknown keys are ignored so the web app can pass one catalogue.

    The SVG starts with ``<svg role="img" aria-labelledby=...>`` holding a ``<title>`` and
    a plain-language ``<desc>`` for screen readers; text stays text. The PNG is exactly
    ``width_px`` wide. The built-in ``<desc>`` is English; ``description`` replaces it, so
    an app can say the chart in its reader's language.

    ``month_names`` are the twelve short month names, January first, that a date axis
    writes ("janv.", "févr.", ...): an app passes its reader's, since matplotlib's own
    follow the server's locale. Without them the axis writes English abbreviations.

    ``gaps`` are positions counted from 1 after which periods are missing (a gap at 12
    falls between the 12th and 13th points): the data line breaks there instead of joining
    December to the next November. Only the line changes; the limits and signals are the
    result's, computed from the observed points.

    >>> chart = {"chart": "run", "points": [
    ...     {"x": i + 1, "y": y, "cl": 3.0, "part": 1, "classification": "common_cause"}
    ...     for i, y in enumerate([3, 4, 2, 3, 5, 3])]}
    >>> svg = render(chart, title="Days to first antenatal visit", width_px=360)
    >>> svg[:4]
    b'<svg'
    >>> b"<title" in svg and b"Run chart of 6 points" in svg
    True
    >>> b"<desc" in render(chart, description="Six weeks, no signal.")
    True
    >>> render(chart, "png")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if fmt not in ("svg", "png"):
        raise ValueError(f"fmt must be 'svg' or 'png', not {fmt!r}")
    if isinstance(width_px, bool) or not isinstance(width_px, numbers.Integral):
        raise ValueError(f"width_px must be a whole number of pixels, not {width_px!r}")
    if not _MIN_WIDTH_PX <= width_px <= _MAX_WIDTH_PX:
        raise ValueError(
            f"width_px must be between {_MIN_WIDTH_PX} and {_MAX_WIDTH_PX}, not {width_px}"
        )
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, Mapping):
        raise ValueError("result must be a chart result dict or have a to_dict() method")
    labels = _legend.labels(lang_labels)
    months = _months(month_names)
    cuts = _gaps(gaps)
    chart = Series(data)
    if cuts and cuts[-1] >= chart.n:
        raise ValueError(
            f"gaps: {cuts[-1]} is not between two of the chart's {chart.n} points "
            "(a gap at k falls between the k-th point and the next)"
        )
    notes = annotation_notes(annotations)
    # The chart carries only each note's number at its period; the words go under the
    # chart (see annotation_notes), where they can neither overlap nor run off the plot.
    marks = [(chart.place(x), str(number)) for number, x, _ in notes]
    desc = describe(chart, notes) if description is None else description
    key = json.dumps(
        [
            data,
            fmt,
            title,
            x_label,
            y_label,
            [list(a) for a in annotations],
            width_px,
            labels,
            description,
            months,
            cuts,
        ],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    import matplotlib

    rc = _rc(digest)
    with _LOCK, matplotlib.rc_context(rc):
        fig = _layout.draw(
            chart,
            marks,
            labels,
            title,
            x_label,
            y_label,
            width_px,
            month_names=months,
            gaps=cuts,
        )
        buf = io.BytesIO()
        if fmt == "svg":
            metadata = {"Creator": None, "Date": None, "Format": None, "Type": None}
        else:
            metadata = {"Software": None}
        with warnings.catch_warnings():
            # Just under three years on a narrow chart fits no interval between the
            # minimum and maximum tick counts; matplotlib then takes six-monthly ticks,
            # which is what we would choose, but warns on every render.
            warnings.filterwarnings("ignore", "AutoDateLocator was unable", UserWarning)
            fig.savefig(buf, format=fmt, dpi=_layout.DPI, metadata=metadata)
    out = buf.getvalue()
    if fmt == "svg":
        out = finish_svg(out, title or chart.name, desc, digest)
    return out


def _rc(digest: str) -> dict[RcKeyType, Any]:
    """The matplotlib settings every chart is drawn with (``digest`` salts SVG ids)."""
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": digest,
        # Text is laid out with DejaVu Sans, which ships with matplotlib; browsers without
        # it fall back to Verdana (same widths) or their own sans-serif, never to serif.
        "font.family": ["sans-serif"],
        "font.sans-serif": ["DejaVu Sans", "Verdana"],
        # Titles, labels and annotations are typed by users: "from $5 to $10" is money,
        # not TeX mathematics.
        "text.parse_math": False,
    }


def _months(names: Sequence[str] | None) -> tuple[str, ...]:
    if names is None:
        return _layout.MONTHS
    if isinstance(names, str) or len(names) != 12:
        raise ValueError("month_names must be a list of twelve month names, January first")
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"month_names[{i}] must be a month's name, not {name!r}")
    return tuple(names)


def _gaps(gaps: Sequence[int]) -> list[int]:
    if isinstance(gaps, str | bytes):
        raise ValueError("gaps must be a list of point positions, not text")
    for i, k in enumerate(gaps):
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
            raise ValueError(f"gaps[{i}] must be a point position counted from 1, not {k!r}")
    return sorted({int(k) for k in gaps})


def annotation_notes(annotations: Sequence[tuple[Any, str]]) -> list[tuple[int, Any, str]]:
    """Number annotations as :func:`render` draws them: ``(number, x, text)``.

    Numbers follow the given order (pass them in time order), one per distinct x; notes at
    the same x share a number and their texts are joined with "; ". A page lists these
    under the chart as "1. text".

    >>> annotation_notes([("2024-02-01", "PDSA 1"), ("2024-05-01", "PDSA 2"),
    ...                   ("2024-02-01", "New rota")])
    [(1, '2024-02-01', 'PDSA 1; New rota'), (2, '2024-05-01', 'PDSA 2')]
    """
    grouped: dict[Any, tuple[Any, list[str]]] = {}
    for x, text in annotations:
        stamp = as_datetime(x)
        key = stamp if stamp is not None else (number(x) if is_number(x) else str(x))
        grouped.setdefault(key, (x, []))[1].append(str(text))
    return [(i + 1, x, "; ".join(texts)) for i, (x, texts) in enumerate(grouped.values())]
