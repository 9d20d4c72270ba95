"""Individual feedback: a clinician's own results, and the written feedback coaches give.

Nobody sees another named clinician's results; `qicommons/audits/feedback.py` says how
peers stay anonymous.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qicommons.accounts.http import SignedInRequest
from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import Access, children_of, get_partnership_for_user

from .. import charts
from ..feedback import own_feedback
from ..forms import FeedbackForm
from ..models import CaseReview, Feedback


@login_required
def my_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    get_partnership_for_user(request.user, slug)
    return redirect("audits:clinician_feedback", slug, request.user.pk)


@login_required
def clinician_feedback_page(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """A clinician's own results. For ANYONE else, coach, lead or programme staff
    included, this URL does not exist (404): nobody sees another named clinician's results.
    """
    partnership = get_partnership_for_user(request.user, slug)
    if user_id != request.user.pk:
        raise Http404
    own = own_feedback(request.user, partnership, request.GET.get("audit"))
    return render(
        request,
        "audits/my_feedback.html",
        {
            "partnership": partnership,
            "audits": own.audits,
            "audit": own.audit,
            "cycle": own.cycle,
            "items": own.items,
            "funnels": charts.funnel_plots(own.items),
            "written": children_of(partnership, Feedback)
            .filter(clinician=request.user)
            .select_related("coach", "audit"),
            "reviews": children_of(partnership, CaseReview).filter(clinician=request.user),
        },
    )


@login_required
def feedback_new(request: SignedInRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.COACH)
    form = FeedbackForm(request.POST or None, partnership=partnership, coach=request.user)
    if confirming(form):
        form.instance.partnership = partnership
        form.instance.coach = request.user
        form.save()
        messages.success(request, _("Feedback sent. Only that clinician can read it."))
        return redirect("audits:feedback_new", slug)
    given = (
        children_of(partnership, Feedback).filter(coach=request.user).select_related("clinician")
    )
    return render(
        request,
        "audits/feedback_form.html",
        {"partnership": partnership, "form": form, "given": given},
    )
