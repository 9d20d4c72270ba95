"""Writes to a project that touch more than one row: the driver diagram, cycles, files.

Each is a keyword-only `verb_noun` function; the views call one of them after checking
access and validating the form. They raise `ValidationError` for an impossible change
(moving a primary driver under another, say), which the views show as a message.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from . import files
from .diagram import AIM
from .models import Attachment, ChangeIdea, Driver, PDSACycle, Project

Node = Driver | ChangeIdea


def _next_order(siblings) -> int:
    top = siblings.aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def parent_of_key(project: Project, key: str) -> Project | Driver:
    """The project (for "aim") or the driver a node key names, within this project."""
    if key == AIM:
        return project
    kind, _sep, pk = key.partition("-")
    driver = None
    if kind == "driver" and pk.isdigit():
        driver = Driver.objects.filter(project=project, pk=int(pk)).first()
    if driver is None:
        raise ValidationError(_("That place in the diagram no longer exists."))
    return driver


@transaction.atomic
def add_node(*, project: Project, parent_key: str, kind: str, text: str) -> Node:
    """Add a primary driver (under the aim), a secondary driver or a change idea."""
    parent = parent_of_key(project, parent_key)
    if kind == Driver.Kind.PRIMARY and parent == project:
        siblings = Driver.objects.filter(project=project, kind=Driver.Kind.PRIMARY)
        return Driver.objects.create(
            project=project, kind=kind, text=text, order=_next_order(siblings)
        )
    if kind == Driver.Kind.SECONDARY and isinstance(parent, Driver) and parent.kind == "primary":
        return Driver.objects.create(
            project=project,
            kind=kind,
            parent=parent,
            text=text,
            order=_next_order(parent.children.all()),
        )
    if kind == "idea" and isinstance(parent, Driver):
        return ChangeIdea.objects.create(
            project=project, driver=parent, text=text, order=_next_order(parent.ideas.all())
        )
    raise ValidationError(_("That kind of item cannot go there."))


def rename_node(*, node: Node, text: str) -> None:
    node.text = text
    node.save(update_fields=["text"])


@transaction.atomic
def shift_node(*, node: Node, direction: str) -> None:
    """Swap a node with its neighbour above ("up") or below ("down") among its siblings."""
    siblings = list(node.siblings().order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber them all: this also repairs any gaps or ties left by older edits.
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])


@transaction.atomic
def move_node(*, node: Node, parent_key: str) -> None:
    """Put a secondary driver under another primary, or a change idea under another driver."""
    parent = parent_of_key(node.project, parent_key)
    if isinstance(node, ChangeIdea) and isinstance(parent, Driver):
        node.driver = parent
        node.order = _next_order(parent.ideas.all())
        node.save(update_fields=["driver", "order"])
        return
    if (
        isinstance(node, Driver)
        and node.kind == Driver.Kind.SECONDARY
        and isinstance(parent, Driver)
        and parent.kind == Driver.Kind.PRIMARY
    ):
        node.parent = parent
        node.order = _next_order(parent.children.all())
        node.save(update_fields=["parent", "order"])
        return
    raise ValidationError(_("That item cannot move there."))


def delete_node(*, node: Node) -> None:
    """Delete a node and everything under it; PDSA cycles stay, no longer linked."""
    node.delete()


@transaction.atomic
def create_cycle(*, project: Project, cycle: PDSACycle) -> PDSACycle:
    """Save a new cycle as the next step of its change idea's ramp."""
    cycle.project = project
    if cycle.change_idea_id:
        siblings = PDSACycle.objects.filter(change_idea_id=cycle.change_idea_id)
        cycle.number = (siblings.aggregate(top=Max("number"))["top"] or 0) + 1
    else:
        cycle.number = 1
    cycle.save()
    return cycle


def add_attachment(*, project: Project, user, form) -> Attachment:
    """Save an uploaded file whose type the form has already checked by its content."""
    upload = form.cleaned_data["file"]
    return Attachment.objects.create(
        project=project,
        kind=form.cleaned_data["kind"],
        title=form.cleaned_data["title"],
        file=upload,
        filename=files.shown_name(upload.name),
        content_type=form.detected_type,
        size=upload.size,
        uploaded_by=user,
    )


def delete_attachment(*, attachment: Attachment) -> None:
    """Remove the row and the file itself (the history keeps who uploaded what, when)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
