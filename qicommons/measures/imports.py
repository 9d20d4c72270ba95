"""Reading a measure's data from a CSV or XLSX file, and writing it back out.

`parse_table` checks every cell of a file read by `qicommons.lib.tables.read_table`
against the measure and returns either the rows to save or every problem found, each named by
its row (as the spreadsheet numbers it, the header being row 1) and column. Nothing is
saved here: `actions.import_points` saves all rows in one transaction, or none.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qicommons.lib import spreadsheets

from .models import DataPoint, Measure

MAX_ROWS = 5000

# Accepted header names (lower case) for each column; the export writes the first.
COLUMNS = {
    "period": ("period", "date", "week", "month"),
    "value": ("value", "numerator"),
    "denominator": ("denominator",),
    "values": ("values",),
    "note": ("note", "notes", "comment"),
}
COLUMN_LABELS = {
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value"),
    "denominator": gettext_lazy("denominator"),
    "values": gettext_lazy("values"),
    "note": gettext_lazy("note"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; row None means the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Row:
    line: int
    period: date
    value: float
    denominator: float | None = None
    values: tuple[float, ...] = ()
    note: str = ""

    def to_session(self) -> list:
        return [
            self.line,
            self.period.isoformat(),
            self.value,
            self.denominator,
            list(self.values),
            self.note,
        ]

    @classmethod
    def from_session(cls, item: list) -> "Row":
        line, period, value, denominator, values, note = item
        return cls(line, date.fromisoformat(period), value, denominator, tuple(values), note)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _empty(row) -> bool:
    return all(_blank(c) for c in row)


def parse_date(cell) -> date:
    """A date from a spreadsheet cell: a real date, YYYY-MM-DD, YYYY-MM or DD/MM/YYYY."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return date(*map(int, text.split("-")))
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        year, month = map(int, text.split("-"))
        return date(year, month, 1)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        day, month, year = map(int, text.split("/"))
        return date(year, month, day)
    raise ValueError(text)


def parse_values(text: str, *, decimal_comma: bool = False) -> list[float]:
    """Numbers separated by spaces, commas or semicolons; ValueError names a bad one.

    Where the comma is the decimal separator (French, Portuguese, Spanish), "39,3" is
    one number and only spaces and semicolons separate values.

    >>> parse_values("36.1, 36.4;35.9")
    [36.1, 36.4, 35.9]
    >>> parse_values("39,3 40,1; 38.5", decimal_comma=True)
    [39.3, 40.1, 38.5]
    """
    out = []
    separators = r"[\s;]+" if decimal_comma else r"[\s,;]+"
    for item in re.split(separators, text.strip()):
        if item:
            try:
                out.append(parse_number(item.replace(",", ".") if decimal_comma else item))
            except ValueError:
                raise ValueError(item) from None
    return out


def parse_number(cell) -> float:
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        number = float(str(cell).strip().replace(" ", ""))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(cell)
    return number


def _find_columns(header: list, measure: Measure) -> tuple[dict[str, int], list[Problem]]:
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    where: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases or name == str(COLUMN_LABELS[key]).lower():
                where[key] = index
                break
    needed = ["period", "values" if measure.has_subgroups else "value"]
    if measure.needs_denominator:
        needed.append("denominator")
    problems = [
        Problem(
            None,
            str(COLUMN_LABELS[key]),
            _("The column “%(column)s” is missing from the header row.")
            % {"column": COLUMN_LABELS[key]},
        )
        for key in needed
        if key not in where
    ]
    return where, problems


def parse_table(measure: Measure, table: list[list]) -> Parsed:
    """Check every row against the measure; see the module docstring."""
    parsed = Parsed()
    # Blank rows are skipped, but every row keeps the number the spreadsheet shows for it.
    numbered = [(line, row) for line, row in enumerate(table or [], start=1) if not _empty(row)]
    if not numbered:
        parsed.problems.append(Problem(None, "", _("The file is empty.")))
        return parsed
    header = numbered[0][1]
    where, problems = _find_columns(header, measure)
    if problems:
        parsed.problems = problems
        return parsed
    if len(numbered) < 2:
        parsed.problems.append(Problem(None, "", _("The file has a header but no data rows.")))
        return parsed
    if len(numbered) - 1 > MAX_ROWS:
        parsed.problems.append(
            Problem(
                None, "", _("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS}
            ),
        )
        return parsed
    label = {key: str(header[index]).strip() for key, index in where.items()}
    seen: dict[date, int] = {}
    for line, cells in numbered[1:]:
        row = _parse_row(measure, line, cells, where, label, parsed.problems)
        if row is None:
            continue
        if row.period in seen:
            parsed.problems.append(
                Problem(
                    line,
                    label["period"],
                    _("%(period)s is already in row %(other)d.")
                    % {"period": measure.period_label(row.period), "other": seen[row.period]},
                )
            )
            continue
        seen[row.period] = line
        parsed.rows.append(row)
    if parsed.problems:
        parsed.rows = []
    return parsed


def _parse_row(measure, line, cells, where, label, problems) -> Row | None:
    def cell(key):
        index = where.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    before = len(problems)
    period = value = denominator = None
    values: list[float] = []
    if _blank(cell("period")):
        problems.append(Problem(line, label["period"], _("The period is missing.")))
    else:
        try:
            period = measure.period_for(parse_date(cell("period")))
        except ValueError:
            problems.append(
                Problem(
                    line,
                    label["period"],
                    _("“%(cell)s” is not a date (write it as 2025-03-31).")
                    % {"cell": cell("period")},
                )
            )
    numbers = [("denominator", False)] if measure.needs_denominator else []
    numbers.insert(0, ("value", measure.has_subgroups))
    parsed_numbers = {}
    for key, optional in numbers:
        raw = cell(key)
        if _blank(raw):
            if not optional:
                problems.append(Problem(line, label[key], _("A number is missing.")))
            continue
        try:
            parsed_numbers[key] = parse_number(raw)
        except ValueError:
            problems.append(
                Problem(
                    line,
                    label[key],
                    _("“%(cell)s” is not a number (use a dot for decimals).") % {"cell": raw},
                )
            )
    value, denominator = parsed_numbers.get("value"), parsed_numbers.get("denominator")
    if measure.has_subgroups:
        raw = cell("values")
        try:
            values = parse_values(str(raw)) if not _blank(raw) else []
        except ValueError as exc:
            problems.append(
                Problem(
                    line,
                    label["values"],
                    _("“%(cell)s” is not a number.") % {"cell": exc.args[0]},
                )
            )
        value = sum(values) / len(values) if values else None
    if len(problems) > before:
        return None
    found = measure.problems(value, denominator, values)
    for key, message in found.items():
        problems.append(Problem(line, label.get(key, str(COLUMN_LABELS[key])), message))
    if found:
        return None
    assert period is not None and value is not None  # refused above when missing
    note = "" if _blank(cell("note")) else str(cell("note")).strip()[:300]
    return Row(line, period, value, denominator, tuple(values), note)


def preview(measure: Measure, rows: list[Row]) -> list[tuple[Row, str]]:
    """Each row with what saving it will do: create, update or unchanged."""
    existing = {p.period: p for p in DataPoint.objects.filter(measure=measure)}
    out = []
    for row in rows:
        old = existing.get(row.period)
        if old is None:
            action = "create"
        elif (old.value, old.denominator, tuple(old.values), old.note) == (
            row.value,
            row.denominator,
            row.values,
            row.note,
        ):
            action = "unchanged"
        else:
            action = "update"
        out.append((row, action))
    return out


def export_rows(measure: Measure) -> tuple[list[str], list[list]]:
    """Header and rows of the measure's data, in the format the import reads."""
    header = ["period", "numerator" if measure.needs_denominator else "value"]
    if measure.needs_denominator:
        header.append("denominator")
    if measure.has_subgroups:
        header.append("values")
    header.append("note")
    rows = []
    for p in measure.points.order_by("period"):
        row = [p.period, p.value]
        if measure.needs_denominator:
            row.append(p.denominator)
        if measure.has_subgroups:
            row.append(" ".join(f"{v:g}" for v in p.values))
        row.append(p.note)
        rows.append(row)
    return header, rows


def export_csv(measure: Measure) -> bytes:
    header, rows = export_rows(measure)
    return spreadsheets.csv_bytes(header, ([_plain(c) for c in row] for row in rows))


def _plain(cell):
    """Dates as ISO text and whole numbers without ".0", as people typed them."""
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell == int(cell):
        return int(cell)
    return cell


def export_xlsx(measure: Measure) -> bytes:
    header, rows = export_rows(measure)
    return spreadsheets.xlsx_bytes(measure.name, header, rows)
