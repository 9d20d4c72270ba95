"""Every URL of the audits app, and what each person gets from it.

The personal feedback pages are the special case: `my-feedback/` sends each signed-in
member to their own page, and `clinicians/<id>/feedback/` is 200 for that clinician and
a 404 for EVERYONE else, the coach, the lead and programme staff included. A 404 rather
than a 403 so the URL does not even confirm whose results exist.
"""

from qicommons.testing import (
    Case,
    coach_page,
    contribute_page,
    expect,
    view_page,
)

from .factories import add_case, make_action, make_audit, make_cycle, make_meeting, make_review


def audit(w):
    return {"slug": "alpha", "pk": make_audit(w.alpha).pk}


def criterion(w):
    a = make_audit(w.alpha)
    return {"slug": "alpha", "pk": a.pk, "criterion_pk": a.criteria.first().pk}


def cycle(w):
    a = make_audit(w.alpha)
    return {"slug": "alpha", "pk": a.pk, "cycle_pk": make_cycle(a).pk}


def case(w):
    a = make_audit(w.alpha)
    c = make_cycle(a)
    record = add_case(c, "REG-1", ["met", "not_met", "na"])
    return {"slug": "alpha", "pk": a.pk, "cycle_pk": c.pk, "case_pk": record.pk}


def new_case_data(w):
    from qicommons.audits.models import Criterion

    data = {"reference": "REG-NEW"}
    for crit in Criterion.objects.filter(audit__partnership=w.alpha):
        data[f"c{crit.pk}"] = "met"
    return data


def action(w):
    return {"slug": "alpha", "action_pk": make_action(w.alpha).pk}


def review(w):
    return {"slug": "alpha", "review_pk": make_review(w.alpha, w.users["coach"]).pk}


def meeting(w):
    return {"slug": "alpha", "meeting_pk": make_meeting(w.alpha).pk}


def org(w):
    return {"slug": "alpha", "org_pk": w.org_alpha.pk}


def only(who: str, ok: int = 200) -> dict[str, int]:
    """A personal page: `who` gets it, everybody else (any role) a 404."""
    statuses = expect(viewer=404, member=404, coach=404, lead=404, programme=404)
    statuses[who] = ok
    return statuses


def personal(who):
    return lambda w: {"slug": "alpha", "user_id": w.users[who].pk}


def beta_audit(w):
    return {"slug": "alpha", "pk": make_audit(w.beta).pk}


ALPHA = lambda w: {"slug": "alpha"}  # noqa: E731
NOBODY = expect(viewer=404, member=404, coach=404, lead=404, programme=404)

CASES = [
    Case("audits:list", view_page(), kwargs=ALPHA),
    Case("audits:new", contribute_page(), kwargs=ALPHA),
    Case(
        "audits:new",
        contribute_page(302),
        kwargs=ALPHA,
        method="post",
        data=lambda w: {
            "title": "Oxytocin in the third stage",
            "organisation": w.org_alpha.pk,
            "guideline_name": "WHO intrapartum care",
            "status": "planned",
        },
    ),
    Case("audits:detail", view_page(), kwargs=audit),
    Case("audits:detail", NOBODY, kwargs=beta_audit, note=":other-partnership"),
    Case("audits:edit", contribute_page(), kwargs=audit),
    Case("audits:report", view_page(), kwargs=audit),
    Case("audits:paper_form", view_page(), kwargs=audit),
    Case("audits:criterion_new", contribute_page(), kwargs=audit),
    Case(
        "audits:criterion_new",
        contribute_page(302),
        kwargs=audit,
        method="post",
        data=lambda w: {
            "number": 4,
            "statement": "Blood pressure recorded four-hourly",
            "numerator": "women with it",
            "denominator": "women in labour",
            "target": 95,
        },
    ),
    Case("audits:criterion_edit", contribute_page(), kwargs=criterion),
    Case("audits:cycle_new", contribute_page(), kwargs=audit),
    Case("audits:cycle", view_page(), kwargs=cycle),
    Case("audits:case_new", contribute_page(), kwargs=cycle),
    Case(
        "audits:case_new",
        contribute_page(302),
        kwargs=cycle,
        method="post",
        data=new_case_data,
    ),
    Case("audits:case_delete", contribute_page(302), kwargs=case, method="post"),
    Case("audits:cycle_import", contribute_page(), kwargs=cycle),
    Case("audits:cycle_export", view_page(), kwargs=cycle),
    Case("audits:actions", view_page(), kwargs=ALPHA),
    Case("audits:action_new", contribute_page(), kwargs=ALPHA),
    Case("audits:action_edit", contribute_page(), kwargs=action),
    Case(
        "audits:action_status",
        contribute_page(302),
        kwargs=action,
        method="post",
        data=lambda w: {"status": "done"},
    ),
    Case("audits:reviews", view_page(), kwargs=ALPHA),
    Case("audits:review_new", contribute_page(), kwargs=ALPHA),
    Case("audits:review", view_page(), kwargs=review),
    Case("audits:meeting_new", contribute_page(), kwargs=ALPHA),
    Case("audits:meeting", view_page(), kwargs=meeting),
    Case(
        "audits:my_feedback",
        expect(viewer=302, member=302, coach=302, lead=302, programme=302),
        kwargs=ALPHA,
    ),
    *[
        Case("audits:clinician_feedback", only(who), kwargs=personal(who), note=f":{who}'s page")
        for who in ("viewer", "member", "coach", "lead")
    ],
    Case("audits:feedback_new", coach_page(), kwargs=ALPHA),
    Case(
        "audits:feedback_new",
        coach_page(302),
        kwargs=ALPHA,
        method="post",
        data=lambda w: {"clinician": w.users["member"].pk, "text": "Well done on criterion 1."},
    ),
    Case("audits:programme", view_page(), kwargs=org),
    Case(
        "audits:programme",
        NOBODY,
        kwargs=lambda w: {"slug": "alpha", "org_pk": w.org_beta.pk},
        note=":other-organisation",
    ),
    Case("audits:governance", view_page(), kwargs=org),
]
