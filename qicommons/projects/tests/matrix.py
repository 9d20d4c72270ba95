"""Every projects URL and what each person gets (see core/tests/test_permission_matrix.py).

Pages to read are for everyone who may see the partnership; creating, editing and
deleting are for contributors; the change history is for the partnership's leads.
"""

from datetime import date

from django.core.files.base import ContentFile

from qicommons.testing import Case, contribute_page, manage_page, view_page


def project(w):
    from qicommons.projects.models import Project

    return Project.objects.create(
        partnership=w.alpha, organisation=w.org_alpha, title="Fewer cold babies"
    )


def idea(w):
    from qicommons.projects.models import ChangeIdea, Driver

    p = project(w)
    primary = Driver.objects.create(project=p, kind="primary", text="Warm chain")
    secondary = Driver.objects.create(project=p, kind="secondary", parent=primary, text="Hats")
    return ChangeIdea.objects.create(project=p, driver=secondary, text="Knitted hats")


def cycle(w):
    from qicommons.projects.models import PDSACycle

    i = idea(w)
    return PDSACycle.objects.create(
        project=i.project, change_idea=i, title="Hats on for a week", start_date=date(2025, 1, 6)
    )


def attachment(w):
    from qicommons.projects.models import Attachment

    a = Attachment(
        project=project(w),
        kind="process_map",
        title="Map",
        filename="map.pdf",
        size=9,
        content_type="application/pdf",
    )
    # One shared file, written once, so repeated runs leave no litter in MEDIA_ROOT.
    name = "private/projects/permission-matrix.pdf"
    if not a.file.storage.exists(name):
        a.file.storage.save(name, ContentFile(b"%PDF-1.4\n"))
    a.file.name = name
    a.save()
    return a


def on(obj) -> dict:
    return {"slug": "alpha", "pk": obj.pk}


def on_node(i) -> dict:
    return {"slug": "alpha", "pk": i.project_id, "kind": "idea", "node": i.pk}


def member(w):
    from qicommons.projects.models import ProjectMember

    return ProjectMember.objects.create(project=project(w), user=w.users["member"], role="lead")


CASES = [
    Case("projects:list", view_page(), kwargs=lambda w: {"slug": "alpha"}),
    Case("projects:create", contribute_page(), kwargs=lambda w: {"slug": "alpha"}),
    Case(
        "projects:create",
        contribute_page(302),
        kwargs=lambda w: {"slug": "alpha"},
        method="post",
        data=lambda w: {
            "title": "Safer transfers",
            "organisation": w.org_alpha.pk,
            "status": "planning",
            "phase": "improvement",
        },
    ),
    Case("projects:detail", view_page(), kwargs=lambda w: on(project(w))),
    Case("projects:edit", contribute_page(), kwargs=lambda w: on(project(w))),
    Case(
        "projects:edit",
        contribute_page(302),
        kwargs=lambda w: on(project(w)),
        method="post",
        data=lambda w: {
            "title": "Warmer babies",
            "organisation": w.org_alpha.pk,
            "status": "active",
            "phase": "improvement",
        },
    ),
    Case("projects:aim", contribute_page(), kwargs=lambda w: on(project(w))),
    Case(
        "projects:aim",
        contribute_page(302),
        kwargs=lambda w: on(project(w)),
        method="post",
        data=lambda w: {
            "aim_what": "hypothermia on admission",
            "aim_who": "newborns",
            "aim_baseline": "40",
            "aim_goal": "15",
            "aim_unit": "%",
            "aim_by": "2026-12-31",
        },
    ),
    Case("projects:team", contribute_page(), kwargs=lambda w: on(project(w))),
    Case(
        "projects:team",
        contribute_page(302),
        kwargs=lambda w: on(project(w)),
        method="post",
        data=lambda w: {"user": w.users["coach"].pk, "role": "coach"},
    ),
    Case(
        "projects:team_remove",
        contribute_page(302),
        kwargs=lambda w: {**on(m := member(w).project), "member": m.team.get().pk},
        method="post",
    ),
    Case("projects:diagram", view_page(), kwargs=lambda w: on(project(w))),
    Case(
        "projects:node_add",
        contribute_page(302),
        kwargs=lambda w: on(project(w)),
        method="post",
        data=lambda w: {"parent": "aim", "kind": "primary", "text": "Warm chain"},
    ),
    Case(
        "projects:node_rename",
        contribute_page(302),
        kwargs=lambda w: on_node(idea(w)),
        method="post",
        data=lambda w: {"text": "Woollen hats"},
    ),
    Case(
        "projects:node_move",
        contribute_page(302),
        kwargs=lambda w: on_node(idea(w)),
        method="post",
        data=lambda w: {"direction": "up"},
    ),
    Case("projects:node_delete", contribute_page(), kwargs=lambda w: on_node(idea(w))),
    Case(
        "projects:node_delete",
        contribute_page(302),
        kwargs=lambda w: on_node(idea(w)),
        method="post",
    ),
    Case("projects:cycle_create", contribute_page(), kwargs=lambda w: on(idea(w).project)),
    Case(
        "projects:cycle_create",
        contribute_page(302),
        kwargs=lambda w: on(idea(w).project),
        method="post",
        data=lambda w: {
            "change_idea": w.alpha.projects.get().change_ideas.get().pk,
            "title": "Hats for a week",
            "start_date": "2025-01-06",
            "objective": "See whether hats stay on",
            "prediction": "Most babies keep them on",
        },
    ),
    Case(
        "projects:cycle",
        view_page(),
        kwargs=lambda w: {**on((c := cycle(w)).project), "cycle": c.pk},
    ),
    Case(
        "projects:cycle_edit",
        contribute_page(),
        kwargs=lambda w: {**on((c := cycle(w)).project), "cycle": c.pk},
    ),
    Case(
        "projects:cycle_edit",
        contribute_page(302),
        kwargs=lambda w: {**on((c := cycle(w)).project), "cycle": c.pk},
        method="post",
        data=lambda w: {
            "title": "Hats for a week",
            "start_date": "2025-01-06",
            "objective": "See whether hats stay on",
            "prediction": "Most babies keep them on",
            "what_happened": "Hats went on 40 babies",
        },
    ),
    Case("projects:attachment_add", contribute_page(), kwargs=lambda w: on(project(w))),
    # Posted without a file, so that contributors get the form back with its error and no
    # file is written to MEDIA_ROOT (the upload itself is tested in test_attachments.py).
    Case(
        "projects:attachment_add",
        contribute_page(200),
        kwargs=lambda w: on(project(w)),
        method="post",
        data=lambda w: {"kind": "data_sheet", "title": "Tally sheet"},
        note=" (no file)",
    ),
    Case(
        "projects:attachment",
        view_page(),
        kwargs=lambda w: {**on((a := attachment(w)).project), "attachment": a.pk},
    ),
    Case(
        "projects:attachment_delete",
        contribute_page(302),
        kwargs=lambda w: {**on((a := attachment(w)).project), "attachment": a.pk},
        method="post",
    ),
    Case("projects:history", manage_page(), kwargs=lambda w: on(project(w))),
]
