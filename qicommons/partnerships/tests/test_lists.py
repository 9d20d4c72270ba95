from django.urls import reverse

from qicommons.partnerships.models import Organisation, Partnership


def names(response):
    return [p.name for p in response.context["partnerships"]]


def test_programme_staff_see_every_partnership(client, world):
    client.force_login(world.users["programme"])

    response = client.get(reverse("partnerships:list"))

    assert names(response) == ["Alpha link", "Beta link"]


def test_it_filters_by_country_and_phase(client, world):
    client.force_login(world.users["programme"])

    assert names(client.get(reverse("partnerships:list"), {"country": "UG"})) == ["Beta link"]
    assert names(client.get(reverse("partnerships:list"), {"country": "GB"})) == [
        "Alpha link",
        "Beta link",
    ]
    assert names(client.get(reverse("partnerships:list"), {"phase": "improvement"})) == [
        "Alpha link"
    ]


def test_it_ignores_an_unknown_filter_value(client, world):
    client.force_login(world.users["programme"])

    response = client.get(reverse("partnerships:list"), {"country": "ZZ"})

    assert names(response) == ["Alpha link", "Beta link"]


def test_the_partnership_list_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for index in range(20):
        partnership = Partnership.objects.create(name=f"Link {index}", slug=f"link-{index}")
        partnership.organisations.add(world.org_uk, world.org_beta)
    client.force_login(world.users["programme"])

    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:list"))
    assert len(names(response)) == 22


def test_the_organisation_list_filters_by_kind(client, world):
    Organisation.objects.create(name="Makerere University", country="UG", kind="university")
    client.force_login(world.users["programme"])

    response = client.get(reverse("organisations:list"), {"kind": "university"})

    assert [o.name for o in response.context["organisations"]] == ["Makerere University"]
    assert "none yet" in response.content.decode()


def test_the_organisation_list_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for index in range(20):
        Organisation.objects.create(name=f"Org {index}", country="MW", kind="hospital")
    client.force_login(world.users["programme"])

    with django_assert_max_num_queries(8):
        client.get(reverse("organisations:list"))
