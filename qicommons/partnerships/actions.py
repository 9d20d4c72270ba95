"""Writes that change who belongs to a partnership.

Every change of membership goes through these functions, never through `save()` on a
form, because each one keeps a rule that spans rows: an invitation is accepted once, a
member is never invited twice, and a partnership always keeps at least one lead. Each
records who acted (`by`), so the audit trail names them even outside a web request.

The callers (views) have already asked `access.py` whether `by` may do this; these
functions check the data, not the permission.
"""

import logging
import secrets
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .access import forget_roles
from .models import Invitation, Membership, Partnership, Role, hash_token

logger = logging.getLogger(__name__)

__all__ = [
    "MembershipError",
    "accept_invitation",
    "change_role",
    "invite_member",
    "register_and_accept",
    "remove_member",
    "revoke_invitation",
    "update_partnership",
]


class MembershipError(ValueError):
    """A change that would break a membership rule; its message is shown to the user."""


def _as(obj, by):
    """Name the person who acts in the history record the next save or delete writes."""
    obj._history_user = by
    return obj


def _is_last_lead(membership: Membership) -> bool:
    """Whether this membership holds the partnership's only lead role.

    The partnership's lead rows are locked first, so two leads demoting each other at
    the same moment cannot both succeed and leave the partnership without one.
    """
    if membership.role != Role.LEAD:
        return False
    leads = list(
        Membership.objects.select_for_update()
        .filter(partnership_id=membership.partnership_id, role=Role.LEAD)
        .values_list("pk", flat=True)
    )
    return leads == [membership.pk]


@transaction.atomic
def invite_member(
    *, partnership: Partnership, email: str, role: str, by, site_url: str
) -> Invitation:
    """Invite `email` to join with `role` and send them the link; return the invitation.

    An earlier pending invitation to the same address is revoked, so only the newest
    link works. Someone who is already a member cannot be invited again. The returned
    invitation carries the token in `.token` (it is stored only as a hash), and the
    email is sent before the transaction commits: if sending fails, nothing is saved.
    """
    email = get_user_model().objects.normalize_email(email).lower()
    if partnership.memberships.filter(user__email__iexact=email).exists():
        raise MembershipError(
            _("%(email)s is already a member of this partnership.") % {"email": email}
        )
    if role not in Role.values:
        raise MembershipError(_("Choose a role."))
    now = timezone.now()
    for earlier in partnership.invitations.pending().filter(email__iexact=email):
        _as(earlier, by).revoked_at = now
        earlier.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = _as(
        Invitation(
            partnership=partnership,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=by,
            created=now,
            expires=now + Invitation.VALID_FOR,
        ),
        by,
    )
    invitation.save()
    invitation.token = token
    _send_invitation(invitation, site_url=site_url)
    return invitation


def _send_invitation(invitation: Invitation, *, site_url: str) -> None:
    """Email the link, in the invitee's language if they have an account and chose one,
    else in the language the lead is using."""
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "partnership": invitation.partnership,
        "url": site_url.rstrip("/")
        + reverse("accounts:accept_invitation", args=[invitation.token]),
    }
    language = (
        get_user_model()
        .objects.filter(email__iexact=invitation.email)
        .values_list("language", flat=True)
        .first()
    )
    with translation.override(language or translation.get_language()):
        context["role"] = invitation.get_role_display()
        subject = render_to_string("partnerships/email/invitation_subject.txt", context)
        body = render_to_string("partnerships/email/invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except (OSError, smtplib.SMTPException) as error:
        logger.exception("Could not send the invitation to %s", invitation.email)
        # Raised inside invite_member's transaction: the invitation is not kept either.
        raise MembershipError(
            _("The invitation email could not be sent. Nothing was saved; try again later.")
        ) from error


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Make `user` a member with the invitation's role, once; return the membership.

    The invitation must be pending and addressed to the user's email. Someone who became
    a member meanwhile keeps the role they have: accepting never demotes a lead.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise MembershipError(_("This invitation can no longer be used."))
    if invitation.email.lower() != user.email.lower():
        raise MembershipError(_("This invitation was sent to another email address."))
    membership = Membership.objects.filter(partnership=invitation.partnership_id, user=user).first()
    if membership is None:
        membership = _as(
            Membership(partnership_id=invitation.partnership_id, user=user, role=invitation.role),
            user,
        )
        membership.save()
    _as(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return membership


@transaction.atomic
def register_and_accept(
    *, invitation: Invitation, full_name: str, password: str, language: str = ""
):
    """Create the account an invitation was sent to, then accept it; return the user."""
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise MembershipError(_("An account with this email address exists: sign in to accept."))
    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name, language=language
    )
    accept_invitation(invitation=invitation, user=user)
    return user


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> None:
    if not invitation.is_pending:
        raise MembershipError(_("Only a pending invitation can be revoked."))
    _as(invitation, by).revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    """Give a member another role; the partnership's last lead cannot be demoted."""
    if role not in Role.values:
        raise MembershipError(_("Choose a role."))
    if role == membership.role:
        return membership
    if role != Role.LEAD and _is_last_lead(membership):
        raise MembershipError(
            _("%(name)s is the partnership's only lead: make someone else a lead first.")
            % {"name": membership.user}
        )
    _as(membership, by).role = role
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Take someone out of a partnership; the last lead cannot be removed."""
    if _is_last_lead(membership):
        raise MembershipError(
            _("%(name)s is the partnership's only lead: make someone else a lead first.")
            % {"name": membership.user}
        )
    _as(membership, by).delete()
    forget_roles(membership.user)


@transaction.atomic
def update_partnership(*, partnership: Partnership, organisations, by) -> Partnership:
    """Save a partnership's edited fields and its organisations as one history record.

    `partnership` carries the edited field values (a ModelForm's `save(commit=False)`).
    Saved naively, a form writes one history record for the fields and one more for each
    step of `organisations.set()`; here the organisations change first without history,
    then the save records fields and organisations together.
    """
    partnership.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple_history's switch
    try:
        partnership.organisations.set(organisations)
    finally:
        del partnership.skip_history_when_saving  # type: ignore[attr-defined]
    _as(partnership, by).save()
    return partnership
