"""How often the verdict is wrong, and how often it sees a real change.

Run from the repository root::

    python -m benchmarks.verdict_calibration            # 1,000 series a scenario, ~4 min
    python -m benchmarks.verdict_calibration --series 200

Each row is a scenario of ``spc.calibration.standard_scenarios`` (null series, steps of
1 and 2 sigma in the last 12 points with and without a phase mark, steps starting at
points 7-25 of 36, rare events, a 2-point baseline, a held +5 sigma change,
autocorrelated noise), drawn with fixed seeds; it prints the share of each verdict.
Better is up in every scenario, so on a null series "improvement" and "deterioration"
are both false verdicts. The README's calibration table is this output.
"""

import argparse
import time

from spc.calibration import rates, simulate, standard_scenarios


def run(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verdict_calibration")
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv or [])
    started = time.perf_counter()
    print(f"{'scenario':42s} {'improve':>8s} {'worse':>8s} {'none':>8s} {'too few':>8s}")
    for scenario in standard_scenarios():
        r = rates(simulate(scenario, args.series, args.seed))
        print(
            f"{scenario.name:42s} {r['improvement']:8.3f} {r['deterioration']:8.3f} "
            f"{r['no_signal']:8.3f} {r['too_little_data']:8.3f}"
        )
    print(f"{args.series} series a scenario, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    import sys

    run(sys.argv[1:])
