from datetime import date, timedelta

from django.urls import reverse

from qicommons.audits.models import ActionItem, CaseReview, Meeting

from .factories import make_action, make_audit, make_meeting, make_review


def test_actions_from_audits_reviews_and_meetings_share_one_tracker(client, world):
    audit = make_audit(world.alpha)
    make_action(world.alpha, audit=audit, title="From the audit")
    make_action(
        world.alpha, review=make_review(world.alpha, world.users["coach"]), title="From a review"
    )
    make_action(world.alpha, meeting=make_meeting(world.alpha), title="From the mortality meeting")
    client.force_login(world.users["viewer"])
    body = client.get(reverse("audits:actions", args=["alpha"])).content.decode()
    for title in ("From the audit", "From a review", "From the mortality meeting"):
        assert title in body


def test_an_action_added_from_a_meeting_is_linked_to_it(client, world):
    meeting = make_meeting(world.alpha)
    client.force_login(world.users["member"])
    response = client.post(
        reverse("audits:action_new", args=["alpha"]) + f"?meeting={meeting.pk}",
        {
            "title": "Teach partograph use",
            "organisation": world.org_alpha.pk,
            "due_date": "2030-01-01",
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().meeting == meeting


def test_an_action_can_address_a_criterion_of_its_audit(client, world):
    audit = make_audit(world.alpha)
    criterion = audit.criteria.last()
    client.force_login(world.users["member"])
    client.post(
        reverse("audits:action_new", args=["alpha"]) + f"?audit={audit.pk}",
        {
            "title": "Stock partographs",
            "organisation": world.org_alpha.pk,
            "due_date": "2030-01-01",
            "status": "open",
            "criterion": criterion.pk,
        },
    )
    assert ActionItem.objects.get().criterion == criterion


def test_the_status_change_returns_the_row_to_htmx_and_redirects_otherwise(client, world):
    action = make_action(world.alpha)
    url = reverse("audits:action_status", args=["alpha", action.pk])
    client.force_login(world.users["member"])
    response = client.post(url, {"status": "in_progress"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<tr id="action-{action.pk}"')
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.completed == date.today()


def test_a_bad_status_is_refused(client, world):
    action = make_action(world.alpha)
    client.force_login(world.users["member"])
    url = reverse("audits:action_status", args=["alpha", action.pk])
    assert client.post(url, {"status": "maybe"}, headers={"HX-Request": "true"}).status_code == 400
    action.refresh_from_db()
    assert action.status == "open"


def test_governance_shows_open_and_overdue_actions_and_the_committee_summary(client, world):
    make_action(world.alpha, title="Late one", due=date.today() - timedelta(days=3))
    make_action(world.alpha, title="Finished", status="done")
    make_audit(world.alpha, title="Overdue audit", planned_end=date.today() - timedelta(days=1))
    client.force_login(world.users["viewer"])
    response = client.get(reverse("audits:governance", args=["alpha", world.org_alpha.pk]))
    body = response.content.decode()
    assert response.context["counts"] == {"open": 1, "overdue": 1, "done": 1}
    assert response.context["n_overdue_audits"] == 1
    assert "Late one" in body and "Finished" not in body
    assert "aud-overdue" in body


class TestCaseReview:
    URL = staticmethod(lambda: reverse("audits:review_new", args=["alpha"]))

    def data(self, world, **extra):
        return {
            "reference": "IP-1",
            "organisation": world.org_alpha.pk,
            "review_date": "2025-03-01",
            "admission_rating": 2,
            "admission_judgement": "Partograph not started for six hours.",
            "overall_rating": 3,
            "overall_judgement": "Adequate once in theatre.",
            **extra,
        }

    def test_it_saves_a_review_by_the_named_reviewer_with_a_hashed_reference(self, client, world):
        client.force_login(world.users["member"])
        assert client.post(self.URL(), self.data(world)).status_code == 302
        review = CaseReview.objects.get()
        assert review.reviewer == world.users["member"]
        assert len(review.reference_hash) == 64 and "IP-1" not in review.reference_hash

    def test_a_death_needs_an_avoidability_score_and_only_a_death(self, client, world):
        client.force_login(world.users["member"])
        response = client.post(self.URL(), self.data(world, died="on"))
        assert "avoidability" in response.context["form"].errors
        response = client.post(self.URL(), self.data(world, avoidability=3))
        assert "avoidability" in response.context["form"].errors
        assert not CaseReview.objects.exists()
        assert (
            client.post(self.URL(), self.data(world, died="on", avoidability=4)).status_code == 302
        )

    def test_a_phase_rating_needs_a_judgement(self, client, world):
        client.force_login(world.users["member"])
        response = client.post(self.URL(), self.data(world, admission_judgement=""))
        assert "admission_judgement" in response.context["form"].errors
        assert not CaseReview.objects.exists()

    def test_ratings_run_from_one_to_five(self, client, world):
        client.force_login(world.users["member"])
        response = client.post(self.URL(), self.data(world, overall_rating=6))
        assert "overall_rating" in response.context["form"].errors

    def test_the_review_page_does_not_name_the_responsible_clinician(self, client, world):
        review = make_review(world.alpha, world.users["coach"], clinician=world.users["member"])
        client.force_login(world.users["lead"])
        body = client.get(review.get_absolute_url()).content.decode()
        assert world.users["coach"].full_name in body  # the named reviewer
        assert world.users["member"].full_name not in body


def test_an_mm_meeting_records_attendees_reviews_and_learning(client, world):
    review = make_review(world.alpha, world.users["coach"])
    client.force_login(world.users["member"])
    response = client.post(
        reverse("audits:meeting_new", args=["alpha"]),
        {
            "title": "April M&M",
            "organisation": world.org_alpha.pk,
            "date": "2025-04-02",
            "attendees": [world.users["coach"].pk, world.users["lead"].pk],
            "reviews": [review.pk],
            "learning_points": "Escalate a crossed action line at once.",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {world.users["coach"], world.users["lead"]}
    assert list(meeting.reviews.all()) == [review]


def test_the_audit_programme_highlights_overdue_audits_only(client, world):
    make_audit(world.alpha, title="Late audit", planned_end=date.today() - timedelta(days=2))
    make_audit(world.alpha, title="On time", planned_end=date.today() + timedelta(days=30))
    make_audit(
        world.alpha,
        title="Closed late",
        planned_end=date.today() - timedelta(days=60),
        status="completed",
    )
    client.force_login(world.users["viewer"])
    response = client.get(reverse("audits:programme", args=["alpha", world.org_alpha.pk]))
    body = response.content.decode()
    rows = [row for row in body.split("<tr") if "overdue</span>" in row]
    assert len(rows) == 1 and "Late audit" in rows[0]
