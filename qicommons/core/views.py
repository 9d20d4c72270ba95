from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qicommons.accounts.http import SignedInRequest
from qicommons.lib.history import recent_activity
from qicommons.partnerships.access import get_partnership_for_user, roles_of, visible_partnerships
from qicommons.partnerships.models import Role


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    partnerships = [
        (p, Role(roles[p.pk]).label if p.pk in roles else None)
        for p in visible_partnerships(user).order_by("name")
    ]
    # Programme staff see every partnership's activity; others, their own partnerships'.
    scope = None if user.is_programme_staff else list(roles)
    return render(
        request,
        "core/home.html",
        {"partnerships": partnerships, "activity": recent_activity(scope, limit=10)},
    )


@login_required
def switch(request: HttpRequest) -> HttpResponse:
    """The partnership switcher sends a slug; go there if the user may see it."""
    slug = request.GET.get("slug", "")
    return redirect(get_partnership_for_user(request.user, slug))
