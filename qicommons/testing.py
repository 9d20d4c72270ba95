"""Shared test helpers: a small world of people and the permission-matrix vocabulary.

The world has two partnerships. In "alpha" there is one person per role; "beta" has its
own lead, who is the outsider for alpha's pages; and one programme-staff user belongs to
no partnership. Every app's `tests/matrix.py` lists its URLs with the status each of
these people should get (see core/tests/test_permission_matrix.py).
"""

import importlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from qicommons.accounts.models import User
from qicommons.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    Partnership,
    Role,
    hash_token,
)

PEOPLE = ("anonymous", "viewer", "member", "coach", "lead", "programme", "outsider")
APPS = ("core", "accounts", "partnerships", "projects", "measures", "audits")


def from_every_app(module: str, name: str) -> list:
    """The list `name` of each app's `tests/<module>.py` that exists, joined in app order
    (the permission matrix gathers CASES this way, the page-weight test PAGES)."""
    found = []
    for app in APPS:
        try:
            loaded = importlib.import_module(f"qicommons.{app}.tests.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"qicommons.{app}.tests.{module}":
                raise
            continue
        found.extend(getattr(loaded, name))
    return found


@dataclass
class World:
    alpha: Partnership
    beta: Partnership
    org_alpha: Organisation
    org_uk: Organisation
    org_beta: Organisation
    users: dict[str, User] = field(default_factory=dict)

    def user(self, who: str) -> User | None:
        return self.users.get(who)


def make_user(email: str, **extra) -> User:
    user = User.objects.create_user(email=email, password=None, **extra)
    return user


def make_invitation(
    partnership: Partnership,
    email: str = "new.person@example.org",
    role: str = Role.MEMBER,
    *,
    invited_by: User | None = None,
    expired: bool = False,
) -> tuple[Invitation, str]:
    """A pending (or expired) invitation, made without sending email; returns it and its
    token (which only the email would carry)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        partnership=partnership,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        created=now - timedelta(days=8 if expired else 0),
        expires=now + (timedelta(days=-1) if expired else Invitation.VALID_FOR),
    )
    return invitation, token


# Who is who in the world, by email: load_world() finds them again by these.
EMAILS = {
    **{
        str(role): f"{role}@alpha.test"
        for role in (Role.VIEWER, Role.MEMBER, Role.COACH, Role.LEAD)
    },
    "outsider": "lead@beta.test",
    "programme": "staff@programme.test",
}
ORGANISATIONS = {
    "org_alpha": "Alpha District Hospital",
    "org_uk": "Northshire NHS Trust",
    "org_beta": "Beta Regional Hospital",
}


def build_world() -> World:
    org_alpha = Organisation.objects.create(
        name=ORGANISATIONS["org_alpha"], country="MW", kind="hospital", city="Zomba"
    )
    org_uk = Organisation.objects.create(
        name=ORGANISATIONS["org_uk"], country="GB", kind="hospital", city="Leeds"
    )
    org_beta = Organisation.objects.create(
        name=ORGANISATIONS["org_beta"], country="UG", kind="hospital", city="Mbale"
    )
    alpha = Partnership.objects.create(
        name="Alpha link", slug="alpha", start_date=date(2024, 1, 1), phase="improvement"
    )
    alpha.organisations.add(org_alpha, org_uk)
    beta = Partnership.objects.create(name="Beta link", slug="beta", phase="situational")
    beta.organisations.add(org_beta, org_uk)
    world = World(alpha=alpha, beta=beta, org_alpha=org_alpha, org_uk=org_uk, org_beta=org_beta)
    for role in (Role.VIEWER, Role.MEMBER, Role.COACH, Role.LEAD):
        user = make_user(EMAILS[str(role)], full_name=f"Alpha {role.label}")
        Membership.objects.create(user=user, partnership=alpha, role=role)
        world.users[str(role)] = user
    outsider = make_user(EMAILS["outsider"], full_name="Beta Lead")
    Membership.objects.create(user=outsider, partnership=beta, role=Role.LEAD)
    world.users["outsider"] = outsider
    world.users["programme"] = make_user(
        EMAILS["programme"], full_name="Programme Staff", is_programme_staff=True
    )
    return world


def load_world() -> World | None:
    """The world that build_world() saved, read afresh (so that no test sees objects another
    test changed in memory), or None when it is not all there.

    The test session saves the world once per database (conftest.py) and each test rolls
    back to it; a transactional test empties the database when it ends, so the world must
    then be built again.
    """
    partnerships = {p.slug: p for p in Partnership.objects.filter(slug__in=("alpha", "beta"))}
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=ORGANISATIONS.values())
    }
    users = {u.email: u for u in User.objects.filter(email__in=EMAILS.values())}
    if len(partnerships) < 2 or len(organisations) < 3 or len(users) < len(EMAILS):
        return None
    world = World(
        alpha=partnerships["alpha"],
        beta=partnerships["beta"],
        org_alpha=organisations[ORGANISATIONS["org_alpha"]],
        org_uk=organisations[ORGANISATIONS["org_uk"]],
        org_beta=organisations[ORGANISATIONS["org_beta"]],
    )
    world.users = {who: users[email] for who, email in EMAILS.items()}
    return world


# Expected statuses by person, for the common kinds of page. A private page is a 404 to
# outsiders; signed-out people are sent to sign in (302).
def expect(
    *,
    viewer: int,
    member: int,
    coach: int,
    lead: int,
    programme: int,
    outsider: int = 404,
    anonymous: int = 302,
) -> dict[str, int]:
    return {
        "anonymous": anonymous,
        "viewer": viewer,
        "member": member,
        "coach": coach,
        "lead": lead,
        "programme": programme,
        "outsider": outsider,
    }


def view_page(ok: int = 200) -> dict[str, int]:
    """Anyone who may see the partnership may see this page."""
    return expect(viewer=ok, member=ok, coach=ok, lead=ok, programme=ok)


def contribute_page(ok: int = 200) -> dict[str, int]:
    """Members, coaches and leads may do this; viewers and programme staff may not."""
    return expect(viewer=403, member=ok, coach=ok, lead=ok, programme=403)


def coach_page(ok: int = 200) -> dict[str, int]:
    return expect(viewer=403, member=403, coach=ok, lead=ok, programme=403)


def manage_page(ok: int = 200) -> dict[str, int]:
    """Only the partnership's leads."""
    return expect(viewer=403, member=403, coach=403, lead=ok, programme=403)


def programme_page(ok: int = 200) -> dict[str, int]:
    """Pages across every partnership: programme staff only; no partnership is revealed."""
    return expect(viewer=403, member=403, coach=403, lead=403, programme=ok, outsider=403)


def public_page(ok: int = 200) -> dict[str, int]:
    return dict.fromkeys(PEOPLE, ok)


def signed_in_page(ok: int = 200) -> dict[str, int]:
    """Any signed-in person, whatever their partnerships (their own dashboard, say)."""
    return {**dict.fromkeys(PEOPLE, ok), "anonymous": 302}


@dataclass(frozen=True)
class Case:
    """One URL of the app and what each person gets from it.

    `kwargs` builds whatever objects the URL needs inside partnership alpha and returns
    the URL's keyword arguments; `data` builds a POST body. Each (case, person) pair runs
    in its own transaction, so a POST that changes data cannot affect another person's.
    """

    url_name: str
    expected: dict[str, int]
    kwargs: Callable[[World], dict] = lambda w: {}
    method: str = "get"
    data: Callable[[World], dict] | None = None
    query: str = ""
    note: str = ""


@dataclass(frozen=True)
class Page:
    """A main page for the page-weight test (core/tests/test_page_weight.py): which URL,
    seen by whom. Each app lists its main pages in `<app>/tests/pages.py` (PAGES)."""

    url_name: str
    who: str = "lead"
    kwargs: Callable[[World], dict] = lambda w: {}
    query: str = ""
