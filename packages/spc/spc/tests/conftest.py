import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
