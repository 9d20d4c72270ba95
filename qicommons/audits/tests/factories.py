"""Small builders for audit objects inside the test world's partnerships."""

from datetime import date, timedelta

from qicommons.audits.actions import record_case
from qicommons.audits.models import ActionItem, Audit, AuditCycle, CaseReview, Criterion, Meeting


def make_audit(partnership, organisation=None, n_criteria=3, **extra) -> Audit:
    organisation = organisation or partnership.organisations.order_by("pk").first()
    audit = Audit.objects.create(
        partnership=partnership,
        organisation=organisation,
        title=extra.pop("title", "Partograph use"),
        guideline_name="WHO recommendations: intrapartum care",
        guideline_body="WHO",
        guideline_year=2018,
        **extra,
    )
    for n in range(1, n_criteria + 1):
        Criterion.objects.create(
            audit=audit,
            number=n,
            statement=f"Criterion statement {n}",
            numerator="women who had it",
            denominator="women in labour",
            target=90,
        )
    return audit


def make_cycle(audit, kind=AuditCycle.Kind.BASELINE, label="Baseline", start=None) -> AuditCycle:
    start = start or date(2025, 1, 1)
    return AuditCycle.objects.create(
        audit=audit, kind=kind, label=label, period_start=start, period_end=start + timedelta(27)
    )


def add_case(cycle, reference, results, clinician=None):
    """results: a list of 'met' / 'not_met' / 'na' / 'exception', one per criterion."""
    criteria = list(cycle.audit.criteria.all())
    answers = {
        c.pk: (r, "documented reason" if r == "exception" else "")
        for c, r in zip(criteria, results, strict=True)
    }
    return record_case(cycle=cycle, reference=reference, answers=answers, clinician=clinician)


def make_review(partnership, reviewer, **extra) -> CaseReview:
    return CaseReview.objects.create(
        partnership=partnership,
        organisation=partnership.organisations.order_by("pk").first(),
        reference_hash="a" * 64,
        reviewer=reviewer,
        overall_rating=3,
        overall_judgement="Adequate care overall.",
        **extra,
    )


def make_meeting(partnership) -> Meeting:
    return Meeting.objects.create(
        partnership=partnership,
        organisation=partnership.organisations.order_by("pk").first(),
        date=date(2025, 3, 1),
        title="March M&M",
        learning_points="Start the partograph on admission.",
    )


def make_action(partnership, due=None, **extra) -> ActionItem:
    return ActionItem.objects.create(
        partnership=partnership,
        organisation=partnership.organisations.order_by("pk").first(),
        title=extra.pop("title", "Put partographs in every admission pack"),
        due_date=due or date(2030, 1, 1),
        **extra,
    )
