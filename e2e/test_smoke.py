from e2e.conftest import sign_in


def test_it_signs_in_and_shows_the_dashboard(page, world):
    world.users["lead"].set_password("pass-word-1")
    world.users["lead"].save(update_fields=["password"])
    sign_in(page, "lead@alpha.test", "pass-word-1")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert page.get_by_role("link", name="Alpha link").is_visible()
