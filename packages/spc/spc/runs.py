"""Anhøj's runs rules: unusually long runs and unusually few crossings.

A run is a sequence of useful points on the same side of the centre line; points on
the line neither break nor extend a run, and missing or excluded points do not count.
A part signals when its longest run is longer than round(log2(n)) + 3 or its number
of crossings is below the 5% quantile of Binomial(n - 1, 0.5), n being the number of
useful points (Anhøj and Olesen 2014; qicharts2 0.8.1).
"""

from dataclasses import dataclass

import numpy as np

from ._typing import BoolArray, FloatArray
from .constants import box_signal, longest_run_max, n_crossings_min

__all__ = ["RunsAnalysis", "runs_analysis"]


@dataclass(frozen=True)
class RunsAnalysis:
    """The runs figures of one part, and where its runs are."""

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool
    run_starts: np.ndarray  # positions (within the part) of each run's first point
    run_ends: np.ndarray  # positions of each run's last point
    run_lengths: np.ndarray  # useful points in each run
    run_sides: np.ndarray  # +1 above the centre line, -1 below

    @property
    def long_runs(self) -> np.ndarray:
        """Indices of the runs longer than the longest run expected by chance."""
        if self.longest_run_max is None:
            return np.zeros(0, dtype=int)
        return np.flatnonzero(self.run_lengths > self.longest_run_max)

    @property
    def crossings_signal(self) -> bool:
        if self.n_crossings is None or self.n_crossings_min is None:
            return False
        return self.n_crossings < self.n_crossings_min


def runs_analysis(
    y: FloatArray, cl: FloatArray, include: BoolArray, method: str = "anhoej"
) -> RunsAnalysis:
    """Runs analysis of the included points of one part against their centre line.

    ``method`` "bestbox" or "cutbox" decides the runs signal by qicharts2's experimental
    rules (Anhøj and Wentzel-Larsen 2020) for 10 to 100 useful points, as qicharts2
    falls back to Anhøj's rules outside that range. The figures are always Anhøj's.

    >>> import numpy as np
    >>> y = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], dtype=float)
    >>> r = runs_analysis(y, np.full(10, 5.5), np.ones(10, bool))
    >>> r.n_useful, r.longest_run, r.longest_run_max, r.n_crossings, r.runs_signal
    (10, 5, 6, 1, True)
    """
    positions = np.flatnonzero(include)
    with np.errstate(invalid="ignore"):
        side = np.sign(y[positions] - cl[positions])
    useful = (side != 0) & ~np.isnan(side)
    positions, side = positions[useful], side[useful]
    n_useful = int(side.size)
    empty = np.zeros(0, dtype=int)
    if n_useful == 0:
        return RunsAnalysis(
            int(include.sum()), 0, None, None, None, None, False, empty, empty, empty, empty
        )
    change = np.flatnonzero(side[1:] != side[:-1]) + 1
    first = np.concatenate(([0], change))
    last = np.concatenate((change - 1, [n_useful - 1]))
    lengths = last - first + 1
    longest, limit = int(lengths.max()), longest_run_max(n_useful)
    crossings, minimum = int(lengths.size - 1), n_crossings_min(n_useful)
    signal = longest > limit or crossings < minimum
    if method != "anhoej":
        box = box_signal(method, n_useful, crossings, longest)
        signal = signal if box is None else box
    return RunsAnalysis(
        n_obs=int(include.sum()),
        n_useful=n_useful,
        longest_run=longest,
        longest_run_max=limit,
        n_crossings=crossings,
        n_crossings_min=minimum,
        runs_signal=bool(signal),
        run_starts=positions[first],
        run_ends=positions[last],
        run_lengths=lengths,
        run_sides=side[first].astype(int),
    )
