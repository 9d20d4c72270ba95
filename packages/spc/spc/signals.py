"""Signals as structured records: shifts, trends, crossings, sigma and two-of-three.

Each ``Signal`` names its kind, part, first and last point (positions from 1), side and
length, and whether it lies in the desired direction, so that the web app can put it
into words in any language; ``describe`` does so in English.
"""

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._typing import BoolArray, FloatArray, IntArray
from .mdc import MDCFlags
from .result import Signal
from .runs import RunsAnalysis

__all__ = ["describe", "mdc_signals", "run_signals", "sigma_signals"]


def _favourable(side: str | None, direction: str | None) -> bool | None:
    if direction is None or side is None:
        return None
    return side in (("above", "up") if direction == "up" else ("below", "down"))


def run_signals(
    ra: RunsAnalysis, part: int, offset: int, direction: str | None, with_crossings: bool = True
) -> list[Signal]:
    """Shift (and crossings) signals from one runs analysis; positions from 1.

    >>> import numpy as np
    >>> from spc.runs import runs_analysis
    >>> y = np.array([1.0] * 9 + [3.0] * 9)
    >>> [s.kind for s in run_signals(runs_analysis(y, np.full(18, 2.0), y > 0), 1, 0, "up")]
    ['shift', 'shift', 'crossings']
    """
    out = []
    for k in ra.long_runs:
        side = "above" if ra.run_sides[k] > 0 else "below"
        out.append(
            Signal(
                "shift",
                part,
                int(ra.run_starts[k]) + offset + 1,
                int(ra.run_ends[k]) + offset + 1,
                side,
                int(ra.run_lengths[k]),
                _favourable(side, direction),
            )
        )
    if with_crossings and ra.crossings_signal:
        assert ra.n_crossings is not None  # a crossings signal has its count
        out.append(
            Signal("crossings", part, offset + 1, offset + ra.n_obs, None, ra.n_crossings, None)
        )
    return out


def sigma_signals(
    y: FloatArray,
    lcl: FloatArray | float,
    ucl: FloatArray | float,
    positions: IntArray,
    part: int,
    direction: str | None,
) -> list[Signal]:
    """One signal per point beyond its 3-sigma limits; ``positions`` from 0.

    >>> import numpy as np
    >>> y = np.array([5.0, 12.0, -3.0])
    >>> [(s.start, s.side, s.favourable) for s in sigma_signals(y, 0, 10, np.arange(3), 1, "down")]
    [(2, 'above', False), (3, 'below', True)]
    """
    with np.errstate(invalid="ignore"):
        above = y > ucl
        below = y < lcl
    out = []
    for i in np.flatnonzero(above | below):
        side = "above" if above[i] else "below"
        pos = int(positions[i]) + 1
        out.append(Signal("sigma", part, pos, pos, side, 1, _favourable(side, direction)))
    return out


def spans(mask: BoolArray, side: NDArray[np.number[Any]]) -> list[tuple[int, int, int]]:
    """Maximal stretches of True in ``mask`` with one value of ``side``: (start, end, side)."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    brk = np.flatnonzero((np.diff(idx) != 1) | (side[idx][1:] != side[idx][:-1])) + 1
    starts = np.concatenate(([0], brk))
    ends = np.concatenate((brk - 1, [idx.size - 1]))
    return [
        (int(idx[s]), int(idx[e]), int(side[idx[s]])) for s, e in zip(starts, ends, strict=True)
    ]


def mdc_signals(
    flags: MDCFlags, positions: IntArray, part: int, direction: str | None
) -> list[Signal]:
    """Signals of the Making Data Count rules for one part; ``positions`` from 0.

    >>> import numpy as np
    >>> from spc.mdc import mdc_flags
    >>> y = np.array([10, 11, 9, 10, 11, 12, 13, 14, 15, 16, 17.0])
    >>> flags = mdc_flags(y, 12.0, 0.0, 24.0, 6.0, 18.0)
    >>> [(s.kind, s.start, s.end, s.side) for s in mdc_signals(flags, np.arange(11), 1, "up")]
    [('trend', 3, 11, 'up')]
    """
    out = []
    kinds = (
        ("sigma", flags.outside),
        ("trend", flags.trend),
        ("two_of_three", flags.two_of_three & ~flags.outside & ~flags.trend),
        ("shift", flags.shift),
    )
    for kind, mask in kinds:
        if kind == "sigma":
            found = [(int(i), int(i), int(flags.side[i])) for i in np.flatnonzero(mask)]
        elif kind == "shift":
            with np.errstate(invalid="ignore"):
                found = spans(mask, flags.run_side)
        elif kind == "trend":
            found = spans(mask, flags.trend_side)
        else:
            # The whole window of three, where one of its points takes this rule.
            found = [
                (a, b, sd)
                for a, b, sd in spans(flags.two_of_three_windows, flags.run_side)
                if mask[a : b + 1].any()
            ]
        for s, e, sd in found:
            if kind == "trend":
                side = "up" if sd > 0 else "down"
            else:
                side = "above" if sd > 0 else "below"
            out.append(
                Signal(
                    kind,
                    part,
                    int(positions[s]) + 1,
                    int(positions[e]) + 1,
                    side,
                    int(e - s + 1),
                    _favourable(side, direction),
                )
            )
    return out


_KIND_WORDS = {
    "shift": "a shift",
    "trend": "a trend",
    "crossings": "too few crossings of the centre line",
    "sigma": "a point beyond the 3-sigma limits",
    "held": "a change held beyond the limits",
    "two_of_three": "two out of three points near a limit",
}


def describe(signal: Signal) -> str:
    """A short English description of a signal.

    >>> describe(Signal("shift", 2, 25, 33, "below", 9, True))
    'a shift: 9 points in a row below the line (points 25-33), in the desired direction'
    """
    words = _KIND_WORDS[signal.kind]
    where = (
        f"point {signal.start}"
        if signal.start == signal.end
        else f"points {signal.start}-{signal.end}"
    )
    if signal.kind == "shift":
        text = f"{words}: {signal.length} points in a row {signal.side} the line ({where})"
    elif signal.kind == "trend":
        text = f"{words}: {signal.length} points going {signal.side} ({where})"
    elif signal.kind == "held":
        text = f"{words}: {signal.length} points in a row {signal.side} the limit ({where})"
    elif signal.kind == "crossings":
        text = f"{words}: {signal.length} crossings ({where})"
    else:
        text = f"{words}, {signal.side} ({where})"
    if signal.favourable is True:
        text += ", in the desired direction"
    elif signal.favourable is False:
        text += ", in the undesired direction"
    return text
