"""A cycle's answers as a spreadsheet, keyed by the case hash: no reference and no
clinician ever leave."""

import csv
import io

from .models import AuditCycle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cycle_rows(cycle: AuditCycle) -> tuple[list[str], list[list[str]]]:
    """The header, then one row per case: its hash, each result, each reason."""
    criteria = list(cycle.audit.criteria.all())
    header = [
        "case",
        *[f"C{c.number}" for c in criteria],
        *[f"C{c.number} reason" for c in criteria],
    ]
    rows = []
    for case in cycle.cases.prefetch_related("answers"):
        answers = {a.criterion_id: a for a in case.answers.all()}
        results = [answers[c.pk].result if c.pk in answers else "" for c in criteria]
        reasons = [answers[c.pk].reason if c.pk in answers else "" for c in criteria]
        rows.append([case.short_hash, *results, *reasons])
    return header, rows


def cycle_csv(cycle: AuditCycle) -> bytes:
    header, rows = cycle_rows(cycle)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def cycle_xlsx(cycle: AuditCycle) -> bytes:
    from openpyxl import Workbook

    header, rows = cycle_rows(cycle)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
