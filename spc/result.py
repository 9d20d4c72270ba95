"""The immutable result of a chart: points, parts, signals and the verdict."""

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

__all__ = ["POINT_FIELDS", "PART_FIELDS", "Part", "Point", "Result", "Signal", "Verdict"]

POINT_FIELDS = (
    "x",
    "y",
    "n",
    "cl",
    "lcl",
    "ucl",
    "lcl_95",
    "ucl_95",
    "target",
    "part",
    "baseline",
    "include",
    "sigma_signal",
    "runs_signal",
    "classification",
)
PART_FIELDS = (
    "part",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "sigma_signals",
)
_NUMBER_FIELDS = ("y", "n", "cl", "lcl", "ucl", "lcl_95", "ucl_95", "target")


@dataclass(frozen=True)
class Point:
    """One subgroup on the chart. Missing numbers are None."""

    x: object
    y: float | None
    n: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    lcl_95: float | None
    ucl_95: float | None
    target: float | None
    part: int
    baseline: bool
    include: bool
    sigma_signal: bool
    runs_signal: bool
    classification: str


@dataclass(frozen=True)
class Part:
    """The runs analysis and signal count of one part (phase) of the chart."""

    part: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool
    sigma_signals: int


@dataclass(frozen=True)
class Signal:
    """A structured description of one signal, for putting into words in any language.

    ``start`` and ``end`` are point positions counted from 1, as ``part``, ``freeze``
    and ``exclude``. ``side`` is ``above`` or ``below`` the centre line (for a trend:
    ``up`` or ``down``; for too few crossings: None). ``favourable`` is None when no
    direction is given or the signal has no side.
    """

    kind: str  # shift, trend, crossings, sigma, two_of_three
    part: int
    start: int
    end: int
    side: str | None
    length: int
    favourable: bool | None


@dataclass(frozen=True)
class Verdict:
    """Whether the series shows sustained improvement; see ``spc.verdict.judge``."""

    status: str  # improvement, deterioration, no_signal, too_little_data
    direction: str | None
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]
    reference: str  # what the latest part was judged against

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "direction": self.direction,
            "reasons": list(self.reasons),
            "signals": [dict(vars(s)) for s in self.signals],
            "reference": self.reference,
        }


def _column(values: np.ndarray) -> list:
    out = values.tolist()
    if values.dtype.kind == "f":
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            out[i] = None
    return out


# JSON text of one value, by its exact type, as ``json.dumps`` writes it; other types
# (a float in x, say) go through ``json.dumps`` itself.
_JSON_BY_TYPE = {
    str: json.encoder.encode_basestring_ascii,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


def _float_texts(values: np.ndarray) -> list[str]:
    finite = np.isfinite(values)
    if not finite.any():
        return ["null"] * values.size
    out = list(map(float.__repr__, values.tolist()))
    for i in np.flatnonzero(~finite).tolist():
        out[i] = "null"
    return out


def _json_column(values) -> tuple[list[str], np.ndarray | None]:
    """The JSON text of a column's values, exactly as ``json.dumps`` writes them.

    Returns ``(texts, codes)``: value i is written ``texts[codes[i]]``, each distinct
    value once, when the column repeats values (centre lines, limits, flags); or
    ``(texts, None)`` with one text per value. Floats that are not finite are ``null``,
    as in ``to_dict``.

    >>> _json_column(np.array([1.5, np.nan, 1.5, 1.5]))
    (['1.5', 'null'], array([0, 1, 0, 0]))
    >>> _json_column(["a", 2, None, True])
    (['"a"', '2', 'null', 'true'], None)
    """
    if isinstance(values, np.ndarray):
        kind = values.dtype.kind
        if kind == "b":
            return ["false", "true"], values.astype(np.intp)
        if kind == "f":
            # Distinct values bit for bit, so that 0.0 and -0.0 stay apart.
            bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
            distinct, codes = np.unique(bits, return_inverse=True)
            if distinct.size * 2 <= bits.size:
                return _float_texts(distinct.view(np.float64)), codes.reshape(-1)
            return _float_texts(values), None
        if kind in "iu":
            distinct, codes = np.unique(values, return_inverse=True)
            return list(map(int.__repr__, distinct.tolist())), codes.reshape(-1)
        values = values.tolist()
    if set(map(type, values)) == {str}:
        encode = json.encoder.encode_basestring_ascii
        index = dict.fromkeys(values)
        if len(index) * 2 > len(values):
            return list(map(encode, values)), None
        texts = list(map(encode, index))
        index = {v: i for i, v in enumerate(index)}
        return texts, np.fromiter(map(index.__getitem__, values), np.intp, len(values))
    dumps = json.dumps
    return [_JSON_BY_TYPE.get(type(v), dumps)(v) for v in values], None


def _json_rows(columns: dict, names) -> str:
    """The JSON objects of the rows of ``columns``, comma-separated, as json.dumps has it.

    Runs of columns that repeat values are written as one piece of text per distinct
    combination, so that each row is filled in from a few pieces, not one per field.
    """
    coded = []
    for name in names:
        texts, codes = _json_column(columns[name])
        if codes is not None and len(texts) * 16 > codes.size:  # too many to combine
            texts, codes = list(map(texts.__getitem__, codes.tolist())), None
        coded.append((texts, codes))
    keys = [json.dumps(name) + ": " for name in names]
    fields, pieces = [], []
    i = 0
    while i < len(names):
        texts, codes = coded[i]
        if codes is None:
            fields.append(keys[i] + "%s")
            pieces.append(texts)
            i += 1
            continue
        j = i
        code = np.zeros(codes.size, dtype=np.int64)
        while j < len(names) and coded[j][1] is not None:
            size = len(coded[j][0])
            if (int(code.max(initial=0)) + 1) * size >= 2**62:  # renumber before overflow
                code = np.unique(code, return_inverse=True)[1].reshape(-1)
            code = code * size + coded[j][1]
            j += 1
        _, first, combination = np.unique(code, return_index=True, return_inverse=True)
        group = range(i, j)
        texts = [
            ", ".join(keys[k] + coded[k][0][coded[k][1][row]] for k in group)
            for row in first.tolist()
        ]
        fields.append("%s")
        pieces.append(list(map(texts.__getitem__, combination.reshape(-1).tolist())))
        i = j
    row = "{" + ", ".join(fields) + "}"
    return ", ".join(map(row.__mod__, zip(*pieces, strict=True)))


@dataclass(frozen=True)
class Result:
    """The chart: one record per point and per part, all signals, and the verdict.

    Columns are held as read-only numpy arrays; ``points`` builds records on demand.

    >>> import spc
    >>> r = spc.qic([3, 5, 4, 6], chart="i")
    >>> r.points[0].cl, r.to_dict()["points"][0]["x"]
    (4.5, 1)
    """

    chart: str
    rules: str
    columns: Mapping[str, object] = field(repr=False)  # read-only arrays, x a tuple
    parts: tuple[Part, ...]
    signals: tuple[Signal, ...]
    verdict: Verdict

    @cached_property
    def points(self) -> tuple[Point, ...]:
        cols = self._plain_columns()
        return tuple(Point(*row) for row in zip(*(cols[f] for f in POINT_FIELDS), strict=True))

    def _plain_columns(self) -> dict:
        cols = {}
        for f in POINT_FIELDS:
            values = self.columns[f]
            cols[f] = list(values) if isinstance(values, tuple | list) else _column(values)
        return cols

    def to_dict(self) -> dict:
        """Plain dicts and lists, ready for JSON: the shape the web app relies on."""
        cols = self._plain_columns()
        names = POINT_FIELDS
        points = [
            dict(zip(names, row, strict=True))
            for row in zip(*(cols[f] for f in names), strict=True)
        ]
        return {
            "chart": self.chart,
            "rules": self.rules,
            "points": points,
            **self.to_dict_without_points(),
        }

    def to_json(self, indent: int | None = None) -> str:
        """The chart as JSON; missing numbers are null.

        Without ``indent`` the points are written straight from the columns, which is
        several times faster than encoding a dict per point and gives the same text.
        """
        if indent is not None:
            return json.dumps(self.to_dict(), indent=indent, allow_nan=False)
        points = _json_rows(self.columns, POINT_FIELDS)
        text = json.dumps(
            {"chart": self.chart, "rules": self.rules, "points": None}
            | self.to_dict_without_points()
        )
        return text.replace('"points": null', '"points": [' + points + "]", 1)

    def to_dict_without_points(self) -> dict:
        return {
            "parts": [dict(vars(p)) for p in self.parts],
            "signals": [dict(vars(s)) for s in self.signals],
            "verdict": self.verdict.to_dict(),
        }

    def to_csv(self) -> str:
        """One CSV row per point; missing numbers are empty cells."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(POINT_FIELDS)
        cols = self._plain_columns()
        for row in zip(*(cols[f] for f in POINT_FIELDS), strict=True):
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()
