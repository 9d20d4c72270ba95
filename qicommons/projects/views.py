"""Projects: list, pages, aim, team, driver diagram, PDSA cycles, attachments, history.

Every view reaches its data through the access door (`_project` below wraps
`get_object_for_user`), so an outsider gets a 404 and a viewer trying to change
something a 403. The driver-diagram actions answer an htmx request with the re-rendered
part of the diagram (`_node.html`) and a plain form post with a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.lib.history import render_history
from qicommons.lib.privacy import confirming
from qicommons.measures import charts  # draws the chart of the measure a cycle studies
from qicommons.measures.verdicts import VERDICT_LABELS, project_verdicts
from qicommons.partnerships.access import (
    Access,
    can,
    get_child_or_404,
    get_object_for_user,
    get_partnership_for_user,
)

from . import actions
from .diagram import AIM, build_tree
from .forms import (
    AimForm,
    AttachmentForm,
    CycleForm,
    MoveForm,
    NodeForm,
    ProjectFilterForm,
    ProjectForm,
    TeamMemberForm,
)
from .history import HIDDEN, project_records
from .models import Attachment, ChangeIdea, Driver, PDSACycle, Project, chart_annotations

NODE_MODELS: dict[str, type[Driver] | type[ChangeIdea]] = {"driver": Driver, "idea": ChangeIdea}


def _project(request, slug: str, pk: int, action=Access.VIEW) -> Project:
    return get_object_for_user(
        request.user,
        Project.objects.select_related("partnership", "organisation"),
        action,
        pk=pk,
        partnership__slug=slug,
    )


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def dashboard_url(project: Project) -> str:
    """The project's measures dashboard."""
    return reverse("measures:dashboard", args=[project.partnership.slug, project.pk])


@login_required
def project_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    projects = partnership.projects.select_related("organisation").order_by("title")
    areas = sorted({a for a in projects.values_list("clinical_area", flat=True) if a})
    verdicts = project_verdicts(list(projects))
    labels = {**{v: v for v in verdicts.values()}, **VERDICT_LABELS}
    form = ProjectFilterForm(request.GET, areas=areas, verdicts=list(labels.items()))
    rows = []
    for project in form.apply(projects, verdicts):
        verdict = verdicts.get(project.pk)
        rows.append((project, verdict, labels.get(verdict, "") if verdict else ""))
    return render(
        request,
        "projects/list.html",
        {
            "partnership": partnership,
            "rows": rows,
            "form": form,
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
        },
    )


@login_required
def project_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = ProjectForm(request.POST or None, partnership=partnership)
    form.instance.partnership = partnership
    if request.method == "POST" and confirming(form):
        project = form.save()
        messages.success(request, _("Project created. Now write its aim."))
        return redirect(project.url("aim"))
    return render(request, "projects/form.html", {"partnership": partnership, "form": form})


@login_required
def project_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    form = ProjectForm(request.POST or None, instance=project, partnership=project.partnership)
    if request.method == "POST" and confirming(form):
        form.save()
        return redirect(project)
    return render(request, "projects/form.html", {"project": project, "form": form})


@login_required
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk)
    tree = build_tree(project)
    cycles = list(project.cycles.order_by("change_idea_id", "number", "pk"))
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "tree": tree,
            "node": tree.root,
            "ramps": ramps(tree, cycles),
            "team": project.team.select_related("user"),
            "attachments": project.attachments.all(),
            "dashboard_url": dashboard_url(project),
            "can_contribute": can(request.user, Access.CONTRIBUTE, project.partnership_id),
            "can_manage": can(request.user, Access.MANAGE, project.partnership_id),
        },
    )


def ramps(tree, cycles: list[PDSACycle]) -> list[tuple]:
    """(change idea, its cycles in order) for each idea tested, then cycles with no idea."""
    by_idea: dict = {}
    for cycle in cycles:
        by_idea.setdefault(cycle.change_idea_id, []).append(cycle)
    ideas = [n.obj for n in tree.root.descendants() if n.kind == "idea"]
    result = [(idea, by_idea[idea.pk]) for idea in ideas if idea.pk in by_idea]
    if None in by_idea:
        result.append((None, by_idea[None]))
    return result


@login_required
def aim_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    form = AimForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(project)
    return render(request, "projects/aim_form.html", {"project": project, "form": form})


@login_required
def team(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    form = TeamMemberForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(project.url("team"))
    members = project.team.select_related("user")
    return render(
        request, "projects/team.html", {"project": project, "form": form, "members": members}
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, pk: int, member: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    get_child_or_404(project, project.team, pk=member).delete()
    return redirect(project.url("team"))


# The driver diagram ------------------------------------------------------------------


@login_required
def diagram(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk)
    tree = build_tree(project)
    editing = can(request.user, Access.CONTRIBUTE, project.partnership_id)
    context = {"project": project, "tree": tree, "node": tree.root, "editing": editing}
    return render(request, "projects/diagram.html", context)


def _node(project: Project, kind: str, node_id: int):
    model = NODE_MODELS.get(kind)
    if model is None:
        raise Http404
    return get_child_or_404(project, model.objects.select_related("project"), pk=node_id)


def _diagram_answer(
    request, project: Project, key: str, error: str = "", focus: str = ""
) -> HttpResponse:
    """The changed part of the diagram for htmx; a redirect back to the editor otherwise.

    `key` names the part to re-render; `focus` the box to move keyboard focus to (the one
    just added, renamed or moved), since the button that was pressed is gone.
    """
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(project.url("diagram") + f"#dd-{focus or key}")
    tree = build_tree(project)
    node = tree.find(key) or tree.root
    context = {"project": project, "tree": tree, "node": node, "editing": True}
    response = render(
        request,
        "projects/_node.html",
        {**context, "error": error, "error_key": node.key, "focus_key": focus or node.key},
    )
    # The server says which part of the page it re-rendered, whatever the form aimed at.
    response["HX-Retarget"] = f"#{node.dom_id}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _parent_key(node) -> str:
    if isinstance(node, ChangeIdea):
        return f"driver-{node.driver_id}"
    return f"driver-{node.parent_id}" if node.parent_id else AIM


@login_required
@require_POST
def node_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    form = NodeForm(request.POST)
    parent = request.POST.get("parent", AIM)
    if not form.is_valid():
        return _diagram_answer(request, project, parent, _("Write the text of the new item."))
    data = form.cleaned_data
    try:
        added = actions.add_node(
            project=project, parent_key=parent, kind=data["kind"], text=data["text"]
        )
    except ValidationError as exc:
        return _diagram_answer(request, project, parent, exc.messages[0])
    return _diagram_answer(request, project, parent, focus=added.node_key)


@login_required
@require_POST
def node_rename(request: HttpRequest, slug: str, pk: int, kind: str, node: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    obj = _node(project, kind, node)
    form = NodeForm(request.POST)
    if not form.is_valid():
        return _diagram_answer(request, project, obj.node_key, _("The text cannot be empty."))
    actions.rename_node(node=obj, text=form.cleaned_data["text"])
    return _diagram_answer(request, project, obj.node_key)


@login_required
@require_POST
def node_move(request: HttpRequest, slug: str, pk: int, kind: str, node: int) -> HttpResponse:
    """Up or down among its siblings (`direction`), or under another driver (`parent`)."""
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    obj = _node(project, kind, node)
    form = MoveForm(request.POST)
    form.is_valid()
    direction, parent = form.cleaned_data.get("direction"), form.cleaned_data.get("parent")
    if direction:
        actions.shift_node(node=obj, direction=direction)
        return _diagram_answer(request, project, _parent_key(obj), focus=obj.node_key)
    try:
        actions.move_node(node=obj, parent_key=parent or "")
    except ValidationError as exc:
        return _diagram_answer(request, project, obj.node_key, exc.messages[0])
    return _diagram_answer(request, project, AIM, focus=obj.node_key)


@login_required
def node_delete(request: HttpRequest, slug: str, pk: int, kind: str, node: int) -> HttpResponse:
    """GET asks for confirmation (inline for htmx, a page otherwise); POST deletes."""
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    obj = _node(project, kind, node)
    if request.method == "POST":
        parent = _parent_key(obj)
        actions.delete_node(node=obj)
        return _diagram_answer(request, project, parent)
    found = build_tree(project).find(obj.node_key)
    if found is None:
        raise Http404
    context = {"project": project, "node": found, "under": list(found.descendants())}
    template = "projects/_confirm_delete.html" if _is_htmx(request) else "projects/delete.html"
    return render(request, template, context)


# PDSA cycles ---------------------------------------------------------------------------


@login_required
def cycle_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    initial = {"change_idea": request.GET.get("idea")}
    form = CycleForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and confirming(form):
        cycle = actions.create_cycle(project=project, cycle=form.save(commit=False))
        return redirect(cycle)
    return render(request, "projects/cycle_form.html", {"project": project, "form": form})


def _cycle(request, slug, pk, cycle, action=Access.VIEW) -> PDSACycle:
    project = _project(request, slug, pk, action)
    queryset = project.cycles.select_related("change_idea__driver", "measure")
    found = get_child_or_404(project, queryset, pk=cycle)
    found.project = project
    if found.measure is not None:
        if found.measure.project_id != project.pk:
            found.measure = None  # only ever the project's own measure (the form enforces it)
        else:
            found.measure.project = project
    return found


def study_chart(cycle: PDSACycle) -> dict | None:
    """The linked measure's chart and verdict for the Study stage, or None without one.

    The very drawing the measure page shows (same data, annotations and width, so the
    same cache entry): three queries however many points the measure has.
    """
    measure = cycle.measure
    if measure is None:
        return None
    data = charts.chart_data(measure, chart_annotations(cycle.project))
    status = charts.result_for(data).status
    return {
        "measure": measure,
        "svg": charts.inline_svg(charts.render_chart(data, width_px=charts.INLINE_WIDTH)),
        "notes": charts.chart_notes(data),
        "status": status,
        "label": VERDICT_LABELS.get(status, status),
    }


@login_required
def cycle_detail(request: HttpRequest, slug: str, pk: int, cycle: int) -> HttpResponse:
    found = _cycle(request, slug, pk, cycle)
    ramp = found.change_idea.cycles.order_by("number") if found.change_idea else [found]
    return render(
        request,
        "projects/cycle.html",
        {
            "project": found.project,
            "cycle": found,
            "ramp": ramp,
            "study": study_chart(found),
            "dashboard_url": dashboard_url(found.project),
            "can_contribute": can(request.user, Access.CONTRIBUTE, found.project.partnership_id),
        },
    )


@login_required
def cycle_edit(request: HttpRequest, slug: str, pk: int, cycle: int) -> HttpResponse:
    found = _cycle(request, slug, pk, cycle, Access.CONTRIBUTE)
    form = CycleForm(request.POST or None, instance=found, project=found.project)
    if request.method == "POST" and confirming(form):
        form.save()
        return redirect(found)
    context = {"project": found.project, "form": form, "cycle": found}
    return render(request, "projects/cycle_form.html", context)


# Attachments and history ----------------------------------------------------------------


@login_required
def attachment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actions.add_attachment(project=project, user=request.user, form=form)
        return redirect(project.get_absolute_url() + "#attachments")
    return render(request, "projects/attachment_form.html", {"project": project, "form": form})


@login_required
def attachment(request: HttpRequest, slug: str, pk: int, attachment: int) -> HttpResponseBase:
    """The file itself, only to people who may see the project; never a public URL."""
    project = _project(request, slug, pk)
    found = get_child_or_404(project, Attachment, pk=attachment)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=found.filename, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int, attachment: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.CONTRIBUTE)
    found = get_child_or_404(project, project.attachments, pk=attachment)
    actions.delete_attachment(attachment=found)
    return redirect(project.get_absolute_url() + "#attachments")


@login_required
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug, pk, Access.MANAGE)
    return render_history(
        request,
        project_records(project),
        title=_("Change history of %(project)s") % {"project": project.title},
        back_url=project.get_absolute_url(),
        back_label=project.title,
        exclude=HIDDEN,
    )
