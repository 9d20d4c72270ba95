"""Reading an uploaded spreadsheet into rows of cells, whatever the app that checks them.

A CSV saved on a ward computer may be UTF-8 or Windows-1252 and separated by commas,
semicolons (a French or Portuguese Excel) or tabs; an XLSX keeps its numbers and dates
as such. What the cells mean is for the caller to check.
"""

import csv
import io

from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    pass


def read_table(name: str, content: bytes) -> list[list]:
    """The file's rows as lists of cells (text for CSV; numbers and dates kept for XLSX)."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise UnreadableFile(_("The file is not text: save it as CSV (UTF-8)."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise UnreadableFile(_("The file could not be read as an XLSX spreadsheet.")) from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows
