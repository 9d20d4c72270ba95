"""Run benchmarks by name: `python -m benchmarks [name...]`; `--list` names them."""

import importlib
import pkgutil
import sys
import time

import benchmarks


def available() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    names = available()
    if argv[:1] == ["--list"]:
        print("\n".join(names))
        return 0
    chosen = argv or names
    unknown = [name for name in chosen if name not in names]
    if unknown:
        print(
            f"unknown benchmark: {', '.join(unknown)}; choose from {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    for name in chosen:
        print(f"== {name}")
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").run()
        print(f"   ({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
