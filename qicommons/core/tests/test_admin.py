import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from qicommons.accounts.models import User
from qicommons.partnerships.models import Invitation, Membership, Organisation, Partnership
from qicommons.testing import make_invitation

MODELS = [User, Organisation, Partnership, Membership, Invitation]
# Kept out of the admin on purpose: the per-partnership keys that hash case references.
NOT_IN_ADMIN = {"audits.partnershipsecret"}
OUR_MODELS = [
    m
    for m in apps.get_models()
    if m.__module__.startswith("qicommons.") and not m.__name__.startswith("Historical")
]


def test_every_model_of_ours_is_in_the_admin():
    missing = {
        m._meta.label_lower
        for m in OUR_MODELS
        if m not in admin.site._registry and m._meta.label_lower not in NOT_IN_ADMIN
    }
    assert not missing


@pytest.mark.parametrize(
    "model", [m for m in OUR_MODELS if m in admin.site._registry], ids=lambda m: m._meta.label
)
def test_every_admin_list_opens_and_searches(superuser_client, model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    url = admin_url(model, "changelist")
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "alpha"}).status_code == 200


@pytest.fixture
def superuser_client(client, world):
    make_invitation(world.alpha, invited_by=world.users["lead"])
    client.force_login(User.objects.create_superuser("root@example.org", "x"))
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_searchable_filterable_list(superuser_client, model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter

    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    assert superuser_client.get(admin_url(model, "changelist"), {"q": "alpha"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_object_opens_in_the_admin(superuser_client, model):
    obj = model.objects.first()

    assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("state", ["pending", "accepted", "revoked", "expired"])
def test_invitations_filter_by_state(superuser_client, state):
    response = superuser_client.get(admin_url(Invitation, "changelist"), {"state": state})

    assert response.status_code == 200
    expected = 1 if state == "pending" else 0
    assert response.context["cl"].result_count == expected


def test_invitations_are_not_added_in_the_admin(superuser_client):
    assert superuser_client.get(admin_url(Invitation, "add")).status_code == 403


def test_the_admin_is_for_superusers_only(client, world):
    client.force_login(world.users["programme"])

    response = client.get(admin_url(Partnership, "changelist"))

    assert response.status_code == 302
