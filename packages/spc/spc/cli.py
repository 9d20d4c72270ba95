"""Command line: ``spc --chart CHART --data FILE.csv --y COL ...``.

Reads a CSV file, computes the chart with ``spc.qic`` and writes JSON, CSV, SVG or
PNG. Bad input gives a one-line message on stderr and exit code 2.
"""

import argparse
import csv
import io
import sys
from typing import BinaryIO, NoReturn

from .errors import SPCError

__all__ = ["main"]

USAGE = (
    "spc --chart CHART --data FILE.csv --y COL [--x COL] [--n COL] "
    "[--part N,N... | --part-col COL] [--freeze N] [--exclude N,N...] [--multiply K] "
    "[--cl V] [--target V] [--agg mean|median|sum] [--no-negative-limits] "
    "[--unscreened-mr] [--rules anhoej|mdc] [--direction up|down] "
    "[--format json|csv|svg|png] [-o FILE] [--title TEXT]"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit code 2, no usage block
        raise SPCError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="spc", usage=USAGE, description="Run and control charts.")
    p.add_argument("--chart", default="run", help="run, i, mr, xbar, s, t, p, pp, c, u, up, g")
    p.add_argument("--data", required=True, help="CSV file with a header row")
    p.add_argument("--y", required=True, help="column of values (numerators)")
    p.add_argument("--x", help="column of subgroups (numbers, ISO dates or text)")
    p.add_argument("--n", help="column of denominators")
    parts = p.add_mutually_exclusive_group()
    parts.add_argument("--part", help="break positions, e.g. 24 or 12,24")
    parts.add_argument("--part-col", help="column of part labels")
    p.add_argument("--freeze", type=int, help="baseline: the first N points")
    p.add_argument("--exclude", help="positions to leave out of calculations, e.g. 3,7")
    p.add_argument("--multiply", type=float, default=1.0)
    p.add_argument("--cl", type=float, help="a given centre line")
    p.add_argument("--target", type=float)
    p.add_argument("--agg", default="mean", choices=["mean", "median", "sum"])
    p.add_argument("--no-negative-limits", action="store_true")
    p.add_argument("--unscreened-mr", action="store_true")
    p.add_argument("--rules", default="anhoej", choices=["anhoej", "mdc"])
    p.add_argument("--direction", choices=["up", "down"])
    p.add_argument(
        "--method",
        default="anhoej",
        choices=["anhoej", "bestbox", "cutbox"],
        help="runs rules: anhoej, or qicharts2's experimental bestbox or cutbox",
    )
    p.add_argument("--format", default="json", choices=["json", "csv", "svg", "png"])
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--title", default="")
    return p


def _int_list(text: str, what: str) -> list[int]:
    try:
        return [int(t) for t in text.replace(" ", "").split(",") if t]
    except ValueError:
        raise SPCError(f"--{what}: {text!r} is not a comma-separated list of positions") from None


def _column_index(path: str, header: list[str], names: list[str]) -> dict[str, int]:
    index = {}
    for name in names:
        if name not in header:
            raise SPCError(f"{path}: unknown column {name!r} (columns: {', '.join(header)})")
        index[name] = header.index(name)
    return index


def _plain_table(text: str) -> tuple[list[str], list[str]] | None:
    """Header and cells (row by row) of CSV text that needs no csv parsing, else None.

    That is text without quotes or carriage returns whose rows all have the header's
    number of cells and no blank line but a final newline: then splitting at commas
    and newlines reads exactly what ``csv.reader`` reads, several times faster. Any
    other text (and so every error message) is left to ``csv.reader``.

    >>> _plain_table("a, b\\n1,2\\n3,4\\n")
    (['a', 'b'], ['1', '2', '3', '4'])
    >>> _plain_table("a,b\\n1,2,3\\n4\\n") is None, _plain_table('a\\n"1"\\n') is None
    (True, True)
    """
    if '"' in text or "\r" in text or "\0" in text:
        return None
    import numpy as np  # here, so that the help and error paths start fast

    head, _, body = text.partition("\n")
    body = body.removesuffix("\n")
    if not body or body.startswith("\n") or "\n\n" in body:
        return None
    header = [h.strip() for h in head.split(",")]
    width = len(header)
    # Every row must end after exactly width - 1 commas.
    raw = np.frombuffer(body.encode(), dtype=np.uint8)
    seps = raw[(raw == ord(",")) | (raw == ord("\n"))]
    if (seps.size + 1) % width:
        return None
    rows = np.append(seps, ord("\n")).reshape(-1, width)
    if not (np.all(rows[:, -1] == ord("\n")) and np.all(rows[:, :-1] == ord(","))):
        return None
    cells = body.replace("\n", ",").split(",")
    if max(map(len, cells)) > csv.field_size_limit():
        return None  # csv.reader refuses such a cell
    return header, cells


def read_columns(path: str, names: list[str]) -> dict[str, list[str]]:
    """Read the named columns of a CSV file as text; unknown columns raise SPCError."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
        plain = _plain_table(text)
        if plain is not None:  # the common case, without csv's per-row work
            header, cells = plain
            index = _column_index(path, header, names)
            return {name: cells[i :: len(header)] for name, i in index.items()}
        reader = csv.reader(io.StringIO(text, newline=""))
        first = next(reader, None)
        if first is None:
            raise SPCError(f"{path}: the file is empty")
        header = [h.strip() for h in first]
        index = _column_index(path, header, names)
        rows = list(filter(None, reader))
    except OSError as e:
        raise SPCError(f"{path}: cannot read the file ({e.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise SPCError(f"{path}: not a readable CSV file ({e})") from None
    if not rows:
        raise SPCError(f"{path}: no data rows")
    width = len(header)
    if set(map(len, rows)) != {width}:
        i = next(i for i, row in enumerate(rows) if len(row) != width)
        raise SPCError(f"{path}: data row {i + 1} has {len(rows[i])} cells, the header has {width}")
    table = list(zip(*rows, strict=True))
    return {name: list(table[i]) for name, i in index.items()}


def run(argv: list[str]) -> bytes:
    """Run the command line on ``argv`` and return the output bytes.

    >>> run(["--data", "missing.csv", "--y", "v"])
    Traceback (most recent call last):
    ...
    spc.errors.SPCError: missing.csv: cannot read the file (No such file or directory)
    """
    out = _produce(_parser().parse_args(argv))
    return out if isinstance(out, bytes) else "".join(out).encode()


def _write(f: BinaryIO, out: bytes | tuple[str, ...]) -> None:
    if isinstance(out, bytes):
        f.write(out)
        return
    for text in out:  # piece by piece: a long JSON text is copied once, to encode it
        f.write(text.encode())


def _produce(a: argparse.Namespace) -> bytes | tuple[str, ...]:
    """The output: text formats as pieces of text, pictures as bytes."""
    from .charts import qic
    from .grouping import parse_numbers

    names = [c for c in (a.y, a.x, a.n, a.part_col) if c]
    cols = read_columns(a.data, list(dict.fromkeys(names)))
    try:
        result = qic(
            parse_numbers(cols[a.y], "y"),
            x=cols[a.x] if a.x else None,
            n=parse_numbers(cols[a.n], "n") if a.n else None,
            chart=a.chart,
            part=_int_list(a.part, "part") if a.part else None,
            part_labels=cols[a.part_col] if a.part_col else None,
            freeze=a.freeze,
            exclude=_int_list(a.exclude, "exclude") if a.exclude else None,
            multiply=a.multiply,
            cl=a.cl,
            target=a.target,
            agg=a.agg,
            negative_limits=not a.no_negative_limits,
            screened_mr=not a.unscreened_mr,
            rules=a.rules,
            direction=a.direction,
            method=a.method,
        )
    except SPCError as e:
        raise SPCError(f"{a.data}: {_in_file_terms(str(e), a)}") from None
    if a.format == "json":
        return (result.to_json(), "\n")
    if a.format == "csv":
        return (result.to_csv(),)
    try:
        # matplotlib only when a picture is asked for; spc.draw imports it lazily, so ask
        # here, where a missing drawing extra can still be said in one line.
        import matplotlib  # noqa: F401

        from . import draw
    except ImportError:
        raise SPCError(
            f"--format {a.format} needs matplotlib: pip install 'qicommons-spc[draw]'"
        ) from None
    return draw.render(result.to_dict(), fmt=a.format, title=a.title)


def _in_file_terms(message: str, a: argparse.Namespace) -> str:
    """Name the CSV columns and data rows instead of the API's y, n, x and rows."""
    for role, column in (("y", a.y), ("n", a.n), ("x", a.x)):
        if column and message.startswith(f"{role}:"):
            message = f"column {column!r}:" + message[len(role) + 1 :]
        elif column and message.startswith(f"{role} is missing"):
            message = f"column {column!r} is missing" + message[len(role) + 11 :]
    return message.replace(" in row ", " in data row ").replace(" (row ", " (data row ")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``spc`` command and ``python -m spc``; returns the exit code.

    >>> main(["--data", "no-such-file.csv", "--y", "v"])
    2
    """
    argv = sys.argv[1:] if argv is None else argv
    try:
        a = _parser().parse_args(argv)
        out = _produce(a)
    except SPCError as e:
        print(f"spc: error: {str(e).splitlines()[0]}", file=sys.stderr)
        return 2
    try:
        if a.output:
            with open(a.output, "wb") as f:
                _write(f, out)
        else:
            _write(sys.stdout.buffer, out)
            sys.stdout.flush()
    except OSError as e:
        print(f"spc: error: cannot write {a.output or 'output'} ({e.strerror})", file=sys.stderr)
        return 2
    return 0
