"""Benchmarks: `python -m benchmarks [name...]` runs them (all when no name is given).

Each benchmark is a module `benchmarks/<name>.py` with a `run()` that prints its figures
and the ratio against a baseline measured in the same process, so figures from machines
of different speeds stay comparable.
"""
