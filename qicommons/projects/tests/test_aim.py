from datetime import date
from decimal import Decimal

from qicommons.projects.models import Project


def aim_data(**changes):
    data = {
        "aim_what": "hypothermia on admission",
        "aim_who": "babies admitted to the neonatal unit",
        "aim_baseline": "58",
        "aim_goal": "20",
        "aim_unit": "%",
        "aim_by": "2025-12-31",
    }
    return {**data, **changes}


def test_it_saves_a_measurable_aim_and_shows_it_as_one_sentence(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(project.url("aim"), aim_data())
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.aim_goal == Decimal("20")
    page = client.get(project.get_absolute_url()).content.decode()
    assert (
        "Reduce hypothermia on admission for babies admitted to the neonatal unit "
        "from 58% to 20% by 31 December 2025." in page
    )


def test_it_says_increase_when_the_goal_is_above_the_baseline(client, world, project):
    client.force_login(world.users["member"])
    client.post(project.url("aim"), aim_data(aim_what="partograph completion", aim_goal="85"))
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Increase partograph completion" in page
    assert "from 58% to 85%" in page


def test_it_rejects_an_aim_without_a_goal_or_a_date(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(project.url("aim"), aim_data(aim_goal="", aim_by=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "aim_goal" in errors and "aim_by" in errors
    project.refresh_from_db()
    assert project.aim_goal is None


def test_it_rejects_a_date_before_the_project_starts(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(project.url("aim"), aim_data(aim_by="2024-01-15"))
    assert "after the project" in str(response.context["form"].errors["aim_by"])


def test_it_rejects_a_goal_equal_to_the_baseline(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(project.url("aim"), aim_data(aim_goal="58.00"))
    assert "differ" in str(response.context["form"].errors["aim_goal"])
    project.refresh_from_db()
    assert project.aim_what == ""


def test_an_aim_without_a_baseline_reads_as_bring_to():
    project = Project(aim_what="x", aim_who="y", aim_goal=Decimal("5"), aim_by=date(2026, 1, 1))
    assert project.has_aim
    assert project.aim_direction == "reach"
