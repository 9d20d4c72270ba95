"""Individual feedback: one clinician's compliance against anonymised peers.

Privacy rules, each tested in tests/test_feedback.py:
- a clinician only ever gets their own named results;
- peers appear as unlabelled points, in a fresh random order on every request, with no
  id, name or stable order that could be matched across visits;
- with fewer than MIN_PEERS colleagues the comparison is withheld, because with one or
  two colleagues on a ward "anonymous" means "obviously Dr X".
"""

import random
from dataclasses import dataclass

from django.db.models import Count

from . import stats
from .models import ELIGIBLE, MET, Answer, Audit, AuditCycle, CaseRecord, Criterion

MIN_PEERS = 3
_shuffle = random.SystemRandom().shuffle


@dataclass
class CriterionFeedback:
    criterion: Criterion
    own: stats.Proportion
    peers: list[tuple[int, int]]
    group: stats.Proportion | None
    position: str | None

    @property
    def comparable(self) -> bool:
        return self.group is not None


def audits_with_cases_of(user, partnership):
    return (
        Audit.objects.filter(partnership=partnership, cycles__cases__clinician=user)
        .distinct()
        .order_by("-pk")
    )


def latest_cycle_of(user, audit) -> AuditCycle | None:
    return audit.cycles.filter(cases__clinician=user).order_by("-period_start", "-pk").first()


def clinician_feedback(user, cycle: AuditCycle) -> list[CriterionFeedback]:
    """Per criterion: this clinician's counts, peers' counts shuffled, the group proportion."""
    rows = (
        Answer.objects.filter(cycle=cycle, case__clinician__isnull=False)
        .values("case__clinician_id", "criterion_id")
        .annotate(met=Count("pk", filter=MET), eligible=Count("pk", filter=ELIGIBLE))
        .order_by()
    )
    by_criterion: dict[int, dict[int, tuple[int, int]]] = {}
    for r in rows:
        by_criterion.setdefault(r["criterion_id"], {})[r["case__clinician_id"]] = (
            r["met"],
            r["eligible"],
        )
    out = []
    for criterion in cycle.audit.criteria.all():
        counts = by_criterion.get(criterion.pk, {})
        own = counts.pop(user.pk, (0, 0))
        peers = [c for c in counts.values() if c[1] > 0]
        _shuffle(peers)
        group = position = None
        if len(peers) >= MIN_PEERS and own[1] > 0:
            met = own[0] + sum(p[0] for p in peers)
            n = own[1] + sum(p[1] for p in peers)
            group = stats.wilson_interval(met, n)
            position = stats.funnel_position(own[0], own[1], group.estimate)
        else:
            peers = []
        out.append(
            CriterionFeedback(criterion, stats.wilson_interval(*own), peers, group, position)
        )
    return out


def my_case_count(user, cycle) -> int:
    return CaseRecord.objects.filter(cycle=cycle, clinician=user).count()
