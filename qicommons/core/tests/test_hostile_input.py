"""Hostile input: markup is escaped, overlong values and forged posts are refused, and
ids from another partnership change nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from qicommons.partnerships.models import Invitation, Membership, Organisation, Role
from qicommons.testing import make_invitation

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
PASSWORD = "a-long-pass-phrase"


def edit_data(world, **changes):
    return {
        "description": "",
        "phase": "improvement",
        "status": "active",
        "start_date": "2024-01-01",
        "organisations": [world.org_alpha.pk, world.org_uk.pk],
        **changes,
    }


class TestMarkupIsEscaped:
    def test_a_name_with_a_script_is_shown_as_text(self, client, world):
        _, token = make_invitation(world.alpha, "x@example.org")
        client.post(
            reverse("accounts:accept_invitation", args=[token]),
            {"full_name": SCRIPT, "password1": PASSWORD, "password2": PASSWORD},
        )
        client.force_login(world.users["lead"])

        pages = [
            client.get(reverse("partnerships:members", args=["alpha"])),
            client.get(reverse("partnerships:detail", args=["alpha"])),
            client.get(reverse("partnerships:members_history", args=["alpha"])),
            client.get(reverse("core:home")),
        ]

        for page in pages:
            html = page.content.decode()
            assert SCRIPT not in html
            assert ESCAPED in html

    def test_a_description_and_an_organisation_name_are_shown_as_text(self, client, world):
        Organisation.objects.filter(pk=world.org_uk.pk).update(name=SCRIPT)
        client.force_login(world.users["lead"])
        client.post(
            reverse("partnerships:edit", args=["alpha"]), edit_data(world, description=SCRIPT)
        )

        for name in ("partnerships:detail", "partnerships:history", "partnerships:edit"):
            html = client.get(reverse(name, args=["alpha"])).content.decode()
            assert SCRIPT not in html, name
            assert ESCAPED in html, name


class TestOverlongValues:
    def test_an_overlong_email_is_refused_next_to_the_field(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "a" * 250 + "@example.org", "role": "member"},
        )

        assert 'id="id_email_error"' in response.content.decode()
        assert "at most 254 characters" in response.content.decode()
        assert not Invitation.objects.exists()

    def test_an_overlong_name_is_refused_next_to_the_field(self, client, world):
        _, token = make_invitation(world.alpha, "x@example.org")

        response = client.post(
            reverse("accounts:accept_invitation", args=[token]),
            {"full_name": "N" * 151, "password1": PASSWORD, "password2": PASSWORD},
        )

        assert 'id="id_full_name_error"' in response.content.decode()
        assert not get_user_model().objects.filter(email="x@example.org").exists()

    def test_an_overlong_description_is_refused_next_to_the_field(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:edit", args=["alpha"]),
            edit_data(world, description="d" * 5001, phase="evaluation"),
        )

        assert 'id="id_description_error"' in response.content.decode()
        world.alpha.refresh_from_db()
        assert world.alpha.phase == "improvement"

    def test_a_null_character_is_refused(self, client, world):
        _, token = make_invitation(world.alpha, "x@example.org")

        response = client.post(
            reverse("accounts:accept_invitation", args=[token]),
            {"full_name": "Ama\x00", "password1": PASSWORD, "password2": PASSWORD},
        )

        assert 'id="id_full_name_error"' in response.content.decode()
        assert not get_user_model().objects.filter(email="x@example.org").exists()


class TestPostsWithoutCsrfToken:
    @pytest.fixture
    def strict(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users["lead"])
        return client

    def test_an_invitation_is_refused(self, strict, world):
        response = strict.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "x@example.org", "role": "lead"},
        )

        assert response.status_code == 403
        assert not Invitation.objects.exists()

    def test_a_role_change_and_a_removal_are_refused(self, strict, world):
        member = world.alpha.memberships.get(user=world.users["member"])

        changed = strict.post(
            reverse("partnerships:change_role", args=["alpha", member.pk]), {"role": "lead"}
        )
        removed = strict.post(reverse("partnerships:remove_member", args=["alpha", member.pk]))

        assert (changed.status_code, removed.status_code) == (403, 403)
        member.refresh_from_db()
        assert member.role == Role.MEMBER

    def test_an_edit_is_refused(self, strict, world):
        response = strict.post(
            reverse("partnerships:edit", args=["alpha"]), edit_data(world, phase="evaluation")
        )

        assert response.status_code == 403
        world.alpha.refresh_from_db()
        assert world.alpha.phase == "improvement"

    def test_an_account_creation_is_refused(self, world):
        _, token = make_invitation(world.alpha, "x@example.org")

        response = Client(enforce_csrf_checks=True).post(
            reverse("accounts:accept_invitation", args=[token]),
            {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD},
        )

        assert response.status_code == 403
        assert not get_user_model().objects.filter(email="x@example.org").exists()

    def test_a_sign_in_is_refused(self, world):
        response = Client(enforce_csrf_checks=True).post(
            reverse("accounts:login"), {"username": "lead@alpha.test", "password": "x"}
        )

        assert response.status_code == 403


class TestAnotherPartnershipsIds:
    def test_another_partnerships_organisation_is_refused(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:edit", args=["alpha"]),
            edit_data(
                world, phase="evaluation", organisations=[world.org_alpha.pk, world.org_beta.pk]
            ),
        )

        assert response.status_code == 200
        assert 'id="id_organisations_error"' in response.content.decode()
        world.alpha.refresh_from_db()
        assert world.alpha.phase == "improvement"
        assert set(world.alpha.organisations.all()) == {world.org_alpha, world.org_uk}

    def test_another_partnerships_membership_cannot_be_changed_or_removed(self, client, world):
        beta_lead = world.beta.memberships.get()
        client.force_login(world.users["lead"])

        for name, data in [("change_role", {"role": "viewer"}), ("remove_member", {})]:
            through_alpha = client.post(
                reverse(f"partnerships:{name}", args=["alpha", beta_lead.pk]), data
            )
            through_beta = client.post(
                reverse(f"partnerships:{name}", args=["beta", beta_lead.pk]), data
            )
            assert (through_alpha.status_code, through_beta.status_code) == (404, 404), name

        beta_lead.refresh_from_db()
        assert beta_lead.role == Role.LEAD

    def test_another_partnerships_invitation_cannot_be_revoked(self, client, world):
        invitation, _ = make_invitation(world.beta, "someone@example.org")
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:revoke_invitation", args=["alpha", invitation.pk])
        )

        assert response.status_code == 404
        invitation.refresh_from_db()
        assert invitation.is_pending

    def test_a_forged_role_in_an_invitation_is_refused(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "x@example.org", "role": "admin"},
        )

        assert 'id="id_role_error"' in response.content.decode()
        assert not Invitation.objects.exists()
        assert not Membership.objects.filter(user__email="x@example.org").exists()
