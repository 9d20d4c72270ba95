"""How often the verdict is wrong: seeded simulations of null and changed series.

Each scenario draws series with a fixed seed, runs them through ``spc.qic`` as the web
app would (no marks, or the marks named), and counts the verdicts. The benchmark
``benchmarks/verdict_calibration.py`` prints the whole table; the test suite runs a
smaller number of series of the same scenarios against the same budgets.

A step is measured in the chart's own sigma: 1 for I and run charts, sqrt(p(1 - p) / n)
for P charts at the average denominator, sqrt(lambda) for C charts, sqrt(lambda / n) for
U charts; G charts (cases between events, geometric) shift their mean by a factor.
"""

import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._typing import IntArray
from .charts import qic
from .errors import SPCError

__all__ = ["Scenario", "rates", "simulate", "standard_scenarios"]

STATUSES = ("improvement", "deterioration", "no_signal", "too_little_data")


@dataclass(frozen=True)
class Scenario:
    """One kind of series: its chart, length, change and marks. Better is up."""

    name: str
    chart: str = "i"
    size: int = 36
    rules: str = "anhoej"
    step: float = 0.0  # in sigma units (a factor on the mean for G charts)
    step_from: int | None = None  # first changed point, counted from 1
    step_to: int | None = None  # last changed point (default: the end)
    # Extra qic arguments (freeze, part), each of its own type.
    marks: dict[str, Any] = field(default_factory=dict)
    phi: float = 0.0  # AR(1) coefficient of the noise
    mean: float | None = None  # the count chart's mean events per point
    direction: str = "up"

    def draw(self, rng: np.random.Generator) -> tuple[NDArray[np.number[Any]], IntArray | None]:
        """y (and n) of one series."""
        size = self.size
        shift = np.zeros(size)
        if self.step and self.step_from:
            shift[self.step_from - 1 : self.step_to or size] = self.step
        if self.chart in ("i", "run"):
            noise = rng.standard_normal(size)
            if self.phi:
                for t in range(1, size):
                    noise[t] = self.phi * noise[t - 1] + np.sqrt(1 - self.phi**2) * noise[t]
            return 50 + 5 * (noise + shift), None
        if self.chart == "p":
            n = rng.integers(80, 121, size)
            p0 = 0.3 if self.mean is None else self.mean / 100
            p = p0 + shift * np.sqrt(p0 * (1 - p0) / 100)
            return rng.binomial(n, np.clip(p, 0, 1)), n
        if self.chart == "c":
            lam = 8.0 if self.mean is None else self.mean
            return rng.poisson(np.maximum(lam + shift * np.sqrt(lam), 0)), None
        if self.chart == "u":
            n = rng.integers(50, 151, size)
            rate = 0.1 if self.mean is None else self.mean / 100
            r = rate + shift * np.sqrt(rate / 100)
            return rng.poisson(np.maximum(r, 0) * n), n
        if self.chart == "g":
            mean = 20.0 * (1 + shift)  # cases between events
            return rng.geometric(1 / (mean + 1)) - 1, None
        raise ValueError(f"no generator for chart {self.chart!r}")


def simulate(scenario: Scenario, series: int, seed: int = 1) -> Counter[str]:
    """Verdict counts over ``series`` seeded draws of ``scenario``.

    A step of three sigma from point 13 of 36 is seen in every series:

    >>> simulate(Scenario("step", step=3.0, step_from=13), 50)
    Counter({'improvement': 50})
    """
    rng = np.random.default_rng([seed, zlib.crc32(scenario.name.encode())])
    out: Counter[str] = Counter()
    for _ in range(series):
        y, n = scenario.draw(rng)
        try:
            r = qic(
                y.tolist(),
                n=None if n is None else n.tolist(),
                chart=scenario.chart,
                rules=scenario.rules,
                direction=scenario.direction,
                **scenario.marks,
            )
            out[r.verdict.status] += 1
        except SPCError:
            out["too_little_data"] += 1
    return out


def rates(counts: Counter[str]) -> dict[str, float]:
    """Each verdict's share of the series, zero for those never given.

    >>> rates(Counter({"no_signal": 196, "improvement": 3, "deterioration": 1}))
    {'improvement': 0.015, 'deterioration': 0.005, 'no_signal': 0.98, 'too_little_data': 0.0}
    """
    total = sum(counts.values()) or 1
    return {s: counts.get(s, 0) / total for s in STATUSES}


def standard_scenarios() -> list[Scenario]:
    """The scenarios of the published calibration table.

    >>> table = standard_scenarios()
    >>> len(table), table[0].name
    (102, 'null run 24')
    """
    out = []
    for chart in ("run", "i", "p", "c", "u", "g"):
        for size in (24, 36, 52):
            out.append(Scenario(f"null {chart} {size}", chart=chart, size=size))
    for size in (24, 36, 52):
        out.append(Scenario(f"null i {size} mdc", chart="i", size=size, rules="mdc"))
    for chart in ("run", "i", "p", "c", "u"):
        for step in (1.0, 2.0):
            for size in (24, 36, 52):
                start = size - 11
                out.append(
                    Scenario(
                        f"step {step:g}sd last 12 {chart} {size}",
                        chart=chart,
                        size=size,
                        step=step,
                        step_from=start,
                    )
                )
                out.append(
                    Scenario(
                        f"step {step:g}sd last 12 {chart} {size} phase",
                        chart=chart,
                        size=size,
                        step=step,
                        step_from=start,
                        marks={"part": [start - 1]},
                    )
                )
    for step in (1.0, 2.0):
        out.append(
            Scenario(
                f"step {step:g}sd last 12 i 36 mdc", size=36, rules="mdc", step=step, step_from=25
            )
        )
    for chart in ("g",):
        out.append(Scenario("step x3 last 12 g 36", chart=chart, step=2.0, step_from=25))
    for start in (7, 13, 19, 25):
        out.append(Scenario(f"step 2sd from {start} i 36", step=2.0, step_from=start))
        out.append(
            Scenario(f"worse 2sd from {start} i 36", step=-2.0, step_from=start, direction="up")
        )
    for mean in (0.3, 0.5):
        out.append(Scenario(f"rare poisson {mean:g} c 36", chart="c", mean=mean))
    out.append(Scenario("null i 36 baseline of 2", marks={"freeze": 2}))
    out.append(Scenario("null run 36 baseline of 2", chart="run", marks={"freeze": 2}))
    out.append(
        Scenario("+5sd x6 after frozen 20", size=26, step=5.0, step_from=21, marks={"freeze": 20})
    )
    out.append(Scenario("+5sd x6 after 20, no marks", size=26, step=5.0, step_from=21))
    for size in (36, 52):
        out.append(Scenario(f"ar1 0.5 i {size}", size=size, phi=0.5))
        out.append(Scenario(f"ar1 0.5 run {size}", chart="run", size=size, phi=0.5))
    return out
