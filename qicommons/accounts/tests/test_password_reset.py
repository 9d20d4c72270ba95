import re

from django.core import mail

from qicommons.testing import make_user


def test_it_resets_a_password_by_email_end_to_end(client, db, settings):
    settings.SITE_URL = "https://qi.example.org/"
    user = make_user("midwife@example.org")
    user.set_password("old-pass-phrase-1")
    user.save()

    response = client.post("/accounts/password-reset/", {"email": "midwife@example.org"})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["midwife@example.org"]
    link = re.search(r"https://qi.example.org(/accounts/reset/\S+/)", email.body).group(1)

    # Django swaps the token in the link for one kept in the session, then shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "new-pass-phrase-2", "new_password2": "new-pass-phrase-2"}
    )
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password("new-pass-phrase-2")
    signed_in = client.post(
        "/accounts/login/", {"username": "midwife@example.org", "password": "new-pass-phrase-2"}
    )
    assert signed_in.status_code == 302
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_it_does_not_reveal_whether_an_address_has_an_account(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert not mail.outbox


def test_the_link_ignores_the_host_the_request_names(client, db, settings):
    settings.SITE_URL = "https://qi.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    user = make_user("midwife@example.org")
    user.set_password("old-pass-phrase-1")
    user.save()

    client.post(
        "/accounts/password-reset/",
        {"email": "midwife@example.org"},
        headers={"host": "attacker.example"},
    )

    [email] = mail.outbox
    assert "https://qi.example.org/accounts/reset/" in email.body
    assert "attacker.example" not in email.body


def person(email):
    user = make_user(email)
    user.set_password("a-pass-phrase-1")  # Django sends links only to usable passwords
    user.save()


def test_one_address_gets_a_few_links_an_hour_and_the_page_says_nothing_more(client, db):
    person("midwife@example.org")
    answers = [
        client.post("/accounts/password-reset/", {"email": address}).status_code
        for address in ["midwife@example.org", "MIDWIFE@example.org"] + ["midwife@example.org"] * 4
    ]

    assert answers == [302] * 6  # the same answer as an address with no account
    assert len(mail.outbox) == 3


def test_one_client_cannot_spray_reset_requests(client, db):
    for number in range(12):
        person(f"nurse{number}@example.org")
    answers = [
        client.post("/accounts/password-reset/", {"email": f"nurse{number}@example.org"})
        for number in range(12)
    ]

    assert [a.status_code for a in answers] == [302] * 10 + [429] * 2
    assert len(mail.outbox) == 10
    assert "Too many password reset requests" in answers[-1].content.decode()
    # Another client is not held back by the first one's requests.
    other = client.post(
        "/accounts/password-reset/", {"email": "nurse11@example.org"}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302 and len(mail.outbox) == 11
