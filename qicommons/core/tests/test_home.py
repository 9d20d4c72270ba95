from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qicommons.partnerships import actions
from qicommons.partnerships.models import Membership, Partnership, Role


def test_it_lists_the_users_partnerships_with_their_role(client, world):
    client.force_login(world.users["coach"])

    response = client.get(reverse("core:home"))

    assert [(p.name, str(role)) for p, role in response.context["partnerships"]] == [
        ("Alpha link", "Coach")
    ]
    assert "Coach" in response.content.decode()


def test_programme_staff_see_every_partnership_read_only(client, world):
    client.force_login(world.users["programme"])

    response = client.get(reverse("core:home"))

    assert [(p.name, role) for p, role in response.context["partnerships"]] == [
        ("Alpha link", None),
        ("Beta link", None),
    ]
    assert "Programme (read only)" in response.content.decode()


def test_it_shows_recent_activity_of_the_users_partnerships_only(client, world):
    member = world.alpha.memberships.get(user=world.users["member"])
    actions.change_role(membership=member, role=Role.COACH, by=world.users["lead"])
    world.beta.description = "Secret plans"
    world.beta.save()
    client.force_login(world.users["viewer"])

    response = client.get(reverse("core:home"))

    activity = response.context["activity"]
    assert activity[0].who == world.users["lead"]
    assert activity[0].fields == ["role"]
    assert "Alpha Lead changed the membership" in response.content.decode()
    assert not any("Beta" in entry.object for entry in activity)


def test_someone_without_partnerships_is_told_to_ask_for_an_invitation(client, world):
    user = world.users["lead"].__class__.objects.create_user("alone@example.org")
    client.force_login(user)

    response = client.get(reverse("core:home"))

    assert "Ask a partnership lead to invite you" in response.content.decode()
    assert response.context["activity"] == []


def test_its_query_count_does_not_grow_with_partnerships_or_history(client, world):
    lead = world.users["lead"]
    client.force_login(lead)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("core:home"))
        return len(ctx.captured_queries), response

    few, _ = queries()
    for index in range(15):
        partnership = Partnership.objects.create(name=f"Link {index}", slug=f"link-{index}")
        partnership.organisations.add(world.org_uk, world.org_beta)
        Membership.objects.create(user=lead, partnership=partnership, role=Role.LEAD)
        partnership.phase = "evaluation"
        partnership._history_user = lead
        partnership.save()

    many, response = queries()
    assert len(response.context["partnerships"]) == 16
    assert len(response.context["activity"]) == 10
    assert many <= few
