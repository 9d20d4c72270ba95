from django.urls import reverse

from qicommons.partnerships.models import Organisation


def data(world, **changes):
    return {
        "description": "Safer births in Zomba.",
        "phase": "evaluation",
        "status": "active",
        "start_date": "2024-02-01",
        "organisations": [world.org_alpha.pk, world.org_uk.pk],
        **changes,
    }


def test_a_lead_edits_the_partnership(client, world):
    client.force_login(world.users["lead"])

    response = client.post(reverse("partnerships:edit", args=["alpha"]), data(world))

    assert response.status_code == 302
    world.alpha.refresh_from_db()
    assert world.alpha.phase == "evaluation"
    assert world.alpha.description == "Safer births in Zomba."
    assert world.alpha.history.first().history_user == world.users["lead"]


def test_it_offers_the_leads_organisations_and_unattached_ones_only(client, world):
    spare = Organisation.objects.create(name="Spare NGO", country="MW", kind="ngo")
    client.force_login(world.users["lead"])

    response = client.get(reverse("partnerships:edit", args=["alpha"]))

    offered = set(response.context["form"].fields["organisations"].queryset)
    assert offered == {world.org_alpha, world.org_uk, spare}


def test_it_needs_two_organisations(client, world):
    client.force_login(world.users["lead"])

    response = client.post(
        reverse("partnerships:edit", args=["alpha"]),
        data(world, organisations=[world.org_alpha.pk]),
    )

    assert response.status_code == 200
    assert "Choose at least two organisations." in response.content.decode()
    world.alpha.refresh_from_db()
    assert world.alpha.phase == "improvement"


def test_it_rejects_a_bad_date_next_to_the_field(client, world):
    client.force_login(world.users["lead"])

    response = client.post(
        reverse("partnerships:edit", args=["alpha"]), data(world, start_date="31/31/2024")
    )

    assert 'id="id_start_date_error"' in response.content.decode()
    world.alpha.refresh_from_db()
    assert world.alpha.phase == "improvement"
