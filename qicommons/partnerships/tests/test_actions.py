from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from qicommons.partnerships import actions
from qicommons.partnerships.models import Invitation, Membership, Role, hash_token
from qicommons.testing import make_invitation, make_user

SITE = "https://qi.example.org/"


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


def invite(world, email="new.person@example.org", role=Role.MEMBER):
    return actions.invite_member(
        partnership=world.alpha, email=email, role=role, by=world.users["lead"], site_url=SITE
    )


class TestInviteMember:
    def test_it_emails_a_link_and_stores_only_the_tokens_hash(self, world):
        invitation = invite(world, email="New.Person@Example.org")

        assert invitation.email == "new.person@example.org"
        assert invitation.token_hash == hash_token(invitation.token)
        assert invitation.token not in invitation.token_hash
        [email] = mail.outbox
        assert email.to == ["new.person@example.org"]
        assert "Alpha link" in email.subject
        assert f"{SITE}accounts/invitation/{invitation.token}/" in email.body
        stored = Invitation.objects.get()
        assert invitation.token not in str(stored.__dict__)

    def test_it_expires_in_seven_days(self, world):
        invitation = invite(world)

        assert invitation.expires - invitation.created == timedelta(days=7)
        assert invitation.is_pending

    def test_it_records_the_inviter_in_history(self, world):
        invitation = invite(world)

        assert invitation.history.get().history_user == world.users["lead"]

    def test_it_refuses_to_invite_a_member(self, world):
        with pytest.raises(actions.MembershipError, match="already a member"):
            invite(world, email="Member@Alpha.test")
        assert not Invitation.objects.exists()
        assert not mail.outbox

    def test_it_replaces_a_pending_invitation_to_the_same_address(self, world):
        first = invite(world)
        second = invite(world, role=Role.COACH)

        first.refresh_from_db()
        assert first.state == Invitation.State.REVOKED
        assert list(world.alpha.invitations.pending()) == [second]

    def test_it_saves_nothing_when_the_email_cannot_be_sent(self, world, settings):
        settings.EMAIL_BACKEND = "qicommons.partnerships.tests.test_actions.BrokenMailServer"

        with pytest.raises(actions.MembershipError, match="could not be sent"):
            invite(world)
        assert not Invitation.objects.exists()

    def test_it_may_invite_a_member_of_another_partnership(self, world):
        invitation = invite(world, email="lead@beta.test")

        assert invitation.is_pending


class TestAcceptInvitation:
    def test_it_makes_the_user_a_member_with_the_role(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@beta.test", Role.COACH)
        user = world.users["outsider"]

        membership = actions.accept_invitation(invitation=invitation, user=user)

        assert membership.role == Role.COACH
        assert membership.partnership == world.alpha
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.ACCEPTED
        assert invitation.accepted_by == user

    def test_it_works_once(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@beta.test")
        actions.accept_invitation(invitation=invitation, user=world.users["outsider"])

        with pytest.raises(actions.MembershipError):
            actions.accept_invitation(invitation=invitation, user=world.users["outsider"])

    def test_it_refuses_another_email(self, world):
        invitation, _ = make_invitation(world.alpha, "someone.else@example.org")

        with pytest.raises(actions.MembershipError, match="another email"):
            actions.accept_invitation(invitation=invitation, user=world.users["outsider"])
        assert not world.alpha.memberships.filter(user=world.users["outsider"]).exists()

    def test_it_refuses_an_expired_invitation(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@beta.test", expired=True)

        with pytest.raises(actions.MembershipError):
            actions.accept_invitation(invitation=invitation, user=world.users["outsider"])

    def test_it_refuses_a_revoked_invitation(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@beta.test")
        actions.revoke_invitation(invitation=invitation, by=world.users["lead"])

        with pytest.raises(actions.MembershipError):
            actions.accept_invitation(invitation=invitation, user=world.users["outsider"])

    def test_it_never_demotes_someone_who_is_already_a_member(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@alpha.test", Role.VIEWER)

        membership = actions.accept_invitation(invitation=invitation, user=world.users["lead"])

        assert membership.role == Role.LEAD

    def test_it_creates_the_account_of_an_unknown_email(self, world):
        invitation, _ = make_invitation(world.alpha, "ama@example.org", Role.MEMBER)

        user = actions.register_and_accept(
            invitation=invitation, full_name="Ama Mensah", password="a-long-pass", language="fr"
        )

        assert user.check_password("a-long-pass")
        assert user.language == "fr"
        assert world.alpha.memberships.get(user=user).role == Role.MEMBER

    def test_it_does_not_create_a_second_account_for_a_known_email(self, world):
        invitation, _ = make_invitation(world.alpha, "lead@beta.test")

        with pytest.raises(actions.MembershipError, match="sign in"):
            actions.register_and_accept(
                invitation=invitation, full_name="X", password="a-long-pass"
            )


class TestChangeRole:
    def test_it_changes_the_role_and_records_who(self, world):
        membership = world.alpha.memberships.get(user=world.users["member"])

        actions.change_role(membership=membership, role=Role.COACH, by=world.users["lead"])

        membership.refresh_from_db()
        assert membership.role == Role.COACH
        assert membership.history.first().history_user == world.users["lead"]

    def test_it_refuses_to_demote_the_last_lead(self, world):
        membership = world.alpha.memberships.get(user=world.users["lead"])

        with pytest.raises(actions.MembershipError, match="only lead"):
            actions.change_role(membership=membership, role=Role.MEMBER, by=world.users["lead"])
        membership.refresh_from_db()
        assert membership.role == Role.LEAD

    def test_it_demotes_a_lead_when_another_lead_remains(self, world):
        coach = world.alpha.memberships.get(user=world.users["coach"])
        actions.change_role(membership=coach, role=Role.LEAD, by=world.users["lead"])
        lead = world.alpha.memberships.get(user=world.users["lead"])

        actions.change_role(membership=lead, role=Role.MEMBER, by=world.users["lead"])

        assert list(world.alpha.memberships.filter(role=Role.LEAD)) == [coach]

    def test_it_rejects_an_unknown_role(self, world):
        membership = world.alpha.memberships.get(user=world.users["member"])

        with pytest.raises(actions.MembershipError):
            actions.change_role(membership=membership, role="admin", by=world.users["lead"])


class TestRemoveMember:
    def test_it_removes_a_member_and_keeps_the_history(self, world):
        membership = world.alpha.memberships.get(user=world.users["viewer"])
        pk = membership.pk

        actions.remove_member(membership=membership, by=world.users["lead"])

        assert not Membership.objects.filter(pk=pk).exists()
        deleted = Membership.history.filter(id=pk).first()
        assert deleted.history_type == "-"
        assert deleted.history_user == world.users["lead"]

    def test_it_refuses_to_remove_the_last_lead(self, world):
        membership = world.alpha.memberships.get(user=world.users["lead"])

        with pytest.raises(actions.MembershipError, match="only lead"):
            actions.remove_member(membership=membership, by=world.users["lead"])
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_it_removes_one_of_two_leads(self, world):
        second = make_user("second.lead@alpha.test")
        Membership.objects.create(user=second, partnership=world.alpha, role=Role.LEAD)
        membership = world.alpha.memberships.get(user=world.users["lead"])

        actions.remove_member(membership=membership, by=world.users["lead"])

        assert list(
            world.alpha.memberships.filter(role=Role.LEAD).values_list("user", flat=True)
        ) == [second.pk]


class TestRevokeInvitation:
    def test_it_revokes_a_pending_invitation(self, world):
        invitation, _ = make_invitation(world.alpha)

        actions.revoke_invitation(invitation=invitation, by=world.users["lead"])

        assert invitation.state == Invitation.State.REVOKED
        assert not world.alpha.invitations.pending().exists()

    def test_it_refuses_an_accepted_invitation(self, world):
        invitation, _ = make_invitation(world.alpha)
        invitation.accepted_at = timezone.now()

        with pytest.raises(actions.MembershipError):
            actions.revoke_invitation(invitation=invitation, by=world.users["lead"])


class TestUpdatePartnership:
    def test_it_records_fields_and_organisations_as_one_change(self, world):
        partnership = world.alpha
        before = partnership.history.count()
        partnership.phase = "evaluation"

        actions.update_partnership(
            partnership=partnership,
            organisations=[world.org_alpha, world.org_beta],
            by=world.users["lead"],
        )

        assert partnership.history.count() == before + 1
        latest = partnership.history.first()
        assert latest.phase == "evaluation"
        assert latest.history_user == world.users["lead"]
        assert {row.organisation_id for row in latest.organisations.all()} == {
            world.org_alpha.pk,
            world.org_beta.pk,
        }
