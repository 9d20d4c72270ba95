"""Individual feedback is private: each clinician sees only themselves; peers stay anonymous."""

import re

from django.urls import reverse

from qicommons.audits.feedback import MIN_PEERS, clinician_feedback
from qicommons.audits.models import Feedback
from qicommons.partnerships.models import Membership, Role
from qicommons.testing import make_user

from .factories import add_case, make_audit, make_cycle


def clinicians(world, n=5):
    people = []
    for i in range(n):
        user = make_user(f"peer{i}@alpha.test", full_name=f"Peer Clinician {i}")
        Membership.objects.create(user=user, partnership=world.alpha, role=Role.MEMBER)
        people.append(user)
    return people


def audited(world, people, member_cases=6):
    """One cycle in which the member and each peer have cases (peer i meets i of 6)."""
    audit = make_audit(world.alpha, n_criteria=1)
    cycle = make_cycle(audit)
    for i in range(member_cases):
        add_case(cycle, f"M{i}", ["met" if i < 3 else "not_met"], world.users["member"])
    for p, peer in enumerate(people):
        for i in range(6):
            add_case(cycle, f"P{p}-{i}", ["met" if i < p else "not_met"], peer)
    return audit, cycle


def page(client, user, audit=None):
    client.force_login(user)
    url = reverse("audits:clinician_feedback", args=["alpha", user.pk])
    if audit:
        url += f"?audit={audit.pk}"
    return client.get(url)


def test_it_shows_the_clinician_their_own_point_highlighted_once(client, world):
    peers = clinicians(world)
    audit, _cycle = audited(world, peers)
    body = page(client, world.users["member"]).content.decode()
    assert body.count('id="own-point"') == 1
    assert "50% (3/6)" in body  # the member's own compliance
    assert "<title>" in body and "<desc>" in body


def test_the_page_never_names_or_identifies_a_peer(client, world):
    peers = clinicians(world)
    audited(world, peers)
    body = page(client, world.users["member"]).content.decode()
    for peer in peers:
        assert peer.full_name not in body
        assert peer.email not in body
        assert f"clinicians/{peer.pk}/" not in body
        assert f'value="{peer.pk}"' not in body
        assert not re.search(rf'id="[^"]*\b{peer.pk}\b[^"]*"', body.replace("own-point", ""))


def test_peers_come_in_a_fresh_random_order(world):
    peers = clinicians(world, n=6)
    _audit, cycle = audited(world, peers)
    orders = {tuple(clinician_feedback(world.users["member"], cycle)[0].peers) for _ in range(30)}
    assert len(orders) > 1


def test_it_withholds_the_comparison_when_too_few_peers_would_identify_them(client, world):
    peers = clinicians(world, n=MIN_PEERS - 1)
    _audit, cycle = audited(world, peers)
    [item] = clinician_feedback(world.users["member"], cycle)
    assert item.peers == [] and item.group is None
    body = page(client, world.users["member"]).content.decode()
    assert "too few colleagues" in body
    assert 'id="own-point"' not in body


def test_a_coach_or_lead_cannot_open_another_clinicians_page(client, world):
    peers = clinicians(world)
    audited(world, peers)
    url = reverse("audits:clinician_feedback", args=["alpha", world.users["member"].pk])
    for who in ("coach", "lead", "programme", "viewer"):
        client.force_login(world.users[who])
        assert client.get(url).status_code == 404, who


def test_my_feedback_sends_each_person_to_their_own_page(client, world):
    for who in ("viewer", "member", "coach", "lead"):
        client.force_login(world.users[who])
        response = client.get(reverse("audits:my_feedback", args=["alpha"]))
        assert response.url.endswith(f"/clinicians/{world.users[who].pk}/feedback/")


def test_the_cycle_page_and_the_export_never_name_the_responsible_clinician(client, world):
    peers = clinicians(world)
    _audit, cycle = audited(world, peers)
    client.force_login(world.users["lead"])
    body = client.get(cycle.get_absolute_url()).content.decode()
    for person in [*peers, world.users["member"]]:
        assert person.full_name not in body


def test_only_a_coach_may_write_feedback_and_only_its_clinician_reads_it(client, world):
    url = reverse("audits:feedback_new", args=["alpha"])
    data = {"clinician": world.users["member"].pk, "text": "Your partographs are improving."}
    client.force_login(world.users["member"])
    assert client.post(url, data).status_code == 403
    client.force_login(world.users["coach"])
    assert client.post(url, data).status_code == 302
    assert Feedback.objects.get().coach == world.users["coach"]
    assert "Your partographs are improving." in page(client, world.users["member"]).content.decode()
    assert (
        "Your partographs are improving."
        not in page(client, world.users["viewer"]).content.decode()
    )


def test_a_coach_cannot_address_feedback_to_someone_outside_the_partnership(client, world):
    client.force_login(world.users["coach"])
    response = client.post(
        reverse("audits:feedback_new", args=["alpha"]),
        {"clinician": world.users["outsider"].pk, "text": "Hello"},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_no_peers_exact_cases_and_compliance_reach_the_page(client, world):
    peers = clinicians(world)  # peer p meets p of 6: 0/6, 1/6, ..., 4/6
    audited(world, peers)
    body = page(client, world.users["member"]).content.decode()
    assert 'id="own-point"' in body
    for met in (1, 2, 4):  # 3/6 is the member's own figure, shown on purpose
        percent = 100 * met / 6
        for text in (f"{met}/6", f"{percent:.1f}", f"{percent:.0f}%", f"{met / 6:.3f}"):
            assert text not in body, text


def test_peers_are_counted_in_bands_of_cases_and_compliance():
    from qicommons.audits.feedback import peer_bands

    bands = peer_bands([(0, 6), (1, 6), (4, 7), (12, 12)])
    assert [(b.cases_from, b.cases_to, b.percent_from, b.count) for b in bands] == [
        (5, 9, 0, 1),
        (5, 9, 10, 1),
        (5, 9, 50, 1),
        (10, 19, 90, 1),
    ]


def test_below_the_minimum_of_cases_it_shows_the_figure_without_a_label(world):
    from qicommons.audits.feedback import MIN_CASES

    peers = clinicians(world)
    _audit, cycle = audited(world, peers, member_cases=MIN_CASES - 1)
    [item] = clinician_feedback(world.users["member"], cycle)
    assert item.position is None and item.own.trials == MIN_CASES - 1
    assert "no comparison yet" in item.words


def test_it_says_when_results_vary_more_than_chance_and_widens_the_limits(client, world):
    peers = clinicians(world, n=6)
    audit = make_audit(world.alpha, n_criteria=1)
    cycle = make_cycle(audit)
    for i in range(10):
        add_case(cycle, f"M{i}", ["met" if i < 5 else "not_met"], world.users["member"])
    for p, peer in enumerate(peers):  # every colleague meets all or none of 10
        for i in range(10):
            add_case(cycle, f"P{p}-{i}", ["met" if p % 2 else "not_met"], peer)
    [item] = clinician_feedback(world.users["member"], cycle)
    assert item.dispersion.overdispersed
    body = page(client, world.users["member"]).content.decode()
    assert "the limits are widened" in body
