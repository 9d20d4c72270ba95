"""The one door for access: may this user do this action on this partnership's data?

Every view fetches partnership data through `get_partnership_for_user` or
`get_object_for_user`, and what belongs to an object so fetched (a measure's points, a
project's attachments, a partnership's actions) through `children_of` or
`get_child_or_404`, which add the parent filter themselves.
`qicommons/core/tests/test_door.py` fails on a view that queries a model any other way.

Someone who cannot see a partnership gets a 404, never a 403, so its private pages do not
even reveal that it exists; someone who can see it but may not do the action gets a 403.

Roles and what they may do:

    viewer     view
    member     view, contribute (projects, data, audits)
    coach      view, contribute, coach (feedback, reviews)
    lead       view, contribute, coach, manage (members, invitations, history)
    programme  view, across every partnership (is_programme_staff on the user)

Domain models name the path from themselves to their partnership in a class attribute
`partnership_path` (for example ``"project__partnership"``), so one function scopes any
queryset.
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Model, Q, QuerySet
from django.http import Http404

from .models import Membership, Organisation, Partnership, Role


class Access(StrEnum):
    """What a person asks to do with a partnership's data; their role decides if they may.

    Called Access, not Action, so that it is not mistaken for the audits' tracked actions
    or for the `actions.py` modules that hold each app's writes."""

    VIEW = "view"
    CONTRIBUTE = "contribute"
    COACH = "coach"
    MANAGE = "manage"


ROLE_ACCESS: dict[str, frozenset[Access]] = {
    Role.VIEWER: frozenset({Access.VIEW}),
    Role.MEMBER: frozenset({Access.VIEW, Access.CONTRIBUTE}),
    Role.COACH: frozenset({Access.VIEW, Access.CONTRIBUTE, Access.COACH}),
    Role.LEAD: frozenset({Access.VIEW, Access.CONTRIBUTE, Access.COACH, Access.MANAGE}),
}
PROGRAMME_ACCESS = frozenset({Access.VIEW})


def roles_of(user) -> dict[int, str]:
    """Partnership id -> role for this user, read once per request and kept on the user."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_qi_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("partnership_id", "role"))
        user._qi_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the per-request cache after a membership of this user changes."""
    if hasattr(user, "_qi_roles"):
        del user._qi_roles


def role_in(user, partnership: Partnership | int) -> str | None:
    pk = partnership if isinstance(partnership, int) else partnership.pk
    return roles_of(user).get(pk)


def access_for(user, partnership: Partnership | int) -> frozenset[Access]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    role = role_in(user, partnership)
    allowed = ROLE_ACCESS.get(role, frozenset()) if role else frozenset()
    if user.is_programme_staff:
        allowed = allowed | PROGRAMME_ACCESS
    return allowed


def can(user, action: Access | str, partnership: Partnership | int) -> bool:
    return Access(action) in access_for(user, partnership)


def visible_partnerships(user) -> QuerySet[Partnership]:
    """Partnerships this user may view: their own, or all of them for programme staff."""
    if not user.is_authenticated or not user.is_active:
        return Partnership.objects.none()
    if user.is_programme_staff:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=list(roles_of(user)))


def check(user, action: Access | str, partnership: Partnership | int) -> None:
    """Raise 404 if the user cannot see the partnership, 403 if they may not act."""
    allowed = access_for(user, partnership)
    if Access.VIEW not in allowed:
        raise Http404
    if Access(action) not in allowed:
        raise PermissionDenied


def get_partnership_for_user(user, slug: str, action: Access | str = Access.VIEW) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    check(user, action, partnership)
    return partnership


def partnership_of(obj: Any) -> int:  # a model with a `partnership_path`
    """The partnership id an object belongs to, following its `partnership_path`."""
    value = obj
    for step in type(obj).partnership_path.split("__"):
        value = getattr(value, step)
    return value.pk if isinstance(value, Model) else value


def scope(queryset: QuerySet, user, action: Access | str = Access.VIEW) -> QuerySet:
    """Only the rows of partnerships where this user may do `action`."""
    path = queryset.model.partnership_path
    if Access(action) in PROGRAMME_ACCESS and user.is_authenticated and user.is_programme_staff:
        return queryset
    ids = [pk for pk in roles_of(user) if can(user, action, pk)]
    return queryset.filter(**{f"{path}__in": ids})


def get_object_for_user(
    user, queryset: QuerySet | type[Model], action: Access | str = Access.VIEW, **lookup
):
    """Fetch one object through the door: 404 if unseen, 403 if seen but not allowed."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    check(user, action, partnership_of(obj))
    return obj


def _link_to(model: type[Model], parent: type[Model]) -> str:
    """The name of the one foreign key from `model` to `parent`'s model."""
    links = [
        f.name
        for f in model._meta.get_fields()
        if f.many_to_one
        and f.concrete
        and isinstance(f.related_model, type)
        and issubclass(parent, f.related_model)
    ]
    if len(links) != 1:
        # A wrong guess here would be a leak, so two candidates are a programming error.
        raise TypeError(f"{model.__name__} has {len(links)} links to {parent.__name__}")
    return links[0]


def children_of(parent: Model, rows: QuerySet | Manager | type[Model]) -> QuerySet:
    """The rows (a queryset, manager or model, historical ones included) that belong to
    `parent`, an object the view already fetched through the door.

    The parent filter is added here, from the one foreign key between the two models, so
    a view cannot forget it or filter on the wrong parent.
    """
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows.all()
    return queryset.filter(**{_link_to(queryset.model, type(parent)): parent})


def get_child_or_404(parent: Model, rows: QuerySet | Manager | type[Model], **lookup) -> Any:
    """One row belonging to `parent` (see `children_of`): 404 if there is none, so an id
    from another project or partnership is as unseen as one that does not exist."""
    found = children_of(parent, rows).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def check_programme_staff(user) -> None:
    """Pages across every partnership are for programme staff only (403 for others)."""
    if not (user.is_authenticated and user.is_active and user.is_programme_staff):
        raise PermissionDenied


def choosable_organisations(user) -> QuerySet[Organisation]:
    """Organisations a lead may link to a partnership: those of partnerships the user
    belongs to, and those in no partnership yet. Another partnership's own organisations
    stay unseen, so their ids are refused in a form."""
    return Organisation.objects.filter(
        Q(partnerships__in=list(roles_of(user))) | Q(partnerships=None)
    ).distinct()
