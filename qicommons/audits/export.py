"""A cycle's answers as a spreadsheet, keyed by the case hash: no reference and no
clinician ever leave."""

from qicommons.lib import spreadsheets

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
    return spreadsheets.csv_bytes(*cycle_rows(cycle))


def cycle_xlsx(cycle: AuditCycle) -> bytes:
    return spreadsheets.xlsx_bytes("cases", *cycle_rows(cycle))
