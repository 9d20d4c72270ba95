"""Clinical audit in real Chromium: define, collect on a phone, compare; private feedback."""

import re

from e2e.conftest import sign_in
from qicommons.audits.tests.factories import add_case, make_audit, make_cycle
from qicommons.partnerships.models import Membership, Role
from qicommons.testing import make_user

PASSWORD = "pass-word-1"


def with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def enter_case(phone, reference, results):
    phone.get_by_label("Case reference").fill(reference)
    for i, result in enumerate(results):
        phone.locator("fieldset.aud-criterion").nth(i).get_by_label(result, exact=True).check()
    phone.get_by_role("button", name="Save case").click()
    phone.get_by_text("Case saved").wait_for()


def test_it_runs_an_audit_from_criteria_to_re_audit_on_a_phone(phone, world):
    lead = with_password(world.users["lead"])
    sign_in(phone, lead.email, PASSWORD)
    phone.goto("/p/alpha/audits/")
    phone.get_by_role("link", name="New audit").click()
    phone.get_by_label("Title").fill("Partograph use")
    phone.get_by_label("Hospital").select_option(label="Alpha District Hospital")
    phone.get_by_label("Guideline or standard").fill("WHO intrapartum care")
    phone.get_by_role("button", name="Save").click()

    statements = ["Partograph within one hour", "Fetal heart every 30 minutes", "BP four-hourly"]
    for i, statement in enumerate(statements):
        phone.locator("#id_statement").fill(statement)
        phone.get_by_label("Numerator").fill("women who had it")
        phone.get_by_label("Denominator").fill("women in labour")
        phone.get_by_label("Target compliance (%)").fill("90")
        last = i == len(statements) - 1
        phone.get_by_role(
            "button", name="Save" if last else "Save and add another", exact=True
        ).click()
    phone.get_by_role("heading", name="Partograph use").wait_for()

    for link, name, start, end in (
        ("Start the baseline", "Baseline", "2025-01-06", "2025-01-31"),
        ("Start a re-audit", "Re-audit", "2025-06-02", "2025-06-27"),
    ):
        phone.get_by_role("link", name=link).click()
        phone.get_by_label("Name").fill(name)
        phone.get_by_label("Period from").fill(start)
        phone.get_by_label("Period to").fill(end)
        phone.get_by_role("button", name="Save").click()
        if name == "Baseline":
            enter_case(phone, "REG-1", ["Met", "Not met", "Met"])
            enter_case(phone, "REG-2", ["Not met", "Not met", "Not applicable"])
        else:
            enter_case(phone, "REG-3", ["Met", "Met", "Met"])
            enter_case(phone, "REG-4", ["Met", "Not met", "Met"])
        # the phone screen needs no sideways scrolling to answer a case
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1
        phone.get_by_role("link", name="Finish").click()
        phone.get_by_role("link", name="Partograph use").first.click()

    results = phone.locator("table.aud-results")
    assert "50%" in results.inner_text() and "100%" in results.inner_text()
    comparison = phone.get_by_role("heading", name="Re-audit compared with the baseline")
    assert comparison.is_visible()
    assert (
        "+" in phone.locator(".aud-summary").inner_text()
        or "improved" in phone.locator(".aud-summary").inner_text()
    )
    assert phone.locator("figure.chart svg title").first.text_content() == (
        "Compliance across audit cycles"
    )


def test_a_clinician_sees_only_their_own_funnel_point_highlighted(page, world):
    member = with_password(world.users["member"])
    peers = []
    for i in range(4):
        peer = make_user(f"peer{i}@alpha.test", full_name=f"Peer Person {i}")
        Membership.objects.create(user=peer, partnership=world.alpha, role=Role.MEMBER)
        peers.append(peer)
    audit = make_audit(world.alpha, n_criteria=2)
    cycle = make_cycle(audit)
    for i in range(8):
        add_case(cycle, f"M{i}", ["met" if i % 2 else "not_met", "met"], member)
    for p, peer in enumerate(peers):
        for i in range(8):
            add_case(cycle, f"P{p}-{i}", ["met" if i <= p + 3 else "not_met", "met"], peer)

    sign_in(page, member.email, PASSWORD)
    page.goto("/p/alpha/audits/my-feedback/")
    funnels = page.locator("figure.aud-funnel svg")
    assert funnels.count() == 2
    for i in range(2):
        assert funnels.nth(i).locator("#own-point").count() == 1
    text = page.locator("main").inner_text()
    html = page.content()
    for peer in peers:
        assert peer.full_name not in html and peer.email not in html
    assert re.search(r"50% \(4/8\)", text)

    # and a coach who tries the member's page finds nothing there
    coach = with_password(world.users["coach"])
    page.context.clear_cookies()
    sign_in(page, coach.email, PASSWORD)
    response = page.goto(f"/p/alpha/audits/clinicians/{member.pk}/feedback/")
    assert response.status == 404
