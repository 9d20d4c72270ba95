"""Partnership pages. Each view: fetch through access.py, validate, call an action, answer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.lib.history import history_rows, latest, object_history

from . import actions
from .access import (
    Access,
    can,
    check_programme_staff,
    children_of,
    choosable_organisations,
    get_object_for_user,
    get_partnership_for_user,
)
from .forms import (
    InviteForm,
    OrganisationFilterForm,
    PartnershipFilterForm,
    PartnershipForm,
    RoleForm,
)
from .models import Invitation, Membership, Organisation, Partnership, Role


def _members(partnership: Partnership) -> list[Membership]:
    """Members, leads first (roles in their declared order), then by name."""
    rows = partnership.memberships.select_related("user")
    return sorted(rows, key=lambda m: (Role.values.index(m.role), str(m.user).lower()))


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "organisations": partnership.organisations.all(),
            "members": _members(partnership),
            "can_manage": can(request.user, Access.MANAGE, partnership),
        },
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    form = PartnershipForm(
        request.POST or None,
        instance=partnership,
        organisations=choosable_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        actions.update_partnership(
            partnership=form.save(commit=False),
            organisations=form.cleaned_data["organisations"],
            by=request.user,
        )
        messages.success(request, _("The partnership was saved."))
        return redirect(partnership)
    return render(request, "partnerships/edit.html", {"partnership": partnership, "form": form})


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    can_manage = can(request.user, Access.MANAGE, partnership)
    invitations = (
        partnership.invitations.pending().select_related("invited_by") if can_manage else []
    )
    return render(
        request,
        "partnerships/members.html",
        {
            "partnership": partnership,
            "members": _members(partnership),
            "invitations": invitations,
            "can_manage": can_manage,
            "roles": Role.choices,
        },
    )


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_to_manage(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            actions.change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
    return redirect("partnerships:members", slug=slug)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_to_manage(request, slug, pk)
    try:
        actions.remove_member(membership=membership, by=request.user)
    except actions.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
        if membership.user == request.user:
            return redirect("core:home")  # a lead who left no longer sees the partnership
    return redirect("partnerships:members", slug=slug)


def _membership_to_manage(request, slug: str, pk: int) -> Membership:
    """The membership `pk` of partnership `slug`, for its leads; 404 if it is elsewhere."""
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    return get_object_for_user(
        request.user,
        Membership.objects.select_related("user"),
        Access.MANAGE,
        pk=pk,
        partnership=partnership,
    )


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.invite_member(
                partnership=partnership,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                # Not the request's Host header, which the sender of the request chooses.
                site_url=settings.SITE_URL,
            )
        except actions.MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link works for 7 days.")
                % {"email": invitation.email},
            )
            return redirect("partnerships:members", slug=slug)
    return render(request, "partnerships/invite.html", {"partnership": partnership, "form": form})


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    invitation = get_object_for_user(
        request.user, Invitation, Access.MANAGE, pk=pk, partnership=partnership
    )
    try:
        actions.revoke_invitation(invitation=invitation, by=request.user)
    except actions.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("partnerships:members", slug=slug)


@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    rows = object_history(partnership)
    return render(
        request,
        "partnerships/history.html",
        {"partnership": partnership, "rows": rows, "title": _("Partnership history")},
    )


@login_required
def members_history(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.MANAGE)
    records = latest(
        [
            children_of(partnership, Membership.history),
            children_of(partnership, Invitation.history),
        ]
    )
    return render(
        request,
        "partnerships/history.html",
        {
            "partnership": partnership,
            # Every row belongs to this partnership: naming it again is noise.
            "rows": history_rows(records, exclude=["partnership"]),
            "title": _("Membership history"),
        },
    )


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    check_programme_staff(request.user)
    filters = PartnershipFilterForm(request.GET or None)
    partnerships = filters.filter(
        Partnership.objects.annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related("organisations")
        .order_by("name")
    )
    return render(
        request,
        "partnerships/list.html",
        {"partnerships": partnerships, "filters": filters},
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    check_programme_staff(request.user)
    filters = OrganisationFilterForm(request.GET or None)
    organisations = filters.filter(
        Organisation.objects.prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.order_by("name"))
        )
    )
    return render(
        request,
        "partnerships/organisations.html",
        {"organisations": organisations, "filters": filters},
    )
