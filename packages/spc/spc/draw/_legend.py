"""The legend: its wording, which marks it names, and where it sits."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

# The default wording; render's lang_labels replaces any of it by key.
LABELS = {
    "centre": "Centre line",
    "median": "Median",
    "limits": "Control limits",
    "limits_2sigma": "2-sigma limits",
    "target": "Target",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral": "Special cause",
    "common": "Common cause",
    "excluded": "Excluded",
    "baseline": "Baseline",
    "baseline_line": "baseline",
    "decisive_improvement": "Improvement signal",
    "decisive_concern": "Concern signal",
    "no_data": "No data yet",
}


def labels(overrides: Mapping[str, object] | None) -> dict[str, str]:
    """The legend wording with a caller's overrides; unknown keys are ignored so the web
    app can pass one catalogue."""
    given = overrides or {}
    return {**LABELS, **{k: str(v) for k, v in given.items() if k in LABELS}}


class Legend:
    """The legend's entries, in the order their marks are drawn."""

    def __init__(self, wording: Mapping[str, str]) -> None:
        self.wording = wording
        self.handles: list[Artist] = []

    def add(self, key: str, handle: Artist) -> None:
        handle.set_label(self.wording[key])
        self.handles.append(handle)

    def place(self, fig: Figure, width_px: int, narrow: bool) -> None:
        """Under the plot, in as many columns as the labels' measured widths allow.

        Translated labels are longer than the English ones ("Limites de controlo"), so the
        columns are sized to the text itself, never to a fixed width per entry, and a
        label longer than the whole width wraps: no label is cut at the figure's edge.
        """
        if not self.handles:
            return
        texts = [str(h.get_label()) for h in self.handles]
        texts, ncols = fit(texts, width_px - 2 * MARGIN_PX, text_width)
        for handle, text in zip(self.handles, texts, strict=True):
            handle.set_label(text)
        fig.legend(
            handles=self.handles,
            loc="outside lower center",
            ncols=ncols,
            fontsize=FONT_PT,
            frameon=False,
            handlelength=HANDLE_EM,
            columnspacing=SPACING_EM,
            handletextpad=PAD_EM,
            borderaxespad=0.2,
        )


# The legend's text size (points) and its spacing in ems, as fig.legend is given them.
FONT_PT = 8.5
HANDLE_EM = 2.2
PAD_EM = 0.5
SPACING_EM = 1.2
# The figure's own padding on each side (its layout's w_pad) plus the legend's border pad.
MARGIN_PX = 6 / 72 * 100 + 0.4 * FONT_PT * 100 / 72 + 2


def text_width(text: str) -> float:
    """Width in pixels (100 dpi) of ``text`` in the legend's font, its widest line."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(size=FONT_PT)
    measure = TextToPath()
    widest = 0.0
    for line in text.split("\n"):
        # TextToPath measures in points at the font's size; 100 px to 72 points.
        w, _, _ = measure.get_text_width_height_descent(line, prop, ismath=False)
        widest = max(widest, float(w))
    return widest * 100 / 72


def fit(texts: list[str], room_px: float, width: Callable[[str], float]) -> tuple[list[str], int]:
    """The labels (wrapped if need be) and the most columns whose width fits ``room_px``.

    Entries fill columns in order, the first columns one longer, as matplotlib's legend
    fills them; each column is as wide as its widest entry (marker, pad and text).

    >>> fit(["Centre line", "Target"], 1000, lambda t: 6.0 * len(t))
    (['Centre line', 'Target'], 2)
    >>> fit(["Centre line", "Target"], 120, lambda t: 6.0 * len(t))
    (['Centre line', 'Target'], 1)
    >>> fit(["Limites de controlo"], 100, lambda t: 6.0 * max(map(len, t.split("\\n"))))
    (['Limites de\\ncontrolo'], 1)
    """
    em = FONT_PT * 100 / 72
    handle = (HANDLE_EM + PAD_EM) * em
    spacing = SPACING_EM * em

    def fits(labels: list[str], ncols: int) -> bool:
        size, extra = divmod(len(labels), ncols)
        start, total = 0, 0.0
        for c in range(ncols):
            end = start + size + (1 if c < extra else 0)
            total += handle + max(width(t) for t in labels[start:end])
            start = end
        return total + spacing * (ncols - 1) <= room_px

    for ncols in range(len(texts), 0, -1):
        if fits(texts, ncols):
            return texts, ncols
    # Even one column is too wide: wrap the long labels until they fit (a word longer
    # than the room stays whole on its line; there is nothing better to do with it).
    for chars in range(max(len(t) for t in texts), 0, -1):
        wrapped = [textwrap.fill(t, chars, break_long_words=False) for t in texts]
        if fits(wrapped, 1):
            return wrapped, 1
    return [textwrap.fill(t, 1, break_long_words=False) for t in texts], 1
