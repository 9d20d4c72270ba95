"""Exports that open safely in Excel, LibreOffice or Google Sheets: one writer for CSV
and one for XLSX, with every text cell passed through `safe_text`."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

# A cell starting with one of these runs as a formula when the file is opened
# (OWASP, "CSV Injection"): =HYPERLINK(...) can leak data or launch a program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# XML 1.0, inside every XLSX, cannot hold these; openpyxl refuses the whole file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_text(text: str) -> str:
    """The text as a spreadsheet shows it, never run: control characters dropped, and a
    leading apostrophe (which spreadsheets hide) where it would start a formula.

    >>> safe_text('=HYPERLINK("https://evil.example","click")')
    '\\'=HYPERLINK("https://evil.example","click")'
    >>> safe_text("no bell\\x07 here")
    'no bell here'
    """
    text = _CONTROL.sub("", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _safe(cell: Any) -> Any:
    return safe_text(cell) if isinstance(cell, str) else cell


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV of the header and rows, each text cell made safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([_safe(c) for c in header])
    for row in rows:
        writer.writerow(["" if c is None else _safe(c) for c in row])
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook of the header and rows, each text cell made safe."""
    from openpyxl import Workbook  # only exports need it; most requests never do

    book = Workbook(write_only=True)
    title = re.sub(r"[\\/?*\[\]:]", "-", safe_text(sheet_title).lstrip("'"))[:31]
    sheet = book.create_sheet(title=title or "data")
    sheet.append([_safe(c) for c in header])
    for row in rows:
        sheet.append([_safe(c) for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
