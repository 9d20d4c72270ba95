from datetime import date

from django.urls import reverse

from qicommons.audits.models import Audit, Criterion

from .factories import add_case, make_action, make_audit, make_cycle, make_meeting, make_review


def improving_audit(world):
    audit = make_audit(world.alpha, n_criteria=1)
    base = make_cycle(audit)
    again = make_cycle(audit, kind="re_audit", label="Re-audit", start=date(2025, 6, 1))
    # Newcombe 1998b example (a): 48/80 at baseline, 56/70 at re-audit.
    for i in range(80):
        add_case(base, f"b{i}", ["met" if i < 48 else "not_met"])
    for i in range(70):
        add_case(again, f"a{i}", ["met" if i < 56 else "not_met"])
    return audit


def test_the_audit_page_shows_compliance_comparison_chart_and_summary(client, world):
    audit = improving_audit(world)
    client.force_login(world.users["viewer"])
    body = client.get(audit.get_absolute_url()).content.decode()
    assert "60%" in body and "(48/80)" in body and "80%" in body and "(56/70)" in body
    assert "0.052 to 0.334" in body  # Newcombe 1998b, Table II (a): 0.0524 to 0.3339
    assert "<svg" in body and "<title>Compliance across audit cycles</title>" in body
    assert "improved by 20 points" in body


def test_the_report_is_print_ready_with_standard_method_results_and_actions(client, world):
    audit = improving_audit(world)
    make_action(world.alpha, audit=audit, title="Partograph in every admission pack")
    client.force_login(world.users["viewer"])
    body = client.get(reverse("audits:report", args=["alpha", audit.pk])).content.decode()
    for text in ("WHO recommendations: intrapartum care", "80 cases", "Wilson", "<svg"):
        assert text in body
    assert "Partograph in every admission pack" in body


def test_new_audit_rejects_bad_data_and_saves_nothing(client, world):
    client.force_login(world.users["member"])
    response = client.post(
        reverse("audits:new", args=["alpha"]),
        {
            "title": "",
            "organisation": world.org_beta.pk,  # not one of alpha's
            "guideline_name": "WHO",
            "status": "planned",
            "planned_start": "2025-05-01",
            "planned_end": "2025-04-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "organisation", "planned_end"}
    assert not Audit.objects.exists()


def test_a_criterion_target_must_be_a_percentage(client, world):
    audit = make_audit(world.alpha, n_criteria=0)
    client.force_login(world.users["member"])
    response = client.post(
        reverse("audits:criterion_new", args=["alpha", audit.pk]),
        {"number": 1, "statement": "x", "numerator": "y", "denominator": "z", "target": 140},
    )
    assert "target" in response.context["form"].errors
    assert not Criterion.objects.exists()


def test_a_second_baseline_is_refused(client, world):
    audit = make_audit(world.alpha)
    make_cycle(audit)
    client.force_login(world.users["member"])
    response = client.post(
        reverse("audits:cycle_new", args=["alpha", audit.pk]),
        {
            "kind": "baseline",
            "label": "Again",
            "period_start": "2025-02-01",
            "period_end": "2025-02-28",
        },
    )
    assert "kind" in response.context["form"].errors
    assert audit.cycles.count() == 1


def test_list_pages_use_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(6):
        audit = make_audit(world.alpha, title=f"Audit {i}")
        make_action(world.alpha, audit=audit, owner=world.users["member"])
        make_review(world.alpha, world.users["coach"])
        make_meeting(world.alpha)
    cycle = make_cycle(audit)
    for i in range(20):
        add_case(cycle, f"R{i}", ["met", "na", "not_met"])
    client.force_login(world.users["lead"])
    urls = [
        reverse("audits:list", args=["alpha"]),
        reverse("audits:actions", args=["alpha"]) + "?show=all",
        reverse("audits:reviews", args=["alpha"]),
        reverse("audits:programme", args=["alpha", world.org_alpha.pk]),
        reverse("audits:governance", args=["alpha", world.org_alpha.pk]),
        cycle.get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_pages_stay_small(client, world):
    audit = improving_audit(world)
    client.force_login(world.users["viewer"])
    import gzip

    for url in (audit.get_absolute_url(), reverse("audits:report", args=["alpha", audit.pk])):
        assert len(gzip.compress(client.get(url).content)) < 150 * 1024
