"""Editing the driver diagram: each action answers htmx with the re-rendered part of the
diagram (`_node.html`), and a plain form post with a redirect back to the editor."""

import pytest

from qicommons.projects.diagram import build_tree
from qicommons.projects.models import ChangeIdea, Driver, PDSACycle

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def member(client, world):
    client.force_login(world.users["member"])
    return client


def node_url(project, node, action):
    kind = "idea" if isinstance(node, ChangeIdea) else "driver"
    return project.url(f"node_{action}", kind=kind, node=node.pk)


def texts(nodes):
    return [n.text for n in nodes]


def test_it_reads_the_diagram_as_a_tree(project, diagram, django_assert_num_queries):
    with django_assert_num_queries(2):
        tree = build_tree(project)
    assert texts(tree.root.children) == ["Warm chain", "Staff"]
    warm = tree.root.children[0]
    assert texts(warm.children) == ["Skin-to-skin", "Transfer"]
    assert texts(warm.children[1].children) == ["Hats", "Wraps"]
    assert tree.find(diagram["hats"].node_key).parent is warm.children[1]
    assert texts(tree.drivers) == ["Warm chain", "Skin-to-skin", "Transfer", "Staff"]


def test_it_adds_a_primary_driver_and_redirects_without_htmx(member, project, diagram):
    response = member.post(
        project.url("node_add"), {"parent": "aim", "kind": "primary", "text": "Equipment"}
    )
    assert response.status_code == 302
    assert response.url.startswith(project.url("diagram"))
    added = Driver.objects.get(text="Equipment")
    assert added.kind == "primary" and added.order == 2


def test_it_adds_a_secondary_driver_and_answers_htmx_with_the_parent(member, project, diagram):
    warm = diagram["warm"]
    response = member.post(
        project.url("node_add"),
        {"parent": warm.node_key, "kind": "secondary", "text": "Warm rooms"},
        **HTMX,
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "projects/_node.html"
    assert response["HX-Retarget"] == f"#dd-{warm.node_key}"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="dd-node dd-primary" id="dd-{warm.node_key}"')
    assert "Warm rooms" in html and "<html" not in html
    assert 'tabindex="-1" autofocus>Warm rooms<' in html
    assert html.count("autofocus") == 1
    assert Driver.objects.get(text="Warm rooms").parent == warm


def test_it_adds_a_change_idea_under_a_primary_driver_too(member, project, diagram):
    member.post(
        project.url("node_add"),
        {"parent": diagram["staff"].node_key, "kind": "idea", "text": "Monday teaching"},
    )
    assert ChangeIdea.objects.get(text="Monday teaching").driver == diagram["staff"]


def test_it_refuses_a_secondary_driver_under_another_secondary(member, project, diagram):
    response = member.post(
        project.url("node_add"),
        {"parent": diagram["skin"].node_key, "kind": "secondary", "text": "Too deep"},
        **HTMX,
    )
    assert "cannot go there" in response.content.decode()
    assert not Driver.objects.filter(text="Too deep").exists()


def test_it_refuses_an_empty_text(member, project, diagram):
    member.post(project.url("node_add"), {"parent": "aim", "kind": "primary", "text": ""})
    assert Driver.objects.count() == 4


def test_it_renames_a_node_in_place(member, project, diagram):
    hats = diagram["hats"]
    response = member.post(node_url(project, hats, "rename"), {"text": "Knitted hats"}, **HTMX)
    hats.refresh_from_db()
    assert hats.text == "Knitted hats"
    assert response["HX-Retarget"] == f"#dd-{hats.node_key}"
    assert response.content.decode().lstrip().startswith('<li class="dd-node dd-idea"')
    # Focus goes back to the renamed box: the button that was pressed is gone.
    assert 'class="dd-text" tabindex="-1" autofocus>Knitted hats<' in response.content.decode()


def test_it_renames_with_a_plain_form_post(member, project, diagram):
    response = member.post(node_url(project, diagram["staff"], "rename"), {"text": "People"})
    assert response.status_code == 302
    assert Driver.objects.get(pk=diagram["staff"].pk).text == "People"


def test_it_moves_a_node_up_and_down_among_its_siblings(member, project, diagram):
    member.post(node_url(project, diagram["wraps"], "move"), {"direction": "up"})
    transfer = build_tree(project).find(diagram["transfer"].node_key)
    assert texts(transfer.children) == ["Wraps", "Hats"]
    response = member.post(
        node_url(project, diagram["wraps"], "move"), {"direction": "down"}, **HTMX
    )
    assert response["HX-Retarget"] == f"#dd-{diagram['transfer'].node_key}"
    transfer = build_tree(project).find(diagram["transfer"].node_key)
    assert texts(transfer.children) == ["Hats", "Wraps"]


def test_moving_the_first_node_up_changes_nothing(member, project, diagram):
    member.post(node_url(project, diagram["warm"], "move"), {"direction": "up"})
    assert texts(build_tree(project).root.children) == ["Warm chain", "Staff"]


def test_it_moves_a_change_idea_to_another_driver(member, project, diagram):
    response = member.post(
        node_url(project, diagram["hats"], "move"), {"parent": diagram["skin"].node_key}, **HTMX
    )
    assert response["HX-Retarget"] == "#dd-aim"
    skin = build_tree(project).find(diagram["skin"].node_key)
    assert texts(skin.children) == ["Towels", "Hats"]


def test_it_moves_a_secondary_driver_to_another_primary(member, project, diagram):
    member.post(node_url(project, diagram["skin"], "move"), {"parent": diagram["staff"].node_key})
    assert Driver.objects.get(pk=diagram["skin"].pk).parent == diagram["staff"]


def test_it_will_not_move_a_primary_driver_under_another(member, project, diagram):
    response = member.post(
        node_url(project, diagram["staff"], "move"), {"parent": diagram["warm"].node_key}
    )
    assert response.status_code == 302
    assert Driver.objects.get(pk=diagram["staff"].pk).parent is None


def test_it_will_not_move_a_node_to_another_projects_driver(member, world, project, diagram):
    from qicommons.projects.models import Project

    other = Project.objects.create(partnership=world.alpha, organisation=world.org_alpha, title="B")
    elsewhere = Driver.objects.create(project=other, kind="primary", text="Elsewhere")
    member.post(node_url(project, diagram["hats"], "move"), {"parent": elsewhere.node_key})
    assert ChangeIdea.objects.get(pk=diagram["hats"].pk).driver == diagram["transfer"]


def test_it_asks_before_deleting_on_a_page_or_inline(member, project, diagram):
    url = node_url(project, diagram["warm"], "delete")
    page = member.get(url)
    assert page.templates[0].name == "projects/delete.html"
    assert "This also deletes the 5 items under it." in page.content.decode()
    inline = member.get(url, **HTMX)
    assert inline.templates[0].name == "projects/_confirm_delete.html"
    assert Driver.objects.filter(pk=diagram["warm"].pk).exists()


def test_it_deletes_a_driver_and_what_is_under_it_but_keeps_the_cycles(
    member, project, diagram, cycle
):
    response = member.post(node_url(project, diagram["warm"], "delete"), **HTMX)
    assert response["HX-Retarget"] == "#dd-aim"
    assert texts(build_tree(project).root.children) == ["Staff"]
    assert not ChangeIdea.objects.filter(pk=diagram["hats"].pk).exists()
    assert PDSACycle.objects.get(pk=cycle.pk).change_idea is None


def test_it_deletes_with_a_plain_form_post(member, project, diagram):
    response = member.post(node_url(project, diagram["towels"], "delete"))
    assert response.status_code == 302
    assert not ChangeIdea.objects.filter(pk=diagram["towels"].pk).exists()


def test_a_node_of_another_project_is_not_found(member, world, project, diagram):
    from qicommons.projects.models import Project

    other = Project.objects.create(partnership=world.alpha, organisation=world.org_alpha, title="B")
    url = other.url("node_rename", kind="idea", node=diagram["hats"].pk)
    assert member.post(url, {"text": "x"}).status_code == 404


def test_viewers_see_the_diagram_without_the_editing_tools(client, world, project, diagram):
    client.force_login(world.users["viewer"])
    page = client.get(project.url("diagram")).content.decode()
    assert "Skin-to-skin" in page
    assert "Rename" not in page and "Delete" not in page
