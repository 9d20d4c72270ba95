from django.urls import reverse

from qicommons.partnerships import actions
from qicommons.testing import make_invitation


def test_the_partnership_history_shows_who_changed_what(client, world):
    client.force_login(world.users["lead"])
    client.post(
        reverse("partnerships:edit", args=["alpha"]),
        {
            "description": "",
            "phase": "evaluation",
            "status": "active",
            "start_date": "2024-01-01",
            "organisations": [world.org_alpha.pk, world.org_uk.pk],
        },
    )

    response = client.get(reverse("partnerships:history", args=["alpha"]))

    row = response.context["rows"][0]
    assert (row.who, row.field, row.old, row.new) == (
        world.users["lead"],
        "twinning phase",
        "Improvement",
        "Evaluation",
    )
    html = response.content.decode()
    assert "<del>Improvement</del>" in html
    assert "<ins>Evaluation</ins>" in html


def test_the_membership_history_shows_roles_removals_and_invitations(client, world):
    lead = world.users["lead"]
    member = world.alpha.memberships.get(user=world.users["member"])
    actions.change_role(membership=member, role="coach", by=lead)
    actions.remove_member(
        membership=world.alpha.memberships.get(user=world.users["viewer"]), by=lead
    )
    make_invitation(world.alpha, "invitee@example.org", invited_by=lead)
    client.force_login(lead)

    response = client.get(reverse("partnerships:members_history", args=["alpha"]))

    rows = response.context["rows"]
    assert any(r.field == "role" and r.old == "Member" and r.new == "Coach" for r in rows)
    assert any(r.action == "deleted" and "Alpha Viewer" in r.object for r in rows)
    assert any(r.model == "invitation" and r.new == "invitee@example.org" for r in rows)
    assert not any("beta" in str(r.object).lower() for r in rows)


def test_the_history_query_count_is_fixed(client, world, django_assert_max_num_queries):
    lead = world.users["lead"]
    for phase in ["evaluation", "improvement"] * 10:
        world.alpha.phase = phase
        world.alpha._history_user = lead
        world.alpha.save()
    client.force_login(lead)

    with django_assert_max_num_queries(12):
        client.get(reverse("partnerships:history", args=["alpha"]))
