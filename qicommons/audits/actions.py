"""Writes that touch several models or derive what they store: recording a case, importing
a cycle, recording a case review."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from qicommons.lib import tables

from .models import Answer, AuditCycle, CaseRecord, CaseReview, hash_case_reference


class DuplicateCase(ValueError):
    """The same case reference was already recorded in this cycle."""


@transaction.atomic
def record_case(
    *,
    cycle: AuditCycle,
    reference: str,
    answers: dict[int, tuple[str, str]],
    clinician=None,
    note: str = "",
    entered_by=None,
) -> CaseRecord:
    """Save one case and its answers, or nothing. `answers`: criterion id -> (result, reason)."""
    partnership = cycle.audit.partnership
    reference_hash = hash_case_reference(partnership, reference)
    if CaseRecord.objects.filter(cycle=cycle, reference_hash=reference_hash).exists():
        raise DuplicateCase(reference_hash)
    case = CaseRecord.objects.create(
        cycle=cycle,
        reference_hash=reference_hash,
        clinician=clinician,
        note=note,
        entered_by=entered_by,
    )
    bulk_create_with_history(
        [
            Answer(case=case, cycle=cycle, criterion_id=cid, result=result, reason=reason)
            for cid, (result, reason) in answers.items()
        ],
        Answer,
    )
    return case


@transaction.atomic
def record_review(*, review: CaseReview, partnership, reviewer, reference: str) -> CaseReview:
    """Save a review from its form, keeping only the hash of the case reference."""
    review.partnership = partnership
    review.reviewer = reviewer
    review.reference_hash = hash_case_reference(partnership, reference)
    review.save()
    return review


@dataclass(frozen=True)
class ImportError_:
    row: int
    column: str
    message: str


RESULT_WORDS = {
    "met": Answer.Result.MET,
    "yes": Answer.Result.MET,
    "y": Answer.Result.MET,
    "1": Answer.Result.MET,
    "not met": Answer.Result.NOT_MET,
    "not_met": Answer.Result.NOT_MET,
    "no": Answer.Result.NOT_MET,
    "n": Answer.Result.NOT_MET,
    "0": Answer.Result.NOT_MET,
    "na": Answer.Result.NOT_APPLICABLE,
    "n/a": Answer.Result.NOT_APPLICABLE,
    "not applicable": Answer.Result.NOT_APPLICABLE,
    "exception": Answer.Result.EXCEPTION,
}


def import_cycle(*, cycle: AuditCycle, header: list[str], rows: list[list], entered_by=None):
    """Import every row or none. Returns (cases created, errors by row and column).

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    audit = cycle.audit
    partnership = audit.partnership
    criteria = {f"C{c.number}": c for c in audit.criteria.all()}
    members = {
        u.email.lower(): u
        for u in partnership.members.all()  # the responsible clinician must be a member
    }
    columns = [str(h or "").strip() for h in header]
    lower = [c.lower() for c in columns]
    errors: list[ImportError_] = []
    if "reference" not in lower:
        errors.append(ImportError_(1, "reference", _("The header has no 'reference' column.")))
    for name in criteria:
        if name.lower() not in lower:
            errors.append(ImportError_(1, name, _("The header has no column for %s.") % name))
    if errors:
        return 0, errors

    def cell(values, name):
        i = lower.index(name.lower()) if name.lower() in lower else None
        if i is None or i >= len(values) or values[i] is None:
            return ""
        return str(values[i]).strip()

    parsed = []
    seen: dict = {}
    for number, values in enumerate(rows, start=2):
        if not any(str(v or "").strip() for v in values):
            continue
        reference = cell(values, "reference")
        if not reference:
            errors.append(ImportError_(number, "reference", _("The case reference is empty.")))
            continue
        reference_hash = hash_case_reference(partnership, reference)
        if reference_hash in seen:
            errors.append(
                ImportError_(
                    number,
                    "reference",
                    _("The same case as row %(row)s.") % {"row": seen[reference_hash]},
                )
            )
        seen[reference_hash] = number
        email = cell(values, "clinician").lower()
        clinician = None
        if email:
            clinician = members.get(email)
            if clinician is None:
                errors.append(
                    ImportError_(
                        number, "clinician", _("No member of the partnership has this email.")
                    )
                )
        answers = {}
        for name, criterion in criteria.items():
            word = cell(values, name).lower()
            result = RESULT_WORDS.get(word)
            if result is None:
                errors.append(
                    ImportError_(
                        number,
                        name,
                        _("'%(value)s' is not met, not met, n/a or exception.")
                        % {"value": cell(values, name)},
                    )
                )
                continue
            reason = cell(values, f"{name} reason") if result == Answer.Result.EXCEPTION else ""
            if result == Answer.Result.EXCEPTION and not reason:
                errors.append(
                    ImportError_(number, f"{name} reason", _("An exception needs a reason."))
                )
            answers[criterion.pk] = (result, reason)
        parsed.append((number, reference_hash, clinician, answers))
    existing = set(
        CaseRecord.objects.filter(
            cycle=cycle, reference_hash__in=[p[1] for p in parsed]
        ).values_list("reference_hash", flat=True)
    )
    for number, reference_hash, _clinician, _answers in parsed:
        if reference_hash in existing:
            errors.append(
                ImportError_(number, "reference", _("This case is already in the cycle."))
            )
    if errors:
        return 0, sorted(errors, key=lambda e: (e.row, e.column))
    with transaction.atomic():
        # with history, so imported cases are in the audit trail like typed ones
        cases = bulk_create_with_history(
            [
                CaseRecord(cycle=cycle, reference_hash=h, clinician=c, entered_by=entered_by)
                for _n, h, c, _a in parsed
            ],
            CaseRecord,
        )
        bulk_create_with_history(
            [
                Answer(case=case, cycle=cycle, criterion_id=cid, result=result, reason=reason)
                for case, (_n, _h, _c, answers) in zip(cases, parsed, strict=True)
                for cid, (result, reason) in answers.items()
            ],
            Answer,
        )
    return len(cases), []


def read_table(upload) -> tuple[list[str], list[list]]:
    """Header and rows from an uploaded CSV or XLSX file."""
    rows = tables.read_table(upload.name or "", upload.read())
    if not rows:
        return [], []
    return [str(h or "") for h in rows[0]], rows[1:]
