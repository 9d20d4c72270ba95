"""Individual feedback: one clinician's compliance against anonymised peers.

Privacy rules, each tested in tests/test_feedback.py:
- a clinician only ever gets their own named results;
- peers appear as unlabelled points, in a fresh random order on every request, with no
  id, name or stable order that could be matched across visits;
- with fewer than MIN_PEERS colleagues the comparison is withheld, because with one or
  two colleagues on a ward "anonymous" means "obviously Dr X";
- peers are never shown as exact (cases, compliance) points, which anyone who knows a
  colleague's caseload could match: only counts of peers in bands of cases and of
  compliance (`peer_bands`) reach the page.
"""

import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from . import stats
from .models import ELIGIBLE, MET, Answer, Audit, AuditCycle, CaseRecord, Criterion

MIN_PEERS = 3
# Below this many eligible cases one clinician's figure says too little to compare.
MIN_CASES = 5
# Bands of cases per clinician (1-4, 5-9, 10-19, ...) and of compliance (10% wide).
CASE_BAND_EDGES = (1, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
COMPLIANCE_BAND = 10
_shuffle = random.SystemRandom().shuffle


@dataclass
class CriterionFeedback:
    criterion: Criterion
    own: stats.Proportion
    peers: list[tuple[int, int]]
    group: stats.Proportion | None
    position: str | None
    dispersion: stats.Dispersion | None = None

    @property
    def comparable(self) -> bool:
        return self.group is not None

    @property
    def words(self) -> str:
        return position_words(self)


def audits_with_cases_of(user, partnership):
    return (
        Audit.objects.filter(partnership=partnership, cycles__cases__clinician=user)
        .distinct()
        .order_by("-pk")
    )


def latest_cycle_of(user, audit) -> AuditCycle | None:
    return audit.cycles.filter(cases__clinician=user).order_by("-period_start", "-pk").first()


@dataclass
class OwnFeedback:
    """What a clinician's own feedback page shows: the audits they have cases in, the one
    chosen (the newest unless `chosen` names another), its latest cycle with their cases,
    and their results there."""

    audits: list[Audit]
    audit: Audit | None
    cycle: AuditCycle | None
    items: list["CriterionFeedback"]


def own_feedback(user, partnership, chosen: str | None = None) -> OwnFeedback:
    audits = list(audits_with_cases_of(user, partnership))
    audit = next((a for a in audits if str(a.pk) == chosen), None)
    audit = audit or (audits[0] if audits else None)
    cycle = latest_cycle_of(user, audit) if audit else None
    items = clinician_feedback(user, cycle) if cycle else []
    return OwnFeedback(audits=audits, audit=audit, cycle=cycle, items=items)


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
        group = position = spread = None
        if len(peers) >= MIN_PEERS and own[1] > 0:
            met = own[0] + sum(p[0] for p in peers)
            n = own[1] + sum(p[1] for p in peers)
            group = stats.wilson_interval(met, n)
            pooled = float(group.estimate or 0)  # n > 0, so the estimate exists
            spread = stats.dispersion([own, *peers], pooled)
            if own[1] >= MIN_CASES:
                position = stats.funnel_position(*own, pooled, spread.tau2)
        else:
            peers = []
        out.append(
            CriterionFeedback(
                criterion,
                stats.wilson_interval(*own),
                peers,
                group,
                position,
                spread if group else None,
            )
        )
    return out


def my_case_count(user, cycle) -> int:
    return CaseRecord.objects.filter(cycle=cycle, clinician=user).count()


@dataclass(frozen=True)
class PeerBand:
    """How many peers have between `cases_from` and `cases_to` cases and compliance in
    [`percent_from`, `percent_to`) (the top band includes 100%)."""

    cases_from: int
    cases_to: int
    percent_from: int
    percent_to: int
    count: int


def _case_band(n: int) -> tuple[int, int]:
    for low, high in zip(CASE_BAND_EDGES, CASE_BAND_EDGES[1:], strict=False):
        if n < high:
            return low, high - 1
    return CASE_BAND_EDGES[-1], 2 * CASE_BAND_EDGES[-1]


def peer_bands(peers: list[tuple[int, int]]) -> list[PeerBand]:
    """Peers counted in bands, sorted by band, so no exact (met, eligible) pair survives.

    >>> peer_bands([(3, 4), (2, 3), (9, 12)])
    [PeerBand(cases_from=1, cases_to=4, percent_from=60, percent_to=70, count=1), \
PeerBand(cases_from=1, cases_to=4, percent_from=70, percent_to=80, count=1), \
PeerBand(cases_from=10, cases_to=19, percent_from=70, percent_to=80, count=1)]
    """
    cells: dict[tuple[int, int, int], int] = {}
    for met, n in peers:
        low = min(100 - COMPLIANCE_BAND, 100 * met // n // COMPLIANCE_BAND * COMPLIANCE_BAND)
        key = (*_case_band(n), low)
        cells[key] = cells.get(key, 0) + 1
    return [
        PeerBand(a, b, low, low + COMPLIANCE_BAND, count)
        for (a, b, low), count in sorted(cells.items())
    ]


def position_words(item) -> str:
    """The comparison label in words, or why there is none."""
    if item.position is None:
        return _("Fewer than %(n)s cases: no comparison yet.") % {"n": MIN_CASES}
    return _("You are %(where)s.") % {"where": POSITION_WORDS[item.position]()}


# The % in these sentences is a percent sign, not a placeholder ("95% li" would read
# as one): the comments tell xgettext, so translations are not checked as formats.
POSITION_WORDS = {
    "within": lambda: _("within the limits: your result is consistent with the group's"),
    # xgettext:no-python-format
    "high95": lambda: _("above the 95% limit: better than the group, probably not by chance"),
    # xgettext:no-python-format
    "high": lambda: _("above the 99.8% limit: clearly better than the group"),
    # xgettext:no-python-format
    "low95": lambda: _("below the 95% limit: worth a look, it may not be chance"),
    # xgettext:no-python-format
    "low": lambda: _("below the 99.8% limit: clearly below the group"),
}
