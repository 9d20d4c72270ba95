from django.contrib.auth import get_user_model
from django.urls import reverse

from qicommons.partnerships import actions
from qicommons.partnerships.models import Invitation, Role
from qicommons.testing import make_invitation, make_user

PASSWORD = "a-long-pass-phrase"


def accept_url(token):
    return reverse("accounts:accept_invitation", args=[token])


def test_a_stranger_creates_an_account_and_lands_on_the_dashboard(client, world):
    _, token = make_invitation(world.alpha, "ama@example.org", Role.COACH)

    page = client.get(accept_url(token))
    assert "Create my account and join" in page.content.decode()
    response = client.post(
        accept_url(token),
        {"full_name": "Ama Mensah", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("core:home")
    user = get_user_model().objects.get(email="ama@example.org")
    assert response.context["user"] == user
    assert world.alpha.memberships.get(user=user).role == Role.COACH
    assert "Welcome to Alpha link" in response.content.decode()


def test_the_new_account_keeps_the_language_of_the_page(client, world):
    _, token = make_invitation(world.alpha, "ama@example.org")
    client.cookies["django_language"] = "fr"

    client.post(
        accept_url(token), {"full_name": "Ama", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert get_user_model().objects.get(email="ama@example.org").language == "fr"


def test_a_weak_or_mismatched_password_is_refused_next_to_the_field(client, world):
    _, token = make_invitation(world.alpha, "ama@example.org")

    response = client.post(
        accept_url(token), {"full_name": "Ama", "password1": "12345678", "password2": "1234"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_password2_error"' in html
    assert not get_user_model().objects.filter(email="ama@example.org").exists()


def test_a_known_person_is_asked_to_sign_in_first(client, world):
    make_user("known@example.org")
    _, token = make_invitation(world.alpha, "known@example.org")

    response = client.get(accept_url(token))

    assert "sign in to accept" in response.content.decode()
    assert f"?next={accept_url(token)}" in response.content.decode()


def test_a_signed_in_person_with_that_email_accepts(client, world):
    _, token = make_invitation(world.alpha, "lead@beta.test", Role.VIEWER)
    client.force_login(world.users["outsider"])

    response = client.post(accept_url(token))

    assert response.url == reverse("core:home")
    assert world.alpha.memberships.get(user=world.users["outsider"]).role == Role.VIEWER
    assert client.get(reverse("partnerships:detail", args=["alpha"])).status_code == 200


def test_someone_signed_in_with_another_email_cannot_accept(client, world):
    _, token = make_invitation(world.alpha, "someone@example.org")
    client.force_login(world.users["outsider"])

    response = client.post(accept_url(token))

    assert response.status_code == 200
    assert "You are signed in as lead@beta.test" in response.content.decode()
    assert not world.alpha.memberships.filter(user=world.users["outsider"]).exists()


def test_an_unknown_token_gets_a_clear_page(client, db):
    response = client.get(accept_url("made-up"))

    assert response.status_code == 404
    assert "not a valid invitation" in response.content.decode()


def test_an_expired_invitation_gets_a_clear_page(client, world):
    _, token = make_invitation(world.alpha, expired=True)

    response = client.get(accept_url(token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_used_invitation_cannot_be_used_again(client, world):
    invitation, token = make_invitation(world.alpha, "lead@beta.test")
    actions.accept_invitation(invitation=invitation, user=world.users["outsider"])

    response = client.post(
        accept_url(token), {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 410
    assert "already accepted" in response.content.decode()
    assert Invitation.objects.get().accepted_by == world.users["outsider"]
