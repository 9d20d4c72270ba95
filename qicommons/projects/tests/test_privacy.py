"""A problem statement or PDSA text that looks like a patient identifier warns once."""

from qicommons.projects.models import PDSACycle, Project

from .test_cycles import plan
from .test_projects import project_data

WARNING = "It seems to contain a name"


def _shows_warning_beside(page, label):
    """The warning names the field it is about, and the "save anyway" box is offered."""
    assert f"{label}: {WARNING}" in page
    assert 'type="checkbox" name="confirm_no_identifiers"' in page


def test_an_identifying_problem_statement_stops_the_new_project_once(client, world):
    client.force_login(world.users["member"])
    data = project_data(world, problem="Mrs Banda's baby was cold")
    response = client.post("/p/alpha/projects/new/", data)
    assert response.status_code == 200
    _shows_warning_beside(response.content.decode(), "Problem statement")
    assert not Project.objects.exists()

    response = client.post("/p/alpha/projects/new/", {**data, "confirm_no_identifiers": "on"})
    assert response.status_code == 302
    assert Project.objects.get().problem == "Mrs Banda's baby was cold"


def test_an_ordinary_problem_statement_saves_at_once(client, world, project):
    client.force_login(world.users["member"])
    data = project_data(world, problem="Half the babies arrive cold")
    response = client.post(project.url("edit"), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.problem == "Half the babies arrive cold"


def test_an_identifying_cycle_text_stops_the_cycle_once(client, world, project, diagram):
    client.force_login(world.users["member"])
    data = plan(diagram["hats"], observations="Mr Phiri forgot the hat")
    response = client.post(project.url("cycle_create"), data)
    assert response.status_code == 200
    _shows_warning_beside(response.content.decode(), "Observations")
    assert not PDSACycle.objects.exists()

    response = client.post(project.url("cycle_create"), {**data, "confirm_no_identifiers": "on"})
    assert response.status_code == 302
    assert PDSACycle.objects.get().observations == "Mr Phiri forgot the hat"


def test_every_pdsa_stage_warns(client, world, project, diagram, cycle):
    client.force_login(world.users["member"])
    url = project.url("cycle_edit", cycle=cycle.pk)
    for field in ("plan_details", "what_happened", "results", "next_cycle"):
        data = plan(diagram["hats"], **{field: "Seen by Ms Mbewe"})
        data.pop("change_idea")
        response = client.post(url, data)
        assert response.status_code == 200, field
        assert WARNING in response.content.decode(), field
    cycle.refresh_from_db()
    assert "Mbewe" not in " ".join(
        [cycle.plan_details, cycle.what_happened, cycle.results, cycle.next_cycle]
    )


def test_an_ordinary_cycle_saves_at_once(client, world, project, diagram):
    client.force_login(world.users["member"])
    data = plan(diagram["hats"], observations="Hats ran out on night shift")
    response = client.post(project.url("cycle_create"), data)
    assert response.status_code == 302
    assert PDSACycle.objects.get().observations == "Hats ran out on night shift"
