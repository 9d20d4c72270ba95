"""The audit app's main pages with a baseline and a re-audit of 40 cases each."""

from qicommons.audits.models import AuditCycle
from qicommons.testing import Page

from .factories import add_case, make_action, make_audit, make_cycle


def _audit(world):
    audit = make_audit(world.alpha, n_criteria=5)
    baseline = make_cycle(audit)
    again = make_cycle(audit, kind=AuditCycle.Kind.RE_AUDIT, label="Re-audit")
    for i in range(40):
        add_case(
            baseline,
            f"B-{i}",
            ["met" if i % 3 else "not_met"] * 5,
            clinician=world.users["member"] if i % 2 else world.users["coach"],
        )
        add_case(
            again,
            f"R-{i}",
            ["met" if i % 7 else "not_met"] * 5,
            clinician=world.users["member"] if i % 2 else world.users["coach"],
        )
    make_action(world.alpha)
    return audit


def _detail(world):
    return {"slug": world.alpha.slug, "pk": _audit(world).pk}


def _organisation(world):
    _audit(world)
    return {"slug": world.alpha.slug, "org_pk": world.org_alpha.pk}


PAGES = [
    Page("audits:list", "viewer", kwargs=lambda w: {"slug": w.alpha.slug}),
    Page("audits:detail", "member", kwargs=_detail),
    Page("audits:report", "member", kwargs=_detail),
    Page("audits:governance", "lead", kwargs=_organisation),
]
