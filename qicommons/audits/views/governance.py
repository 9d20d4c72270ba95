"""One hospital's pages: its audit programme, and the governance summary for its
committee."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qicommons.partnerships.access import Access, can, children_of, get_partnership_for_user

from .. import summary
from ..models import ActionItem, CaseReview, Meeting, action_counts, open_actions, with_sources
from ._common import _organisation


@login_required
def programme(request: HttpRequest, slug: str, org_pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    organisation = _organisation(partnership, org_pk)
    audits = partnership.audits.filter(organisation=organisation).select_related("lead")
    return render(
        request,
        "audits/programme.html",
        {"partnership": partnership, "organisation": organisation, "audits": audits},
    )


@login_required
def governance(request: HttpRequest, slug: str, org_pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    organisation = _organisation(partnership, org_pk)
    audits = list(
        partnership.audits.filter(organisation=organisation)
        .select_related("lead")
        .prefetch_related("cycles")
    )
    latest = summary.latest_overall(audits)
    here = children_of(partnership, ActionItem).filter(organisation=organisation)
    return render(
        request,
        "audits/governance.html",
        {
            "partnership": partnership,
            "organisation": organisation,
            "audits": [(a, latest.get(a.pk)) for a in audits],
            "actions": with_sources(open_actions(here)),
            "counts": action_counts(here),
            "n_overdue_audits": sum(a.is_overdue for a in audits),
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
            "n_reviews": children_of(partnership, CaseReview)
            .filter(organisation=organisation)
            .count(),
            "n_meetings": children_of(partnership, Meeting)
            .filter(organisation=organisation)
            .count(),
            "today": timezone.localdate(),
        },
    )
