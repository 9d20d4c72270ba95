"""Reading a measure's data from a CSV or XLSX file, and writing it back out.

`parse_table` checks every cell of a file read by `qicommons.lib.tables.read_table`
against the measure and returns either the rows to save or every problem found, each named by
its row (as the spreadsheet numbers it, the header being row 1) and column. Nothing is
saved here: `actions.import_points` saves all rows in one transaction, or none.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qicommons.lib import spreadsheets

from .models import DataPoint, Measure

MAX_ROWS = 5000

# Header names each column may have (compared after `normalise_header`), in English,
# French, Portuguese and Spanish; the export writes the first. A header that is none of
# these exactly but holds one as whole words ("PPH cases", "Total deliveries") is matched
# in a second pass, and the person importing can always choose the columns themselves.
COLUMNS = {
    "period": (
        "period",
        "date",
        "week",
        "week starting",
        "week beginning",
        "week commencing",
        "week ending",
        "week start",
        "month",
        "month starting",
        "day",
        "periode",
        "semaine",
        "debut de semaine",
        "semaine du",
        "mois",
        "jour",
        "periodo",
        "data",
        "semana",
        "inicio da semana",
        "mes",
        "dia",
        "fecha",
        "inicio de semana",
        "semana del",
    ),
    "value": (
        "value",
        "numerator",
        "cases",
        "events",
        "count",
        "number",
        "valeur",
        "numerateur",
        "cas",
        "evenements",
        "nombre",
        "valor",
        "numerador",
        "casos",
        "eventos",
        "numero",
        "contagem",
        "conteo",
    ),
    "denominator": (
        "denominator",
        "deliveries",
        "births",
        "admissions",
        "patients",
        "n",
        "total",
        "denominateur",
        "accouchements",
        "naissances",
        "denominador",
        "partos",
        "nascimentos",
        "nacimientos",
    ),
    "values": ("values", "valeurs", "valores", "measurements", "mesures", "medicoes", "mediciones"),
    "note": (
        "note",
        "notes",
        "comment",
        "comments",
        "remarque",
        "commentaire",
        "nota",
        "notas",
        "comentario",
        "observacao",
        "observaciones",
    ),
}
# Words too general to name a column when they only appear among others ("Number of
# deliveries" is a denominator, "Total PPH cases" a numerator); alone they still do.
EXACT_ONLY = {"n", "total", "number", "count", "nombre", "numero", "data", "day", "dia", "mes"}
# Among words, a denominator's name decides before a numerator's ("Number of deliveries").
WORDS_ORDER = ("period", "denominator", "value", "values", "note")
COLUMN_LABELS = {
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value or numerator"),
    "denominator": gettext_lazy("denominator"),
    "values": gettext_lazy("values"),
    "note": gettext_lazy("note"),
}


def normalise_header(name) -> str:
    """A header as the synonyms are written: lower case, no accents, words only.

    >>> normalise_header("  Début de semaine ")
    'debut de semaine'
    >>> normalise_header("PPH_cases (n)")
    'pph cases n'
    """
    if name is None:
        return ""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9]+", text.lower())).strip()


def column_keys(measure: Measure) -> tuple[list[str], list[str]]:
    """The columns the measure needs from a file, and those it may take."""
    needed = ["period", "values" if measure.has_subgroups else "value"]
    if measure.needs_denominator:
        needed.append("denominator")
    return needed, ["note"]


def guess_columns(header: list, measure: Measure) -> dict[str, int]:
    """The column (index into `header`) that each of the measure's columns most likely is.

    An exact synonym wins over one found among the header's words, and a column is given
    to one purpose only, so "Week starting, PPH cases, Deliveries" reads as period,
    numerator and denominator. Columns not found are left out.
    """
    needed, optional = column_keys(measure)
    keys = needed + optional
    names = [normalise_header(h) for h in header]
    taken: dict[str, int] = {}

    def take(key: str, matches) -> None:
        if key in taken:
            return
        for index, name in enumerate(names):
            if name and index not in taken.values() and matches(name, key):
                taken[key] = index
                return

    def exact(name: str, key: str) -> bool:
        return name in COLUMNS[key] or name == normalise_header(COLUMN_LABELS[key])

    def among_words(name: str, key: str) -> bool:
        padded = f" {name} "
        return any(
            f" {synonym} " in padded for synonym in COLUMNS[key] if synonym not in EXACT_ONLY
        )

    for key in keys:
        take(key, exact)
    for key in WORDS_ORDER:
        if key in keys:
            take(key, among_words)
    return {key: taken[key] for key in keys if key in taken}


def header_row(table: list[list]) -> list | None:
    """The file's header: its first row that is not blank."""
    return next((row for row in table or [] if not _empty(row)), None)


def session_table(table: list[list]) -> list[list]:
    """The table with every cell as JSON keeps it, to wait in the session while the
    person importing chooses the columns; blank rows stay (as []) so rows keep the
    numbers the spreadsheet shows. Spreadsheet dates become ISO dates, read back alike."""

    def cell(value):
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if value is None or isinstance(value, str | int | float):
            return value
        return str(value)

    return [[] if _empty(row) else [cell(c) for c in row] for row in table or []]


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


def _check_columns(
    header: list, measure: Measure, columns: dict[str, int]
) -> tuple[dict[str, int], list[Problem]]:
    needed, optional = column_keys(measure)
    where = {
        key: index
        for key, index in columns.items()
        if key in needed + optional and 0 <= index < len(header)
    }
    problems = [
        Problem(
            None,
            str(COLUMN_LABELS[key]),
            _("No column holds the %(column)s: name it in the header row or choose it below.")
            % {"column": COLUMN_LABELS[key]},
        )
        for key in needed
        if key not in where
    ]
    if len(set(where.values())) < len(where):
        problems.append(Problem(None, "", _("Each column can be chosen for one purpose only.")))
    return where, problems


def parse_table(
    measure: Measure, table: list[list], columns: dict[str, int] | None = None
) -> Parsed:
    """Check every row against the measure; see the module docstring.

    `columns` says which column (index into the header row) holds what; without it the
    columns are found by their headers (`guess_columns`).
    """
    parsed = Parsed()
    # Blank rows are skipped, but every row keeps the number the spreadsheet shows for it.
    numbered = [(line, row) for line, row in enumerate(table or [], start=1) if not _empty(row)]
    if not numbered:
        parsed.problems.append(Problem(None, "", _("The file is empty.")))
        return parsed
    header = numbered[0][1]
    if columns is None:
        columns = guess_columns(header, measure)
    where, problems = _check_columns(header, measure, columns)
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
    label = {key: column_name(header, index) for key, index in where.items()}
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


def column_name(header: list, index: int) -> str:
    """How problems and the column choice name a column: its header, or its number."""
    name = "" if header[index] is None else str(header[index]).strip()
    return name or _("column %(number)d") % {"number": index + 1}


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
