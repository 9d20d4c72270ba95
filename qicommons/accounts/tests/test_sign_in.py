import pytest
from django.conf import settings
from django.urls import reverse

from qicommons import settings as project_settings
from qicommons.testing import make_user

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def person(db):
    user = make_user("nurse@example.org", full_name="Nurse Banda")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password=PASSWORD, ip="10.0.0.1", **extra):
    data = {"username": "nurse@example.org", "password": password, **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = make_user("hashed@example.org")
    user.set_password("a-long-pass-phrase")
    user.save()

    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert user.check_password("a-long-pass-phrase")


def test_it_signs_in_with_email_in_any_case(client, person):
    response = client.post(LOGIN, {"username": "Nurse@Example.ORG", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_a_wrong_password_shows_an_error_and_keeps_the_form(client, person):
    response = sign_in(client, password="wrong")

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_from_that_address(client, person):
    for _ in range(4):
        assert sign_in(client, password="wrong").status_code == 200

    locked = sign_in(client, password="wrong")

    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # Even the right password is refused from that address now...
    assert sign_in(client).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the same person elsewhere (another address) can still sign in.
    assert sign_in(client, ip="10.0.0.2").status_code == 302


def test_changing_the_case_of_the_address_does_not_reset_the_count(client, person):
    variants = ["nurse@example.org", "NURSE@example.org", "Nurse@Example.Org", " nurse@EXAMPLE.org"]
    answers = [sign_in(client, password="wrong", username=v).status_code for v in variants]
    assert answers == [200, 200, 200, 200]

    assert sign_in(client, password="wrong", username="nUrSe@example.ORG").status_code == 429
    assert sign_in(client, username="NURSE@EXAMPLE.ORG").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_session_ends_with_the_browser_unless_asked_to_remember(client, person):
    sign_in(client)

    assert client.session.get_expire_at_browser_close()


def test_a_remembered_session_lasts_two_weeks(client, person):
    sign_in(client, remember="on")

    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


def test_sessions_expire(client, person):
    assert settings.SESSION_COOKIE_AGE <= 14 * 24 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_saved_language_applies_at_sign_in(client, person):
    person.language = "fr"
    person.save()

    response = sign_in(client)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_a_language_chosen_before_signing_in_is_saved(client, person):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"

    sign_in(client)

    person.refresh_from_db()
    assert person.language == "pt"


def test_the_language_switcher_remembers_the_choice_on_the_account(client, person):
    client.force_login(person)

    response = client.post(reverse("accounts:language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    person.refresh_from_db()
    assert person.language == "es"


def test_the_language_switcher_ignores_an_unknown_language(client, person):
    client.force_login(person)

    client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})

    person.refresh_from_db()
    assert person.language == ""


def test_the_language_switcher_works_signed_out(client, db):
    response = client.post(reverse("accounts:language"), {"language": "fr", "next": LOGIN})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert response.url == LOGIN
