"""The immutable result of a chart: points, parts, signals and the verdict."""

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from ._typing import IntArray

__all__ = [
    "POINT_FIELDS",
    "PART_FIELDS",
    "Part",
    "Point",
    "Reference",
    "Result",
    "Signal",
    "Verdict",
]

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

#: What json.loads would give back: its values are whatever JSON holds.
JSONDict: TypeAlias = dict[str, Any]
#: One column of the chart: a read-only array, or for x a tuple.
ColumnValues: TypeAlias = NDArray[Any] | tuple[object, ...]


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

    kind: str  # shift, trend, crossings, sigma, two_of_three, held
    part: int
    start: int
    end: int
    side: str | None
    length: int
    favourable: bool | None


@dataclass(frozen=True)
class Reference:
    """What the verdict judged against: earlier points, their centre and limits, and why.

    ``kind`` is ``previous_phase``, ``baseline`` (frozen) or ``default`` (the first
    useful points); ``start`` and ``end`` are its first and last positions (from 1);
    ``lower`` and ``upper`` its 3-sigma (or process) limits at its last point.
    """

    kind: str
    start: int
    end: int
    centre: float | None
    lower: float | None
    upper: float | None
    n_useful: int
    text: str
    why: str

    def startswith(self, prefix: str) -> bool:
        return self.text.startswith(prefix)


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """Whether the series shows sustained improvement; see ``spc.verdict.judge``.

    ``judged`` is the (first, last) position of the points judged against the
    reference; ``decisive`` the sustained signal the status rests on; ``cautions`` name
    what limits the judgement (``rare_events``, ``ties``, ``autocorrelation``) and
    ``suggested_chart`` the chart that fits such data better.
    """

    status: str  # improvement, deterioration, no_signal, too_little_data
    direction: str | None
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]
    reference: Reference | None
    judged: tuple[int, int] | None = None
    decisive: Signal | None = None
    cautions: tuple[str, ...] = ()
    suggested_chart: str | None = None

    def to_dict(self) -> JSONDict:
        """Plain dict for JSON.

        >>> Verdict(status="no_signal", direction=None, reasons=("No signal.",),
        ...         signals=(), reference=None).to_dict()["status"]
        'no_signal'
        """
        ref = self.reference
        return {
            "status": self.status,
            "direction": self.direction,
            "reasons": list(self.reasons),
            "signals": [dict(vars(s)) for s in self.signals],
            "reference": None if ref is None else dict(vars(ref)),
            "judged": None
            if self.judged is None
            else {"start": self.judged[0], "end": self.judged[1]},
            "decisive": None if self.decisive is None else dict(vars(self.decisive)),
            "cautions": list(self.cautions),
            "suggested_chart": self.suggested_chart,
        }


def _column(values: NDArray[Any]) -> list[object]:
    out: list[object] = values.tolist()
    if values.dtype.kind == "f":
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            out[i] = None
    return out


def _json_tokens(values: ColumnValues | list[object]) -> list[str]:
    """JSON text of each value of a column, exactly as json.dumps writes it.

    Whole columns go through the C encoder and are split apart again: outside a string
    ``", "`` cannot occur inside a JSON value (every quote in a string is escaped).
    Centre lines and limits repeat along a part, so each distinct run is encoded once.

    >>> _json_tokens(np.array([1.5, np.nan, 1.5]))
    ['1.5', 'null', '1.5']
    >>> _json_tokens(["a", "b, c"])
    ['"a"', '"b, c"']
    """
    if isinstance(values, tuple | list):
        values = list(values)
        tokens = json.dumps(values)[1:-1].split(", ")
        if len(tokens) == len(values):
            return tokens
        # Some text holds ", ": split only where a string ends and the next begins.
        return ['"' + t + '"' for t in json.dumps(values)[2:-2].split('", "')]
    kind = values.dtype.kind
    if kind in "biuf":
        starts = _run_starts(values)
        if starts.size * 4 < values.size:
            # Centre lines, limits, parts and flags repeat: encode each run once.
            lengths = np.diff(np.concatenate((starts, [values.size])))
            firsts = np.array(_encode_numbers(values[starts]), dtype=object)
            return np.repeat(firsts, lengths).tolist()
        if kind == "f":
            # P and U limits change with n at every point but take few distinct values:
            # encode each once (compared bit for bit, so -0.0 stays apart from 0.0).
            bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
            distinct, inverse = np.unique(bits, return_inverse=True)
            if distinct.size * 2 <= values.size:
                texts = _encode_numbers(distinct.view(np.float64))
                return list(map(texts.__getitem__, inverse.reshape(-1).tolist()))
        return _encode_numbers(values)
    labels = values.tolist()
    encoded = {v: json.dumps(v) for v in set(labels)}
    return list(map(encoded.__getitem__, labels))


def _run_starts(values: NDArray[Any]) -> IntArray:
    """Where each run of equal values starts (missing values equal each other)."""
    if values.size == 0 or values.strides[0] == 0:  # empty, or one value broadcast
        return np.zeros(min(values.size, 1), dtype=int)
    a, b = values[1:], values[:-1]
    change = a != b
    if values.dtype.kind == "f":
        change |= np.signbit(a) != np.signbit(b)  # 0.0 == -0.0, but JSON writes them apart
        change &= ~(np.isnan(a) & np.isnan(b))
    return np.flatnonzero(np.concatenate(([True], change)))


def _encode_numbers(values: NDArray[Any]) -> list[str]:
    if values.dtype.kind == "b":
        words: list[str] = np.where(values, "true", "false").tolist()
        return words
    if values.dtype.kind in "iu":
        return list(map(str, values.tolist()))
    return json.dumps(_column(values))[1:-1].split(", ")


@dataclass(frozen=True, eq=False)  # columns hold arrays: compare results by to_dict()
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
    columns: Mapping[str, ColumnValues] = field(repr=False)  # read-only arrays, x a tuple
    parts: tuple[Part, ...]
    signals: tuple[Signal, ...]
    verdict: Verdict

    @cached_property
    def points(self) -> tuple[Point, ...]:
        cols = self._plain_columns()
        return tuple(Point(*row) for row in zip(*(cols[f] for f in POINT_FIELDS), strict=True))

    def _plain_columns(self) -> dict[str, list[object]]:
        cols: dict[str, list[object]] = {}
        for f in POINT_FIELDS:
            values = self.columns[f]
            cols[f] = list(values) if isinstance(values, tuple | list) else _column(values)
        return cols

    def to_dict(self) -> JSONDict:
        """Plain dicts and lists, ready for JSON: the shape the web app relies on.

        >>> import spc
        >>> d = spc.qic([3, 5, None, 6], chart="i").to_dict()
        >>> sorted(d), d["points"][2]["y"], d["parts"][0]["n_useful"]
        (['chart', 'parts', 'points', 'rules', 'signals', 'verdict'], None, 3)
        """
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

        >>> import spc
        >>> spc.qic([3, 5, None, 6], chart="run").to_json()[:40]
        '{"chart": "run", "rules": "anhoej", "poi'
        """
        if indent is not None:
            return json.dumps(self.to_dict(), indent=indent, allow_nan=False)
        head = self.to_dict_without_points()
        columns = [_json_tokens(self.columns[f]) for f in POINT_FIELDS]
        size = len(columns[0])
        # Join each row from its varying tokens and the constant text between them
        # (keys, and values that are the same on every point, such as an I chart's
        # limits), so a row is built from a few pieces rather than thirty.
        pieces: list[list[str]] = []
        text = ""
        for i, (name, tokens) in enumerate(zip(POINT_FIELDS, columns, strict=True)):
            text += ("{" if i == 0 else ", ") + f'"{name}": '
            if tokens.count(tokens[0]) == size:
                text += tokens[0]
            else:
                pieces += [[text] * size, tokens]
                text = ""
        ends = [text + "}, "] * size  # each row's end and the comma before the next
        ends[-1] = text + "}"
        pieces.append(ends)
        doc = json.dumps({"chart": self.chart, "rules": self.rules, "points": None, **head})
        # One join of all the pieces makes the long text once: no string per row, and no
        # copy to add brackets or to put the points into the document.
        at = doc.index('"points": null')
        return "".join(
            chain(
                (doc[:at] + '"points": [',),
                chain.from_iterable(zip(*pieces, strict=True)),
                ("]" + doc[at + len('"points": null') :],),
            )
        )

    def to_dict_without_points(self) -> JSONDict:
        """Parts, signals and verdict as plain dicts (``to_dict`` without the points).

        >>> import spc
        >>> sorted(spc.qic([3, 5, 4, 6]).to_dict_without_points())
        ['parts', 'signals', 'verdict']
        """
        return {
            "parts": [dict(vars(p)) for p in self.parts],
            "signals": [dict(vars(s)) for s in self.signals],
            "verdict": self.verdict.to_dict(),
        }

    def to_csv(self) -> str:
        """One CSV row per point; missing numbers are empty cells.

        >>> import spc
        >>> print(spc.qic([3, 5, None, 6]).to_csv().splitlines()[3])
        3,,,5.0,,,,,,1,True,True,False,False,common_cause
        """
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(POINT_FIELDS)
        cols = self._plain_columns()
        for row in zip(*(cols[f] for f in POINT_FIELDS), strict=True):
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()
