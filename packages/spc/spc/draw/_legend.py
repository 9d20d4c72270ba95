"""The legend: its wording, which marks it names, and where it sits."""

from __future__ import annotations

from collections.abc import Mapping
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
        """Under the plot, in as many columns as the width holds."""
        if not self.handles:
            return
        ncols = max(1, min(len(self.handles), (width_px - 20) // (105 if narrow else 120)))
        fig.legend(
            handles=self.handles,
            loc="outside lower center",
            ncols=ncols,
            fontsize=8.5,
            frameon=False,
            handlelength=2.2,
            columnspacing=1.2,
            handletextpad=0.5,
            borderaxespad=0.2,
        )
