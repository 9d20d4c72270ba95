"""Structured case reviews, and the list of reviews and M&M meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import (
    Access,
    can,
    get_object_for_user,
    get_partnership_for_user,
)

from ..actions import record_review
from ..forms import ReviewForm
from ..models import CaseReview, with_sources


@login_required
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    reviews = partnership.case_reviews.select_related("reviewer", "organisation")
    meetings = partnership.mm_meetings.select_related("organisation").annotate(
        n_reviews=Count("reviews", distinct=True), n_actions=Count("actions", distinct=True)
    )
    return render(
        request,
        "audits/review_list.html",
        {
            "partnership": partnership,
            "reviews": reviews,
            "meetings": meetings,
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
        },
    )


@login_required
def review_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = ReviewForm(request.POST or None, partnership=partnership)
    if confirming(form):
        review = record_review(
            review=form.save(commit=False),
            partnership=partnership,
            reviewer=request.user,
            reference=form.cleaned_data["reference"],
        )
        messages.success(request, _("Case review saved."))
        return redirect(review)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("Structured case review")},
    )


@login_required
def review_detail(request: HttpRequest, slug: str, review_pk: int) -> HttpResponse:
    review = get_object_for_user(
        request.user,
        CaseReview.objects.select_related("partnership", "reviewer", "organisation"),
        pk=review_pk,
        partnership__slug=slug,
    )
    return render(
        request,
        "audits/review_detail.html",
        {
            "partnership": review.partnership,
            "review": review,
            "actions": with_sources(review.actions.all()),
            "can_contribute": can(request.user, Access.CONTRIBUTE, review.partnership),
        },
    )
