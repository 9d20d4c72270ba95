"""The demo world: realistic partnerships, organisations and one account per role.

Each domain adds its own demo content through a function registered in DEMO_STEPS, so
this module stays the one place that decides what a fresh `make run` shows.
"""

import importlib
from datetime import date

from django.db import transaction

from qicommons.accounts.models import User
from qicommons.partnerships.models import Membership, Organisation, Partnership, Role

DEMO_PASSWORD = "demo1234"  # noqa: S105 - published in the README; refused when DEBUG is off

# (email, full name, partnership slug or None, role or None, programme staff)
DEMO_PEOPLE = [
    ("lead@demo.qicommons.org", "Chikondi Banda", "zomba-northshire", Role.LEAD, False),
    ("coach@demo.qicommons.org", "Helen Carter", "zomba-northshire", Role.COACH, False),
    ("member@demo.qicommons.org", "Grace Phiri", "zomba-northshire", Role.MEMBER, False),
    ("viewer@demo.qicommons.org", "Tamanda Mwale", "zomba-northshire", Role.VIEWER, False),
    ("lead.mbale@demo.qicommons.org", "Sarah Nakato", "mbale-bristol", Role.LEAD, False),
    ("member.mbale@demo.qicommons.org", "Joseph Okello", "mbale-bristol", Role.MEMBER, False),
    ("programme@demo.qicommons.org", "Amira Hassan", None, None, True),
]

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
    partnerships = {
        "zomba-northshire": Partnership.objects.create(
            name="Zomba-Northshire Maternal and Newborn Health Partnership",
            slug="zomba-northshire",
            description=(
                "A ten-year link between Zomba Central Hospital and Northshire's maternity "
                "and neonatal units, improving care around birth."
            ),
            start_date=date(2019, 3, 1),
            phase=Partnership.Phase.IMPROVEMENT,
        ),
        "mbale-bristol": Partnership.objects.create(
            name="Mbale-Bristol Surgical Quality Partnership",
            slug="mbale-bristol",
            description="Safer surgery and fewer surgical site infections in eastern Uganda.",
            start_date=date(2022, 9, 1),
            phase=Partnership.Phase.SITUATIONAL,
        ),
    }
    partnerships["zomba-northshire"].organisations.add(zomba, northshire)
    partnerships["mbale-bristol"].organisations.add(mbale, bristol)
    people = {}
    for email, name, slug, role, programme in DEMO_PEOPLE:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name, is_programme_staff=programme
        )
        people[email] = user
        if slug:
            Membership.objects.create(user=user, partnership=partnerships[slug], role=role)
    # Each app's demo module registers its steps with @demo_step when imported.
    for app in DEMO_APPS:
        try:
            importlib.import_module(f"qicommons.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"qicommons.{app}.demo":
                raise
    for step in DEMO_STEPS:
        step(partnerships, people)
    return partnerships
