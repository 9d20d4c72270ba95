"""Reading x, y and n, and grouping rows that share an x into subgroups.

qicharts2 sorts subgroups by x: numbers numerically, dates chronologically, text
alphabetically. Text x has no time order, so its chart gets no runs analysis.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._typing import BoolArray, Column, FloatArray, IntArray, Keys, XKind
from .errors import SPCError

__all__ = ["Subgroups", "group_rows", "missing_x", "parse_numbers", "parse_x", "parse_x_text"]

MISSING_TOKENS = frozenset({"", "NA", "NaN", "nan", "N/A", "null", "None"})


def _is_missing(v: object) -> bool:
    if v is None or type(v).__name__ == "NAType":  # pandas.NA, without importing pandas
        return True
    if isinstance(v, str):
        return v.strip() in MISSING_TOKENS
    try:
        return bool(v != v)  # NaN and NaT
    except (TypeError, ValueError):
        return False


def missing_x(values: Column) -> BoolArray:
    """Which rows have no x (None, NaN, NaT, empty text, ``NA``): qicharts2 drops them.

    >>> missing_x(["2024-01-01", None, "", "NA", "2024-01-05"]).tolist()
    [False, True, True, True, False]
    """
    arr = _x_array(values)
    missing: BoolArray
    if arr.dtype.kind in "fc":
        missing = np.isnan(arr)
    elif arr.dtype.kind == "M":
        missing = np.isnat(arr)
    elif arr.dtype.kind in "iub":
        missing = np.zeros(arr.size, bool)
    else:
        missing = np.fromiter((_is_missing(v) for v in arr.astype(object)), bool, arr.size)
    return missing


def _x_array(values: Column) -> NDArray[Any]:
    if isinstance(values, np.ndarray):
        arr = values
    else:
        try:
            arr = np.asarray(values)
        except ValueError:
            arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise SPCError("x must be a flat sequence of values")
    return arr


def parse_numbers(values: Column, what: str) -> FloatArray:
    """Turn a sequence of numbers, numeric strings or missing values into floats.

    Missing values (None, NaN, empty text, ``NA``) become NaN. A value that is not a
    number raises SPCError naming the column and the row (counted from 1).

    >>> parse_numbers(["1", "", "NA", 2.5], "y").tolist()
    [1.0, nan, nan, 2.5]
    >>> parse_numbers(["1", "x"], "y")
    Traceback (most recent call last):
    ...
    spc.errors.SPCError: y: 'x' in row 2 is not a number
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        if values.ndim != 1:
            raise SPCError(f"{what} must be a flat sequence of values")
        return _finite(values.astype(float), what)
    try:
        arr = np.asarray(values, dtype=float)
    except (ValueError, TypeError):
        pass
    else:
        if arr.ndim != 1:
            raise SPCError(f"{what} must be a flat sequence of values")
        return _finite(arr, what)
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise SPCError(f"{what} must be a flat sequence of values")
    text = arr.astype(str)
    stripped = np.char.strip(text)
    missing = np.isin(stripped, list(MISSING_TOKENS)) | _is_none(arr)
    cleaned = np.where(missing, "nan", stripped)
    try:
        return _finite(cleaned.astype(float), what)
    except ValueError:
        pass
    for i, v in enumerate(arr, 1):
        if _is_missing(v):
            continue
        try:
            float(v)
        except (ValueError, TypeError):
            raise SPCError(f"{what}: {v!r} in row {i} is not a number") from None
    raise SPCError(f"{what} holds values that are not numbers")  # pragma: no cover


def _is_none(values: NDArray[Any]) -> BoolArray:
    # numpy's stubs do not let None be compared, as object arrays can.
    none: BoolArray = np.equal(values, None)  # type: ignore[call-overload]
    return none


def _finite(arr: FloatArray, what: str) -> FloatArray:
    bad = np.flatnonzero(np.isinf(arr))
    if bad.size:
        raise SPCError(f"{what}: infinite value in row {bad[0] + 1}")
    return arr


def parse_x(values: Column) -> tuple[XKind, Keys]:
    """Classify and convert x: returns (kind, keys), kind one of number, date, text.

    Numbers sort numerically, ISO dates (``YYYY-MM-DD``, optionally with a time)
    chronologically, anything else alphabetically. A missing x raises SPCError.

    >>> parse_x(["2024-02-01", "2024-01-01"])[0]
    'date'
    >>> parse_x([3, 1, 2])
    ('number', array([3., 1., 2.]))
    >>> parse_x(["ward B", "ward A"])[0]
    'text'
    """
    kind, keys, _ = parse_x_text(values)
    return kind, keys


def parse_x_text(
    values: Column, rows: IntArray | None = None
) -> tuple[XKind, Keys, NDArray[np.str_] | None]:
    """As ``parse_x``, also returning x as stripped text (None when x was not text).

    ``rows`` are the row numbers (from 1) of the values, for messages, when rows
    were dropped before.

    >>> parse_x_text(["2024-01-01 "])[2].tolist()
    ['2024-01-01']
    """
    arr = _x_array(values)
    row = row_numbers(rows)
    if arr.dtype.kind in "fiu":
        return "number", _finite_x(arr.astype(float), row), None
    if arr.dtype.kind == "M":
        if np.isnat(arr).any():
            raise SPCError(f"x is missing in row {row(np.flatnonzero(np.isnat(arr))[0])}")
        return "date", arr.astype("datetime64[s]"), None
    if arr.dtype.kind == "U":
        text, none = arr, np.zeros(arr.size, bool)
    else:
        objs = arr.astype(object)
        text = np.array([v.isoformat() if hasattr(v, "isoformat") else str(v) for v in objs])
        none = _is_none(objs)
    stripped = np.char.strip(text)
    missing = np.isin(stripped, list(MISSING_TOKENS)) | none
    if missing.any():
        raise SPCError(f"x is missing in row {row(np.flatnonzero(missing)[0])}")
    try:
        numbers = stripped.astype(float)
    except ValueError:
        pass
    else:
        return "number", _finite_x(numbers, row), None
    # ISO dates: four-digit year, dash, month (numpy would also take a bare year).
    if np.all(np.char.str_len(stripped) >= 10) and np.all(
        np.char.count(np.char.ljust(stripped, 10), "-", 0, 10) == 2
    ):
        try:
            keys = stripped.astype("datetime64[s]")
            if not np.isnat(keys).any():
                return "date", keys, stripped
        except ValueError:
            pass
    _refuse_other_dates(stripped, row)
    return "text", stripped, stripped


def row_numbers(rows: IntArray | None) -> Callable[[int], int]:
    """The input row number (from 1) of a value's index, for messages."""
    if rows is None:
        return lambda i: int(i) + 1
    return lambda i: int(rows[i])


def _finite_x(keys: FloatArray, row: Callable[[int], int]) -> FloatArray:
    bad = np.flatnonzero(~np.isfinite(keys))
    if bad.size:
        what = "missing" if np.isnan(keys[bad[0]]) else "not a finite number"
        raise SPCError(f"x is {what} in row {row(bad[0])}")
    return keys


# Month names and their short forms in the project's languages (en, fr, pt, es; not
# Portuguese "set" and "out", which would catch labels such as "Set 1"), and the little
# words that join a date's parts ("4 de enero de 2025", "1er mars").
_MONTHS = frozenset(
    [
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "janv",
        "janvier",
        "fev",
        "fevr",
        "février",
        "févr",
        "fevrier",
        "mars",
        "avr",
        "avril",
        "mai",
        "juin",
        "juil",
        "juillet",
        "aout",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "déc",
        "dec",
        "décembre",
        "decembre",
        "janeiro",
        "fevereiro",
        "março",
        "marco",
        "abr",
        "abril",
        "maio",
        "junho",
        "julho",
        "ago",
        "agosto",
        "setembro",
        "outubro",
        "dez",
        "dezembro",
        "ene",
        "enero",
        "febrero",
        "marzo",
        "mayo",
        "junio",
        "julio",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "dic",
        "diciembre",
    ]
)
_JOINERS = frozenset({"de", "del", "of", "the", "st", "nd", "rd", "th", "er"})
_NUMERIC_DATE = re.compile(
    r"^(\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})|\d{1,2}[/.-]\d{4})"
    r"([ T]\d.*)?$"
)


def _looks_like_a_date(text: str) -> bool:
    """A date written some other way than ISO 8601, or an ISO-shaped impossible date.

    Only whole values made of date parts count, so that labels such as "ward A",
    "2019-20" (a financial year) or "Mayo clinic 2" stay text.
    """
    if _NUMERIC_DATE.match(text):
        return True
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    if not any(w in _MONTHS for w in words) or not any(w.isdigit() for w in words):
        return False
    if re.search(r"[^\w\s,./-]", text):
        return False
    return all(
        w in _MONTHS or w in _JOINERS or (w.isdigit() and len(w) in (1, 2, 4)) for w in words
    )


def _is_iso_date(text: str) -> bool:
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        return not np.isnat(np.datetime64(text))
    except ValueError:
        return False


def _refuse_other_dates(text: NDArray[np.str_], row: Callable[[int], int]) -> None:
    """x meant as dates must be ISO 8601: other forms (03/04/2025) are ambiguous."""
    dated = np.fromiter((_looks_like_a_date(t) for t in text), bool, text.size)
    if not dated.any():
        return
    iso = np.fromiter((_is_iso_date(t) for t in text), bool, text.size)
    wrong = np.flatnonzero(dated & ~iso)
    bad = int(wrong[0] if wrong.size else np.flatnonzero(~iso)[0])
    raise SPCError(
        f"x must be ISO 8601 dates (YYYY-MM-DD): {str(text[bad])!r} in row {row(bad)} is not"
    )


@dataclass(frozen=True)
class Subgroups:
    """Rows aggregated by x, in x order; one entry per subgroup."""

    keys: Keys | None  # sorted distinct x keys (None: rows are their own subgroups)
    first_row: IntArray  # index of the first row of each subgroup (in input order)
    y: FloatArray  # the plotted value before any chart transform
    y_sum: FloatArray
    y_len: FloatArray
    y_mean: FloatArray
    y_sd: FloatArray
    n: FloatArray  # sum of denominators (NaN without one)


def group_rows(keys: Keys | None, y: FloatArray, n: FloatArray | None, agg: str) -> Subgroups:
    """Aggregate rows into subgroups sharing a key.

    With a denominator the value is sum(y) / sum(n); without one the rows aggregate by
    ``agg`` (mean, median or sum). Missing values are left out; a subgroup with no
    values is a gap (NaN).

    >>> g = group_rows(np.array([2.0, 1.0, 2.0]), np.array([4.0, 1.0, 6.0]), None, "mean")
    >>> g.y.tolist(), g.y_len.tolist()
    ([1.0, 5.0], [1.0, 2.0])
    """
    if n is not None:
        # As qicharts2: a row missing either its numerator or its denominator is a gap.
        gap = np.isnan(y) | np.isnan(n)
        y = np.where(gap, np.nan, y)
        n = np.where(gap, np.nan, n)
    valid = ~np.isnan(y)
    with np.errstate(invalid="ignore", divide="ignore"):
        if keys is None:
            first = np.arange(y.size)
            y_len = valid.astype(float)
            y_sum = y.copy()
            y_mean = y.copy()
            y_sd = np.full(y.size, np.nan)
            n_sum = n.copy() if n is not None else np.full(y.size, np.nan)
            value = y / n_sum if n is not None else y.copy()
            return Subgroups(None, first, value, y_sum, y_len, y_mean, y_sd, n_sum)
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        g = uniq.size
        y0 = np.where(valid, y, 0.0)
        y_len = _sums(inverse, valid.astype(float), g)
        y_sum = _sums(inverse, y0, g)
        y_sum[y_len == 0] = np.nan
        y_mean = y_sum / y_len
        dev = np.where(valid, y - y_mean[inverse], 0.0)
        ss = _sums(inverse, dev * dev, g)
        y_sd = np.where(y_len >= 2, np.sqrt(ss / (y_len - 1)), np.nan)
        if n is not None:
            n_sum = _sums(inverse, np.where(valid, n, 0.0), g)
            n_sum[y_len == 0] = np.nan
            value = y_sum / n_sum
        else:
            n_sum = np.full(g, np.nan)
            if agg == "sum":
                value = y_sum
            elif agg == "median":
                value = _group_median(inverse, y, y_len, g)
            else:
                value = y_mean
    return Subgroups(uniq, first, value, y_sum, y_len, y_mean, y_sd, n_sum)


def _sums(inverse: IntArray, weights: FloatArray, g: int) -> FloatArray:
    """The sum of ``weights`` in each of the ``g`` subgroups."""
    # bincount with weights gives floats; numpy's stubs say integers, and astype without
    # a copy says floats at no cost.
    return np.bincount(inverse, weights=weights, minlength=g).astype(float, copy=False)


def _group_median(inverse: IntArray, y: FloatArray, y_len: FloatArray, g: int) -> FloatArray:
    order = np.lexsort((y, inverse))  # NaN sorts last within each subgroup
    ys = y[order]
    starts = np.concatenate(([0], np.cumsum(np.bincount(inverse, minlength=g))[:-1]))
    cnt = y_len.astype(int)
    lo = starts + np.maximum(cnt - 1, 0) // 2
    hi = starts + cnt // 2
    med: FloatArray = (ys[lo] + ys[np.minimum(hi, ys.size - 1)]) / 2
    med[cnt == 0] = np.nan
    return med
