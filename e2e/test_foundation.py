"""The foundation's journeys: inviting someone new, and a partnership's pages staying
private to it. (The French dashboard journey lives with the translations.)"""

import re

from django.core import mail
from playwright.sync_api import expect

from e2e.conftest import sign_in

PASSWORD = "pass-word-1"


def with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_a_lead_invites_a_new_member_who_accepts_in_another_browser(
    page, new_context, world, live_server
):
    with_password(world.users["lead"])
    sign_in(page, "lead@alpha.test", PASSWORD)

    page.get_by_role("link", name="Alpha link").click()
    page.get_by_role("navigation", name="Partnership").get_by_role("link", name="Members").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill("chisomo@example.org")
    page.get_by_label("Role").select_option("member")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("status")).to_contain_text(
        "An invitation was sent to chisomo@example.org"
    )
    expect(page.get_by_role("row", name=re.compile("chisomo@example.org"))).to_be_visible()

    [email] = mail.outbox
    assert email.to == ["chisomo@example.org"]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", email.body).group(0)
    assert link.startswith(live_server.url)

    invitee = new_context(locale="en-GB").new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Join Alpha link")
    invitee.get_by_label("Full name").fill("Chisomo Gondwe")
    invitee.get_by_label("Password", exact=True).fill("a-long-pass-phrase")
    invitee.get_by_label("Password confirmation").fill("a-long-pass-phrase")
    invitee.get_by_role("button", name="Create my account and join").click()

    invitee.wait_for_url(f"{live_server.url}/")
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Welcome, Chisomo")
    expect(invitee.get_by_role("status")).to_contain_text("Welcome to Alpha link")
    card = invitee.locator(".card", has_text="Alpha link")
    expect(card.locator(".badge")).to_have_text("Member")

    # The lead sees the new member, and the invitation is no longer pending.
    page.reload()
    expect(page.get_by_role("row", name=re.compile("Chisomo Gondwe"))).to_be_visible()
    expect(page.get_by_text("No invitation is waiting for an answer.")).to_be_visible()

    # The link works once.
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")


def test_a_member_of_one_partnership_gets_not_found_for_another(page, world):
    with_password(world.users["outsider"])
    sign_in(page, "lead@beta.test", PASSWORD)

    for path in ("/p/alpha/", "/p/alpha/members/", "/p/alpha/history/", "/p/alpha/edit/"):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_text("Alpha link")).to_have_count(0)


def test_the_pages_work_from_the_keyboard(page, world):
    with_password(world.users["lead"])
    page.goto("/accounts/login/")

    # Sign in with the keyboard only: the email field has the focus from the start.
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type("lead@alpha.test")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alpha")

    # On every page the first Tab reaches the skip link, which moves on to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Alpha link")).to_be_focused()


def test_a_form_error_is_announced_and_tied_to_its_field(page, world):
    with_password(world.users["lead"])
    sign_in(page, "lead@alpha.test", PASSWORD)
    page.goto("/p/alpha/members/invite/")

    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Send the invitation").click()

    field = page.get_by_label("Email address")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("valid email address"))
    expect(page.get_by_role("alert")).to_contain_text("Email address")
