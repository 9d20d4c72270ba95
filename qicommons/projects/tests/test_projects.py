from qicommons.measures.tests.helpers import add_points, make_measure
from qicommons.partnerships.models import Organisation
from qicommons.projects.models import Attachment, PDSACycle, Project, ProjectMember


def project_data(world, **changes):
    data = {
        "title": "Increasing partograph completion",
        "organisation": world.org_alpha.pk,
        "clinical_area": "Labour ward",
        "status": "active",
        "phase": "improvement",
        "start_date": "2024-06-01",
    }
    return {**data, **changes}


def test_it_creates_a_project_in_the_partnership(client, world):
    client.force_login(world.users["member"])
    response = client.post("/p/alpha/projects/new/", project_data(world))
    project = Project.objects.get()
    assert project.partnership == world.alpha
    assert response.url == project.url("aim")


def test_it_rejects_an_organisation_outside_the_partnership(client, world):
    client.force_login(world.users["member"])
    response = client.post(
        "/p/alpha/projects/new/", project_data(world, organisation=world.org_beta.pk)
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Project.objects.exists()


def test_it_offers_only_the_partnerships_organisations(client, world):
    Organisation.objects.create(name="Elsewhere Clinic", country="KE", kind="hospital")
    client.force_login(world.users["member"])
    page = client.get("/p/alpha/projects/new/").content.decode()
    assert "Alpha District Hospital" in page and "Northshire NHS Trust" in page
    assert "Beta Regional Hospital" not in page and "Elsewhere Clinic" not in page


def test_it_rejects_an_end_before_the_start(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(project.url("edit"), project_data(world, end_date="2024-01-01"))
    assert "end_date" in response.context["form"].errors


def test_it_edits_a_project(client, world, project):
    client.force_login(world.users["coach"])
    client.post(project.url("edit"), project_data(world, title="Warmer babies"))
    project.refresh_from_db()
    assert project.title == "Warmer babies"


def test_it_does_not_show_one_partnerships_project_under_anothers_address(client, world, project):
    client.force_login(world.users["outsider"])
    assert client.get(f"/p/beta/projects/{project.pk}/").status_code == 404


def make(world, title, **fields):
    return Project.objects.create(
        partnership=world.alpha, organisation=world.org_alpha, title=title, **fields
    )


def test_it_filters_the_list_by_status_phase_and_area(client, world):
    make(world, "Cold babies", status="active", clinical_area="Neonatal unit")
    make(world, "Partographs", status="planning", clinical_area="Labour ward")
    make(world, "Old audit", status="completed", phase="evaluation", clinical_area="Labour ward")
    client.force_login(world.users["viewer"])

    def titles(query):
        rows = client.get("/p/alpha/projects/?" + query).context["rows"]
        return [p.title for p, _verdict, _label in rows]

    assert titles("") == ["Cold babies", "Old audit", "Partographs"]
    assert titles("status=active") == ["Cold babies"]
    assert titles("phase=evaluation") == ["Old audit"]
    assert titles("area=Labour+ward") == ["Old audit", "Partographs"]
    assert titles("area=Labour+ward&status=planning") == ["Partographs"]


def _improving(world, project):
    """An outcome measure whose second half is a long shift down (better): improvement."""
    measure = make_measure(world, project=project)
    add_points(measure, [12, 13, 11, 12, 14, 12, 11, 13, 12, 12, 13, 11] + [3] * 12, [60] * 24)
    return measure


def test_it_filters_the_list_by_verdict(client, world):
    cold = make(world, "Cold babies")
    _improving(world, cold)
    make(world, "Partographs")  # no measures yet: too little data
    client.force_login(world.users["viewer"])
    response = client.get("/p/alpha/projects/?verdict=improvement")
    rows = [(p.title, v) for p, v, _label in response.context["rows"]]
    assert rows == [("Cold babies", "improvement")]


def test_it_shows_the_verdicts_in_words(client, world):
    _improving(world, make(world, "Cold babies"))
    make(world, "Partographs")
    client.force_login(world.users["viewer"])
    response = client.get("/p/alpha/projects/")
    page = response.content.decode()
    assert '<span class="badge good">Improvement</span>' in page
    assert '<span class="badge">Too little data</span>' in page
    choices = dict(response.context["form"].fields["verdict"].choices)
    assert choices["deterioration"] == "Deterioration"


def test_the_list_costs_the_same_few_queries_however_many_projects(
    client, world, django_assert_max_num_queries
):
    for i in range(30):
        make(world, f"Project {i}", clinical_area=f"Area {i % 4}")
    client.force_login(world.users["viewer"])
    # Seven for the page itself, and a fixed few for every project's verdict at once.
    with django_assert_max_num_queries(7 + 3):
        response = client.get("/p/alpha/projects/?status=planning")
    assert len(response.context["rows"]) == 30


def test_the_project_page_costs_a_fixed_number_of_queries(
    client, world, project, diagram, cycle, django_assert_max_num_queries
):
    # More cycles, team members and attachments must not add queries.
    for number, idea in enumerate([diagram["hats"], diagram["wraps"], diagram["towels"]] * 2):
        PDSACycle.objects.create(project=project, change_idea=idea, number=number + 2, title="C")
    for who in ("member", "coach"):
        ProjectMember.objects.create(project=project, user=world.users[who], role="member")
    Attachment.objects.create(
        project=project, kind="other", title="Map", filename="m.pdf", size=1, content_type="x"
    )
    client.force_login(world.users["lead"])
    with django_assert_max_num_queries(10):
        response = client.get(project.get_absolute_url())
    page = response.content.decode()
    assert "Warm chain" in page and "PDSA 1: Hats in theatre" in page
