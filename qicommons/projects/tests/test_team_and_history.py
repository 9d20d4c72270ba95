from qicommons.accounts.models import User
from qicommons.projects.models import ProjectMember


def test_it_adds_a_partnership_member_to_the_team_with_a_role(client, world, project):
    client.force_login(world.users["member"])
    client.post(project.url("team"), {"user": world.users["coach"].pk, "role": "data_lead"})
    member = ProjectMember.objects.get()
    assert (member.user, member.get_role_display()) == (world.users["coach"], "Data lead")
    assert "Data lead" in client.get(project.get_absolute_url()).content.decode()


def test_it_rejects_someone_outside_the_partnership(client, world, project):
    client.force_login(world.users["member"])
    response = client.post(
        project.url("team"), {"user": world.users["outsider"].pk, "role": "lead"}
    )
    assert "user" in response.context["form"].errors
    stranger = User.objects.create_user(email="stranger@example.test")
    client.post(project.url("team"), {"user": stranger.pk, "role": "lead"})
    assert not ProjectMember.objects.exists()


def test_it_does_not_offer_someone_already_on_the_team(client, world, project):
    ProjectMember.objects.create(project=project, user=world.users["coach"], role="coach")
    client.force_login(world.users["member"])
    form = client.get(project.url("team")).context["form"]
    assert world.users["coach"] not in form.fields["user"].queryset
    assert world.users["viewer"] in form.fields["user"].queryset


def test_it_removes_someone_from_the_team(client, world, project):
    place = ProjectMember.objects.create(project=project, user=world.users["coach"], role="coach")
    client.force_login(world.users["member"])
    client.post(project.url("team_remove", member=place.pk))
    assert not ProjectMember.objects.exists()


def test_the_history_shows_who_changed_what(client, world, project, diagram):
    client.force_login(world.users["member"])
    client.post(
        project.url("node_rename", kind="driver", node=diagram["staff"].pk), {"text": "People"}
    )
    client.force_login(world.users["lead"])
    response = client.get(project.url("history"))
    (row,) = [r for r in response.context["rows"] if r.model == "driver" and r.new == "People"]
    assert row.who == world.users["member"]
    assert row.action == "changed" and row.old == "Staff"
    assert "Alpha Member" in response.content.decode()
