"""Morbidity and mortality meetings: who came, the reviews discussed, the actions agreed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import (
    Access,
    can,
    get_object_for_user,
    get_partnership_for_user,
)

from ..forms import MeetingForm
from ..models import Meeting, with_sources


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = MeetingForm(
        request.POST or None, partnership=partnership, initial={"date": timezone.localdate()}
    )
    if confirming(form):
        form.instance.partnership = partnership
        meeting = form.save()
        messages.success(request, _("Meeting recorded. Add its actions to the tracker."))
        return redirect(meeting)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("M&M meeting")},
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, meeting_pk: int) -> HttpResponse:
    meeting = get_object_for_user(
        request.user,
        Meeting.objects.select_related("partnership", "organisation"),
        pk=meeting_pk,
        partnership__slug=slug,
    )
    return render(
        request,
        "audits/meeting_detail.html",
        {
            "partnership": meeting.partnership,
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "reviews": meeting.reviews.select_related("reviewer"),
            "actions": with_sources(meeting.actions.all()),
            "can_contribute": can(request.user, Access.CONTRIBUTE, meeting.partnership),
        },
    )
