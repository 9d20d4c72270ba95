from django.core import mail
from django.urls import reverse

from qicommons.partnerships.models import Invitation, Membership, Role
from qicommons.testing import make_invitation


def members_url(world, slug=None):
    return reverse("partnerships:members", args=[slug or world.alpha.slug])


def membership(world, who, partnership=None):
    return (partnership or world.alpha).memberships.get(user=world.users[who])


class TestMembersPage:
    def test_it_lists_members_with_roles_leads_first(self, client, world):
        client.force_login(world.users["viewer"])

        response = client.get(members_url(world))

        names = [str(m.user) for m in response.context["members"]]
        assert names == ["Alpha Lead", "Alpha Coach", "Alpha Member", "Alpha Viewer"]
        assert b"Invite someone" not in response.content
        assert b"Pending invitations" not in response.content

    def test_it_shows_leads_the_controls_and_pending_invitations(self, client, world):
        make_invitation(world.alpha, "waiting@example.org")
        make_invitation(world.alpha, "late@example.org", expired=True)
        client.force_login(world.users["lead"])

        response = client.get(members_url(world))

        assert b"Invite someone" in response.content
        assert b"waiting@example.org" in response.content
        assert b"late@example.org" not in response.content
        assert b"Change role" in response.content

    def test_its_query_count_does_not_grow_with_members(
        self, client, world, django_assert_max_num_queries
    ):
        for index in range(20):
            user = world.users["lead"].__class__.objects.create_user(f"m{index}@alpha.test")
            Membership.objects.create(user=user, partnership=world.alpha, role=Role.MEMBER)
            make_invitation(world.alpha, f"i{index}@example.org")
        client.force_login(world.users["lead"])

        with django_assert_max_num_queries(10):
            client.get(members_url(world))


class TestChangeRole:
    def test_a_lead_changes_a_role(self, client, world):
        client.force_login(world.users["lead"])
        target = membership(world, "member")

        response = client.post(
            reverse("partnerships:change_role", args=["alpha", target.pk]), {"role": "coach"}
        )

        assert response.status_code == 302
        target.refresh_from_db()
        assert target.role == Role.COACH

    def test_the_last_lead_cannot_demote_themselves(self, client, world):
        client.force_login(world.users["lead"])
        own = membership(world, "lead")

        response = client.post(
            reverse("partnerships:change_role", args=["alpha", own.pk]),
            {"role": "member"},
            follow=True,
        )

        own.refresh_from_db()
        assert own.role == Role.LEAD
        assert "only lead" in response.content.decode()

    def test_an_unknown_role_changes_nothing(self, client, world):
        client.force_login(world.users["lead"])
        target = membership(world, "member")

        client.post(reverse("partnerships:change_role", args=["alpha", target.pk]), {"role": "god"})

        target.refresh_from_db()
        assert target.role == Role.MEMBER

    def test_it_rejects_get(self, client, world):
        client.force_login(world.users["lead"])
        target = membership(world, "member")

        response = client.get(reverse("partnerships:change_role", args=["alpha", target.pk]))

        assert response.status_code == 405


class TestRemoveMember:
    def test_a_lead_removes_a_member(self, client, world):
        client.force_login(world.users["lead"])
        target = membership(world, "viewer")

        response = client.post(
            reverse("partnerships:remove_member", args=["alpha", target.pk]), follow=True
        )

        assert not Membership.objects.filter(pk=target.pk).exists()
        assert "Alpha Viewer was removed" in response.content.decode()

    def test_the_last_lead_cannot_be_removed(self, client, world):
        client.force_login(world.users["lead"])
        own = membership(world, "lead")

        response = client.post(
            reverse("partnerships:remove_member", args=["alpha", own.pk]), follow=True
        )

        assert Membership.objects.filter(pk=own.pk).exists()
        assert "only lead" in response.content.decode()

    def test_a_lead_who_leaves_goes_to_the_dashboard(self, client, world):
        coach = membership(world, "coach")
        coach.role = Role.LEAD
        coach.save()
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:remove_member", args=["alpha", membership(world, "lead").pk])
        )

        assert response.url == reverse("core:home")
        assert not world.alpha.memberships.filter(user=world.users["lead"]).exists()


class TestInvite:
    def test_a_lead_invites_by_email(self, client, world, settings):
        settings.SITE_URL = "https://qi.example.org/"
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "nurse@example.org", "role": "member"},
            follow=True,
        )

        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role) == ("nurse@example.org", Role.MEMBER)
        assert invitation.invited_by == world.users["lead"]
        assert "An invitation was sent to nurse@example.org" in response.content.decode()
        [email] = mail.outbox
        assert "https://qi.example.org/accounts/invitation/" in email.body

    def test_the_link_ignores_the_host_the_request_names(self, client, world, settings):
        # With a lax ALLOWED_HOSTS a forged Host header would otherwise send the invitee
        # to the forger's site, token and all.
        settings.SITE_URL = "https://qi.example.org"
        settings.ALLOWED_HOSTS = ["*"]
        client.force_login(world.users["lead"])

        client.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "nurse@example.org", "role": "member"},
            headers={"host": "attacker.example"},
        )

        [email] = mail.outbox
        assert "https://qi.example.org/accounts/invitation/" in email.body
        assert "attacker.example" not in email.body

    def test_it_refuses_to_invite_a_member_again(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:invite", args=["alpha"]),
            {"email": "member@alpha.test", "role": "member"},
        )

        assert response.status_code == 200
        assert "member@alpha.test is already a member" in response.content.decode()
        assert not Invitation.objects.exists()
        assert not mail.outbox

    def test_it_ties_errors_to_their_fields(self, client, world):
        client.force_login(world.users["lead"])

        response = client.post(
            reverse("partnerships:invite", args=["alpha"]), {"email": "not an email", "role": "x"}
        )

        html = response.content.decode()
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="id_email_error"' in html
        assert 'id="id_email_error"' in html
        assert 'id="id_role_error"' in html
        assert not Invitation.objects.exists()


class TestRevokeInvitation:
    def test_a_lead_revokes_a_pending_invitation(self, client, world):
        invitation, token = make_invitation(world.alpha)
        client.force_login(world.users["lead"])

        client.post(reverse("partnerships:revoke_invitation", args=["alpha", invitation.pk]))

        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.REVOKED
        response = client.get(reverse("accounts:accept_invitation", args=[token]))
        assert response.status_code == 410
