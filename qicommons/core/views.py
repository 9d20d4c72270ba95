from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qicommons.partnerships.access import get_partnership_for_user, roles_of, visible_partnerships


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    partnerships = [
        (p, roles.get(p.pk)) for p in visible_partnerships(request.user).order_by("name")
    ]
    return render(request, "core/home.html", {"partnerships": partnerships})


@login_required
def switch(request: HttpRequest) -> HttpResponse:
    """The partnership switcher sends a slug; go there if the user may see it."""
    slug = request.GET.get("slug", "")
    return redirect(get_partnership_for_user(request.user, slug))
