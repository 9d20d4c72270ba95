from datetime import date

from qicommons.projects.models import PDSACycle, chart_annotations


def plan(idea, **changes):
    data = {
        "change_idea": idea.pk,
        "title": "Hats on every shift",
        "start_date": "2024-06-10",
        "objective": "Hats on every transfer",
        "prediction": "9 of 10 babies arrive with a hat",
    }
    return {**data, **changes}


def test_it_numbers_cycles_in_the_ramp_of_their_change_idea(client, world, project, diagram, cycle):
    client.force_login(world.users["member"])
    response = client.post(project.url("cycle_create"), plan(diagram["hats"]))
    second = PDSACycle.objects.exclude(pk=cycle.pk).get()
    assert response.url == second.get_absolute_url()
    assert second.number == 2
    client.post(project.url("cycle_create"), plan(diagram["towels"], title="Towels"))
    assert PDSACycle.objects.get(title="Towels").number == 1


def test_it_requires_a_prediction_to_plan_a_cycle(client, world, project, diagram):
    client.force_login(world.users["member"])
    response = client.post(project.url("cycle_create"), plan(diagram["hats"], prediction=""))
    assert "prediction" in response.context["form"].errors
    assert not PDSACycle.objects.exists()


def test_it_accepts_only_this_projects_change_ideas(client, world, project, diagram):
    from qicommons.projects.models import ChangeIdea, Driver, Project

    other = Project.objects.create(partnership=world.beta, organisation=world.org_beta, title="B")
    driver = Driver.objects.create(project=other, kind="primary", text="D")
    foreign = ChangeIdea.objects.create(project=other, driver=driver, text="Foreign")
    client.force_login(world.users["member"])
    response = client.post(project.url("cycle_create"), plan(foreign))
    assert "change_idea" in response.context["form"].errors


def test_its_stage_follows_from_what_is_written(cycle):
    assert cycle.stage == PDSACycle.Stage.DO
    cycle.what_happened = "Hats went on 14 babies"
    assert cycle.stage == PDSACycle.Stage.STUDY
    cycle.results = "11 of 14, as predicted"
    assert cycle.stage == PDSACycle.Stage.ACT
    cycle.decision = PDSACycle.Decision.ADAPT
    assert cycle.stage == PDSACycle.Stage.DONE
    assert PDSACycle(title="Draft").stage == PDSACycle.Stage.PLAN


def test_it_records_do_study_and_act(client, world, project, diagram, cycle):
    client.force_login(world.users["member"])
    data = plan(diagram["hats"], what_happened="14 babies", results="11 of 14", decision="adapt")
    data.pop("change_idea")
    client.post(project.url("cycle_edit", cycle=cycle.pk), data)
    cycle.refresh_from_db()
    assert (cycle.decision, cycle.stage) == ("adapt", PDSACycle.Stage.DONE)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "11 of 14" in page and "Adapt" in page


def test_it_refuses_a_decision_before_the_study(client, world, project, diagram, cycle):
    client.force_login(world.users["member"])
    data = plan(diagram["hats"], decision="adopt")
    data.pop("change_idea")
    response = client.post(project.url("cycle_edit", cycle=cycle.pk), data)
    assert "decision" in response.context["form"].errors


def test_chart_annotations_label_each_cycle_start_with_its_number(project, diagram, cycle):
    PDSACycle.objects.create(
        project=project,
        change_idea=diagram["hats"],
        number=2,
        title="Hats on every shift",
        start_date=date(2024, 6, 10),
    )
    PDSACycle.objects.create(project=project, title="Not started")
    assert chart_annotations(project) == [
        (date(2024, 4, 8), "PDSA 1: Hats in theatre"),
        (date(2024, 6, 10), "PDSA 2: Hats on every shift"),
    ]


def test_a_cycle_of_another_project_is_not_found(client, world, project, cycle):
    from qicommons.projects.models import Project

    other = Project.objects.create(partnership=world.alpha, organisation=world.org_alpha, title="B")
    client.force_login(world.users["viewer"])
    assert client.get(other.url("cycle", cycle=cycle.pk)).status_code == 404
