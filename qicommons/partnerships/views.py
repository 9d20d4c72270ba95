from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import Action, can, get_partnership_for_user


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    members = partnership.memberships.select_related("user").order_by("role", "user__email")
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "organisations": partnership.organisations.all(),
            "members": members,
            "can_manage": can(request.user, Action.MANAGE, partnership),
        },
    )
