"""The demo world: realistic partnerships, organisations and one account per role.

Each domain adds its own demo content through a function registered in DEMO_STEPS, so
this module stays the one place that decides what a fresh `make run` shows.
"""

import importlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from qicommons.accounts.models import User
from qicommons.lib.history import tracked_models
from qicommons.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    Partnership,
    Role,
    hash_token,
)

DEMO_PASSWORD = "demo1234"  # noqa: S105 - published in the README; refused when DEBUG is off

# (email, full name, partnership slug or None, role or None, programme staff)
DEMO_PEOPLE = [
    ("lead@demo.qicommons.org", "Chikondi Banda", "zomba-northshire", Role.LEAD, False),
    ("coach@demo.qicommons.org", "Helen Carter", "zomba-northshire", Role.COACH, False),
    ("member@demo.qicommons.org", "Grace Phiri", "zomba-northshire", Role.MEMBER, False),
    ("viewer@demo.qicommons.org", "Tamanda Mwale", "zomba-northshire", Role.VIEWER, False),
    ("lead.mbale@demo.qicommons.org", "Sarah Nakato", "mbale-bristol", Role.LEAD, False),
    ("member.mbale@demo.qicommons.org", "Joseph Okello", "mbale-bristol", Role.MEMBER, False),
    ("coach.mbale@demo.qicommons.org", "James Whitfield", "mbale-bristol", Role.COACH, False),
    ("programme@demo.qicommons.org", "Amira Hassan", None, None, True),
]

# The Django admin, for superusers (same password; the demo never loads in production).
DEMO_ADMIN = ("admin@demo.qicommons.org", "Demo Administrator")

DEMO_APPS = ("projects", "measures", "audits")
DEMO_STEPS: list = []


def demo_step(func):
    """Register a function(partnerships: dict[str, Partnership], people: dict[str, User])."""
    DEMO_STEPS.append(func)
    return func


@transaction.atomic
def load_demo() -> dict[str, Partnership]:
    zomba = Organisation.objects.create(
        name="Zomba Central Hospital", country="MW", kind="hospital", city="Zomba"
    )
    northshire = Organisation.objects.create(
        name="Northshire Teaching Hospitals NHS Trust",
        country="GB",
        kind="hospital",
        city="Leeds",
    )
    mbale = Organisation.objects.create(
        name="Mbale Regional Referral Hospital", country="UG", kind="hospital", city="Mbale"
    )
    bristol = Organisation.objects.create(
        name="University of Bristol", country="GB", kind="university", city="Bristol"
    )
    ministry = Organisation.objects.create(
        name="Ministry of Health, Quality Management Directorate",
        country="MW",
        kind="ministry",
        city="Lilongwe",
    )
    # Not in a partnership yet: leads can link it from their partnership's edit page.
    Organisation.objects.create(
        name="Kamuzu University of Health Sciences",
        country="MW",
        kind="university",
        city="Blantyre",
    )
    partnerships = {
        "zomba-northshire": _new_partnership(
            [zomba, northshire, ministry],
            name="Zomba-Northshire Maternal and Newborn Health Partnership",
            slug="zomba-northshire",
            description=(
                "A ten-year link between Zomba Central Hospital and Northshire's maternity "
                "and neonatal units, improving care around birth."
            ),
            start_date=date(2019, 3, 1),
        ),
        "mbale-bristol": _new_partnership(
            [mbale, bristol],
            name="Mbale-Bristol Surgical Quality Partnership",
            slug="mbale-bristol",
            description="Safer surgery and fewer surgical site infections in eastern Uganda.",
            start_date=date(2022, 9, 1),
        ),
    }
    people = {}
    for email, name, slug, role, programme in DEMO_PEOPLE:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name, is_programme_staff=programme
        )
        people[email] = user
        if slug and role:
            Membership.objects.create(user=user, partnership=partnerships[slug], role=role)
    User.objects.create_superuser(
        email=DEMO_ADMIN[0], password=DEMO_PASSWORD, full_name=DEMO_ADMIN[1]
    )
    _add_history(partnerships, people)
    # Each app's demo module registers its steps with @demo_step when imported.
    for app in DEMO_APPS:
        try:
            importlib.import_module(f"qicommons.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"qicommons.{app}.demo":
                raise
    # In DEMO_APPS order, not import order: a test (or a view) may have imported a later
    # app's demo first, and the measures demo links cycles that the projects demo makes.
    order = {f"qicommons.{app}.demo": i for i, app in enumerate(DEMO_APPS)}
    for step in sorted(DEMO_STEPS, key=lambda f: order.get(f.__module__, len(order))):
        step(partnerships, people)
    _credit_leads(partnerships)
    return partnerships


def _credit_leads(partnerships: dict[str, Partnership]) -> None:
    """Demo steps write outside any request, so their history names nobody; credit each
    partnership's first lead, as if they had entered it, so the activity reads true."""
    for partnership in partnerships.values():
        lead = partnership.memberships.filter(role=Role.LEAD).order_by("pk").first()
        if lead is None:
            continue
        for model in tracked_models():
            path = model.partnership_path
            path = model._meta.pk.attname if path == "pk" else path
            history = getattr(model, model._meta.simple_history_manager_attribute)
            history.filter(history_user=None, **{path: partnership.pk}).update(
                history_user=lead.user
            )


def _new_partnership(organisations, **fields) -> Partnership:
    """A partnership as it began, in partnership development, dated from its start."""
    partnership = Partnership(phase=Partnership.Phase.DEVELOPMENT, **fields)
    # simple_history dates a save by this attribute when it is set.
    partnership._history_date = datetime.combine(fields["start_date"], time(9), UTC)  # type: ignore[attr-defined]
    partnership.save()
    partnership.organisations.add(*organisations)
    del partnership._history_date  # type: ignore[attr-defined]
    return partnership


def _add_history(partnerships, people) -> None:
    """A little past for the audit trail: the leads moved their partnerships through the
    twinning phases, and one invitation waits for an answer."""
    zomba, mbale = partnerships["zomba-northshire"], partnerships["mbale-bristol"]
    lead, lead_mbale = people["lead@demo.qicommons.org"], people["lead.mbale@demo.qicommons.org"]
    _change(zomba, lead, date(2019, 9, 2), phase=Partnership.Phase.SITUATIONAL)
    _change(zomba, lead, date(2020, 6, 1), phase=Partnership.Phase.IMPROVEMENT)
    _change(mbale, lead_mbale, date(2023, 2, 14), phase=Partnership.Phase.SITUATIONAL)
    sent = timezone.now() - timedelta(days=2)
    invitation = Invitation(
        partnership=zomba,
        email="esther.kachale@example.org",
        role=Role.MEMBER,
        token_hash=hash_token(secrets.token_urlsafe(32)),  # the link went by email only
        invited_by=lead,
        created=sent,
        expires=sent + Invitation.VALID_FOR,
    )
    invitation._history_user, invitation._history_date = lead, sent  # type: ignore[attr-defined]
    invitation.save()


def _change(obj, by, day: date, **fields) -> None:
    """Save a change as `by` made it on `day` (the history records who and when)."""
    for field, value in fields.items():
        setattr(obj, field, value)
    obj._history_user = by
    obj._history_date = datetime.combine(day, time(9), UTC)
    obj.save()
    del obj._history_user, obj._history_date
