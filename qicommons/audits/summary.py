"""The results in plain words, for a ward meeting or a governance committee."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AuditCycle, CaseRecord, case_counts
from .stats import wilson_interval


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def plain_words(results) -> list[str]:
    """A few sentences: how many criteria met their target, and what changed since baseline."""
    latest = results.latest
    if latest is None:
        return [_("No data has been collected yet.")]
    sentences = []
    measured = [
        (c, results.proportion(latest, c))
        for c in results.criteria
        if results.proportion(latest, c).estimate is not None
    ]
    if not measured:
        return [_("No case in %(cycle)s has an answer yet.") % {"cycle": latest.label}]
    met = [c for c, p in measured if 100 * p.estimate >= c.target]
    sentences.append(
        ngettext(
            "In %(cycle)s, %(met)s of %(n)s criterion reached its target.",
            "In %(cycle)s, %(met)s of %(n)s criteria reached their target.",
            len(measured),
        )
        % {"cycle": latest.label, "met": len(met), "n": len(measured)}
    )
    overall = results.proportion(latest)
    if overall.estimate is not None:
        sentences.append(
            _(
                "%(pct)s of cases met every criterion that applied to them "
                "(95%% confidence interval %(lo)s to %(hi)s, %(n)s cases)."
            )
            % {
                "pct": _pct(overall.estimate),
                "lo": _pct(overall.lower),
                "hi": _pct(overall.upper),
                "n": overall.trials,
            }
        )
    for cycle, rows in results.comparisons():
        if cycle.pk != latest.pk:
            continue
        for criterion, diff in rows:
            if diff.estimate is None:
                continue
            name = (
                _("criterion %(n)s") % {"n": criterion.number}
                if criterion
                else _("all criteria together")
            )
            sentences.append(comparison_sentence(name, diff))
    return sentences


def comparison_sentence(name: str, diff) -> str:
    """One re-audit difference in words. The words follow `diff.direction`, which is read
    from the same Newcombe interval as the p-value, so they agree with the table."""
    if diff.direction == "up":
        text = _(
            "Compared with the baseline, %(name)s improved by %(d)s points "
            "(95%% CI %(lo)s to %(hi)s); chance alone is an unlikely explanation."
        )
    elif diff.direction == "down":
        text = _(
            "Compared with the baseline, %(name)s fell by %(d)s points "
            "(95%% CI %(lo)s to %(hi)s): this needs attention."
        )
    else:
        text = _(
            "For %(name)s the change since baseline (%(d)s points, 95%% CI %(lo)s "
            "to %(hi)s) could be chance: more cases or more time are needed."
        )
    return text % {
        "name": name,
        "d": f"{100 * abs(diff.estimate):.0f}"
        if diff.significant
        else f"{100 * diff.estimate:+.0f}",
        "lo": f"{100 * diff.lower:+.0f}",
        "hi": f"{100 * diff.upper:+.0f}",
    }


def latest_overall(audits) -> dict[int, tuple[AuditCycle, object]]:
    """audit id -> (latest cycle, its all-or-none compliance), in two queries."""
    cycles: dict = {}
    for audit in audits:
        for cycle in audit.cycles.all():  # prefetched by the caller
            if (
                cycle.audit_id not in cycles
                or cycle.period_start >= cycles[cycle.audit_id].period_start
            ):
                cycles[cycle.audit_id] = cycle
    ids = [c.pk for c in cycles.values()]
    counts = case_counts(CaseRecord.objects.filter(cycle_id__in=ids)) if ids else {}
    return {
        audit_id: (cycle, wilson_interval(*counts.get(cycle.pk, (0, 0))))
        for audit_id, cycle in cycles.items()
    }
