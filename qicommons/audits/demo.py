"""Demo content: a partograph audit in Zomba with a baseline, a re-audit that shows
improvement, an action plan (one action overdue), an M&M meeting with two structured
case reviews, and a coach's feedback to the demo member.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from qicommons.accounts.models import User
from qicommons.core.demo import DEMO_PASSWORD, demo_step
from qicommons.partnerships.models import Membership, Role

from .actions import record_case
from .models import (
    ActionItem,
    Audit,
    AuditCycle,
    CaseReview,
    Criterion,
    Feedback,
    Meeting,
    hash_case_reference,
)

MIDWIVES = [
    ("esther.chirwa@demo.qicommons.org", "Esther Chirwa"),
    ("mercy.kumwenda@demo.qicommons.org", "Mercy Kumwenda"),
    ("alinafe.mbewe@demo.qicommons.org", "Alinafe Mbewe"),
]

CRITERIA = [
    (
        "A partograph is started within one hour of admission in active labour.",
        "Women with a partograph started within 60 minutes of admission.",
        "Women admitted in the active first stage of labour.",
        "Admitted in the second stage and delivered within one hour.",
        90,
    ),
    (
        "The fetal heart rate is recorded at least every 30 minutes in the active first stage.",
        "Women with every 30-minute fetal heart rate entry on the partograph.",
        "Women in the active first stage for at least one hour on the ward.",
        "Emergency caesarean section decided on arrival.",
        90,
    ),
    (
        "Cervical dilatation is assessed and plotted at least every four hours.",
        "Women with vaginal examinations plotted no more than four hours apart.",
        "Women in the active first stage for more than four hours.",
        "",
        85,
    ),
    (
        "When the action line is crossed, a senior review is documented within 30 minutes.",
        "Women whose crossing of the action line was followed by a documented senior review.",
        "Women whose partograph crossed the action line.",
        "",
        100,
    ),
]

# Chance that each criterion is met, at baseline and at re-audit, by clinician.
BASELINE = [0.45, 0.55, 0.6, 0.5]
RE_AUDIT = [0.85, 0.8, 0.8, 0.75]


def _answers(rng, criteria, rates, skill):
    answers = {}
    for i, (criterion, rate) in enumerate(zip(criteria, rates, strict=True)):
        if i == 3 and rng.random() < 0.7:  # the action line was not crossed
            answers[criterion.pk] = ("na", "")
        elif i == 0 and rng.random() < 0.04:
            answers[criterion.pk] = ("exception", "Arrived fully dilated; born within the hour")
        else:
            met = rng.random() < min(0.98, rate * skill)
            answers[criterion.pk] = ("met" if met else "not_met", "")
    return answers


@demo_step
def audits_demo(partnerships, people):
    zomba = partnerships["zomba-northshire"]
    hospital = zomba.organisations.get(name="Zomba Central Hospital")
    lead = people["lead@demo.qicommons.org"]
    coach = people["coach@demo.qicommons.org"]
    member = people["member@demo.qicommons.org"]
    midwives = []
    for email, name in MIDWIVES:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        Membership.objects.create(user=user, partnership=zomba, role=Role.MEMBER)
        midwives.append(user)
    today = timezone.localdate()

    audit = Audit.objects.create(
        partnership=zomba,
        organisation=hospital,
        title="Partograph use in labour",
        clinical_area="Maternity: labour ward",
        guideline_name="WHO recommendations: intrapartum care for a positive childbirth experience",
        guideline_body="World Health Organization",
        guideline_year=2018,
        guideline_url="https://www.who.int/publications/i/item/9789241550215",
        aim="Every woman in labour is monitored on a partograph, and delays are acted on.",
        lead=lead,
        status=Audit.Status.ACTING,
        planned_start=date(2025, 1, 6),
        planned_end=today + timedelta(days=90),
    )
    criteria = [
        Criterion.objects.create(
            audit=audit,
            number=n,
            statement=s,
            numerator=num,
            denominator=den,
            exceptions=exc,
            target=target,
        )
        for n, (s, num, den, exc, target) in enumerate(CRITERIA, start=1)
    ]
    rng = random.Random(2025)  # noqa: S311 - demo data, reproducible on purpose
    clinicians = [
        (member, 0.9),
        (lead, 1.1),
        *[(m, s) for m, s in zip(midwives, (1.0, 0.8, 1.05), strict=True)],
    ]
    cycles = [
        (AuditCycle.Kind.BASELINE, "Baseline, January 2025", date(2025, 1, 6), BASELINE, "B"),
        (AuditCycle.Kind.RE_AUDIT, "Re-audit, June 2025", date(2025, 6, 2), RE_AUDIT, "R"),
    ]
    for kind, label, start, rates, prefix in cycles:
        cycle = AuditCycle.objects.create(
            audit=audit,
            kind=kind,
            label=label,
            period_start=start,
            period_end=start + timedelta(days=27),
            sampling_note=(
                "The first 40 women admitted in active labour, from the labour ward register."
            ),
        )
        for i in range(40):
            clinician, skill = clinicians[i % len(clinicians)]
            record_case(
                cycle=cycle,
                reference=f"LW-{prefix}{2025}-{i + 101}",
                answers=_answers(rng, criteria, rates, skill),
                clinician=clinician,
                entered_by=member,
            )
    for title, owner, due, status, criterion in [
        (
            "Put a blank partograph in every admission pack",
            member,
            date(2025, 2, 28),
            ActionItem.Status.DONE,
            criteria[0],
        ),
        (
            "Teach the 30-minute fetal heart check at every shift handover",
            coach,
            today + timedelta(days=30),
            ActionItem.Status.IN_PROGRESS,
            criteria[1],
        ),
        (
            "Agree a senior-review escalation rota with the obstetric team",
            lead,
            today - timedelta(days=21),
            ActionItem.Status.OPEN,
            criteria[3],
        ),
    ]:
        ActionItem.objects.create(
            partnership=zomba,
            organisation=hospital,
            audit=audit,
            criterion=criterion,
            title=title,
            owner=owner,
            due_date=due,
            status=status,
            completed=date(2025, 2, 20) if status == ActionItem.Status.DONE else None,
        )
    Audit.objects.create(
        partnership=zomba,
        organisation=hospital,
        title="Oxytocin within one minute of birth",
        clinical_area="Maternity: third stage of labour",
        guideline_name=(
            "WHO recommendations: uterotonics for the prevention of postpartum haemorrhage"
        ),
        guideline_body="World Health Organization",
        guideline_year=2018,
        lead=coach,
        status=Audit.Status.PLANNED,
        planned_start=today + timedelta(days=30),
        planned_end=today + timedelta(days=120),
    )

    reviews = [
        CaseReview.objects.create(
            partnership=zomba,
            organisation=hospital,
            reference_hash=hash_case_reference(zomba, "LW-MM-0412"),
            reviewer=coach,
            clinician=member,
            review_date=today - timedelta(days=40),
            summary="Prolonged first stage; the action line was crossed overnight.",
            admission_rating=4,
            admission_judgement="Prompt assessment and partograph started on arrival.",
            ongoing_rating=2,
            ongoing_judgement="Fetal heart not recorded for three hours overnight.",
            procedure_rating=3,
            procedure_judgement="Caesarean section performed appropriately once decided.",
            overall_rating=3,
            overall_judgement="Adequate care with a delay in escalation overnight.",
        ),
        CaseReview.objects.create(
            partnership=zomba,
            organisation=hospital,
            reference_hash=hash_case_reference(zomba, "LW-MM-0388"),
            reviewer=lead,
            review_date=today - timedelta(days=38),
            summary="Maternal death after postpartum haemorrhage; referred from a health centre.",
            died=True,
            admission_rating=3,
            admission_judgement="Resuscitation started promptly; blood took two hours to arrive.",
            perioperative_rating=3,
            perioperative_judgement="Theatre available within the hour.",
            end_of_life_rating=4,
            end_of_life_judgement="Family kept informed and supported.",
            overall_rating=3,
            overall_judgement="Care in hospital adequate; the delay began before arrival.",
            avoidability=4,
        ),
    ]
    meeting = Meeting.objects.create(
        partnership=zomba,
        organisation=hospital,
        date=today - timedelta(days=35),
        title="Maternity M&M",
        other_attendees="Two student midwives; the blood bank officer",
        cases_discussed=(
            "Two cases from the labour ward, reviewed beforehand with the structured "
            "judgement method."
        ),
        learning_points=(
            "Overnight fetal heart checks lapse when one midwife covers the whole ward.\n"
            "Blood for a haemorrhage must be requested at the first sign, not after theatre."
        ),
    )
    meeting.attendees.set([lead, coach, member, *midwives])
    meeting.reviews.set(reviews)
    ActionItem.objects.create(
        partnership=zomba,
        organisation=hospital,
        meeting=meeting,
        title="Keep two units of O-negative blood on the labour ward",
        owner=lead,
        due_date=today + timedelta(days=14),
    )
    Feedback.objects.create(
        partnership=zomba,
        coach=coach,
        clinician=member,
        audit=audit,
        text=(
            "Grace, your partographs are now started on time for almost every woman: well "
            "done. The gap is the overnight fetal heart checks; let's look at two of your "
            "night shifts together next week."
        ),
    )
