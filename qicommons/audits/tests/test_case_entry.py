from django.urls import reverse

from qicommons.audits.models import Answer, CaseRecord

from .factories import make_audit, make_cycle


def url(cycle):
    return reverse("audits:case_new", args=["alpha", cycle.audit_id, cycle.pk])


def answers(cycle, result="met", **overrides):
    data = {"reference": "REG-001"}
    for c in cycle.audit.criteria.all():
        data[f"c{c.pk}"] = result
    data.update(overrides)
    return data


def test_it_shows_one_question_per_criterion(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    response = client.get(url(cycle))
    body = response.content.decode()
    for c in cycle.audit.criteria.all():
        assert c.statement in body
        assert body.count(f'name="c{c.pk}"') == 4  # met, not met, n/a, exception


def test_it_saves_a_case_with_every_answer(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    response = client.post(url(cycle), answers(cycle, clinician=world.users["coach"].pk))
    assert response.status_code == 302
    case = CaseRecord.objects.get()
    assert case.clinician == world.users["coach"]
    assert case.entered_by == world.users["member"]
    assert Answer.objects.filter(case=case, result="met").count() == 3


def test_it_catches_a_duplicate_case_and_saves_nothing_more(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    client.post(url(cycle), answers(cycle))
    response = client.post(url(cycle), answers(cycle, reference="reg 001"))
    assert response.status_code == 200
    assert "already recorded in this cycle" in response.content.decode()
    assert CaseRecord.objects.count() == 1


def test_it_requires_a_reason_for_an_exception(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    first = cycle.audit.criteria.first()
    client.force_login(world.users["member"])
    response = client.post(url(cycle), answers(cycle, **{f"c{first.pk}": "exception"}))
    assert response.status_code == 200
    assert "Give the reason for the exception." in response.content.decode()
    assert not CaseRecord.objects.exists()


def test_it_requires_every_criterion_answered(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    first = cycle.audit.criteria.first()
    data = answers(cycle)
    del data[f"c{first.pk}"]
    client.force_login(world.users["member"])
    response = client.post(url(cycle), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CaseRecord.objects.exists()


def test_it_refuses_a_clinician_from_outside_the_partnership(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    response = client.post(url(cycle), answers(cycle, clinician=world.users["outsider"].pk))
    assert response.status_code == 200
    assert not CaseRecord.objects.exists()


def test_it_warns_once_about_identifiers_in_the_note_then_saves_when_confirmed(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    data = answers(cycle, note="Mrs Banda, MRN 00123456")
    response = client.post(url(cycle), data)
    assert response.status_code == 200
    assert "may identify a patient" in response.content.decode()
    assert not CaseRecord.objects.exists()
    response = client.post(url(cycle), {**data, "confirm_no_identifiers": "on"})
    assert response.status_code == 302
    assert CaseRecord.objects.count() == 1


def test_the_case_reference_never_appears_on_the_cycle_page(client, world):
    cycle = make_cycle(make_audit(world.alpha))
    client.force_login(world.users["member"])
    client.post(url(cycle), answers(cycle, reference="IP-55443322"))
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "55443322" not in page
    assert CaseRecord.objects.get().short_hash in page


def test_the_paper_form_prints_every_criterion_and_choice(client, world):
    audit = make_audit(world.alpha)
    client.force_login(world.users["viewer"])
    response = client.get(reverse("audits:paper_form", args=["alpha", audit.pk]) + "?copies=3")
    body = response.content.decode()
    assert body.count('class="aud-paper"') == 3
    assert body.count("Criterion statement 2") == 3
    assert "Exception" in body
