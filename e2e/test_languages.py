"""A demo lead switches to French with the footer's language switcher, and QI Commons
stays in French: after a reload, after signing out and in again, and on another device
(the choice is saved on the account too)."""

from playwright.sync_api import expect

from e2e.conftest import sign_in

PASSWORD = "pass-word-1"


def expect_the_french_dashboard(page):
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Alpha")
    expect(page.get_by_role("heading", name="Vos partenariats")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Navigation principale")
    expect(navigation.get_by_role("link", name="Tableau de bord")).to_be_visible()
    expect(navigation.get_by_role("button", name="Se déconnecter")).to_be_visible()
    # The lead's role and the partnership's phase come from the models' choices.
    card = page.locator(".card", has_text="Alpha link")
    expect(card.locator(".badge")).to_have_text("Responsable")
    expect(card).to_contain_text("Amélioration")


def test_a_lead_switches_to_french_and_it_is_remembered(page, new_context, world):
    lead = world.users["lead"]
    lead.set_password(PASSWORD)
    lead.save(update_fields=["password"])
    sign_in(page, "lead@alpha.test", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alpha")

    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option("fr")
    footer.get_by_role("button", name="Change").click()

    page.wait_for_url("**/")
    expect_the_french_dashboard(page)
    expect(page.get_by_role("contentinfo").get_by_label("Langue")).to_have_value("fr")

    page.reload()
    expect_the_french_dashboard(page)

    # Signed out, the sign-in page is in French too; signing in again keeps French.
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.get_by_label("Adresse e-mail").fill("lead@alpha.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    expect_the_french_dashboard(page)

    # Another device, whose browser asks for English: the account's choice wins once
    # the lead signs in.
    other = new_context(locale="en-GB").new_page()
    sign_in(other, "lead@alpha.test", PASSWORD)
    expect_the_french_dashboard(other)
    lead.refresh_from_db()
    assert lead.language == "fr"
