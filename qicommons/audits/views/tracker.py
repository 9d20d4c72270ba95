"""The action tracker: every improvement action, whichever audit, review or meeting it
came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import (
    Access,
    can,
    children_of,
    get_object_for_user,
    get_partnership_for_user,
)

from ..forms import ActionItemForm, ActionItemStatusForm
from ..models import ActionItem, Audit, CaseReview, Meeting, open_actions, with_sources

ACTION_SOURCES = {"audit": Audit, "meeting": Meeting, "review": CaseReview}


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    show = request.GET.get("show", "open")
    actions = with_sources(children_of(partnership, ActionItem))
    if show != "all":
        actions = open_actions(actions)
    return render(
        request,
        "audits/action_list.html",
        {
            "partnership": partnership,
            "actions": actions,
            "show": show,
            "today": timezone.localdate(),
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
        },
    )


def _source(request: HttpRequest, partnership) -> tuple[str, Audit | Meeting | CaseReview] | None:
    """The audit, meeting or review named in the query string, if any, and its key."""
    for key, model in ACTION_SOURCES.items():
        if request.GET.get(key):
            if not request.GET[key].isdigit():
                raise Http404
            return key, get_object_for_user(
                request.user, model, Access.CONTRIBUTE, pk=request.GET[key], partnership=partnership
            )
    return None


@login_required
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    named = _source(request, partnership)
    source = named[1] if named else None
    audit = source if isinstance(source, Audit) else None
    form = ActionItemForm(request.POST or None, partnership=partnership, audit=audit)
    if source is not None and not request.POST:
        form.initial.setdefault("organisation", source.organisation_id)
    if confirming(form):
        form.instance.partnership = partnership
        if named:
            setattr(form.instance, *named)
        form.save()
        messages.success(request, _("Action added to the tracker."))
        return redirect(
            source.get_absolute_url() if source else reverse("audits:actions", args=[slug])
        )
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("New action"), "source": source},
    )


@login_required
def action_edit(request: HttpRequest, slug: str, action_pk: int) -> HttpResponse:
    action = get_object_for_user(
        request.user,
        ActionItem.objects.select_related("partnership", "audit"),
        Access.CONTRIBUTE,
        pk=action_pk,
        partnership__slug=slug,
    )
    form = ActionItemForm(request.POST or None, instance=action, partnership=action.partnership)
    if confirming(form):
        action = form.save(commit=False)
        action.stamp_completion()
        action.save()
        return redirect("audits:actions", slug)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": action.partnership, "form": form, "title": _("Edit action")},
    )


@login_required
@require_POST
def action_status(request: HttpRequest, slug: str, action_pk: int) -> HttpResponse:
    """Change an action's status: the row for htmx, a redirect for a plain form post."""
    action = get_object_for_user(
        request.user,
        with_sources(ActionItem.objects.all()),
        Access.CONTRIBUTE,
        pk=action_pk,
        partnership__slug=slug,
    )
    form = ActionItemStatusForm(request.POST, instance=action)
    if form.is_valid():
        action.stamp_completion()
        action.save(update_fields=["status", "completed"])
    if request.headers.get("HX-Request"):
        return render(
            request,
            "audits/_action_row.html",
            {
                "action": action,
                "partnership": action.partnership,
                "today": timezone.localdate(),
                "can_contribute": True,
            },
            status=200 if form.is_valid() else 400,
        )
    if not form.is_valid():
        messages.error(request, _("That status is not one of the choices."))
    return redirect("audits:actions", slug)
