"""The driver diagram as a tree of nodes, read in two queries.

Every box of the diagram is a `Node`: the aim at the root, then primary drivers,
secondary drivers and change ideas. Nodes have a `key` ("aim", "driver-3", "idea-9")
that the editing views use in their URLs and the page uses as the element id, so an htmx
action can re-render exactly the subtree it changed.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from .models import ChangeIdea, Driver, Project

AIM = "aim"


@dataclass(eq=False)  # nodes link to their parents: compare them by identity
class Node:
    key: str
    kind: str  # "aim", "primary", "secondary" or "idea"
    obj: Project | Driver | ChangeIdea
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    first: bool = True
    last: bool = True

    @property
    def text(self) -> str:
        return "" if isinstance(self.obj, Project) else self.obj.text

    @property
    def url_kind(self) -> str:
        """The node's kind as the editing URLs spell it: "driver" or "idea"."""
        return "idea" if self.kind == "idea" else "driver"

    @property
    def dom_id(self) -> str:
        return f"dd-{self.key}"

    @property
    def child_kinds(self) -> list[str]:
        """What may be added under this node."""
        return {
            AIM: ["primary"],
            "primary": ["secondary", "idea"],
            "secondary": ["idea"],
        }.get(self.kind, [])

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()

    def find(self, key: str) -> "Node | None":
        if self.key == key:
            return self
        return next((node for node in self.descendants() if node.key == key), None)


@dataclass
class Tree:
    root: Node
    drivers: list[Node]  # every driver node, in diagram order: the targets of a move

    def find(self, key: str) -> Node | None:
        return self.root.find(key)

    def count(self, kind: str) -> int:
        return sum(1 for node in self.root.descendants() if node.kind == kind)

    @property
    def has_ideas(self) -> bool:
        return any(node.kind == "idea" for node in self.root.descendants())


def _mark_ends(nodes: list[Node]) -> list[Node]:
    for i, node in enumerate(nodes):
        node.first, node.last = i == 0, i == len(nodes) - 1
    return nodes


def build_tree(project: Project) -> Tree:
    """The whole diagram of a project: one query for drivers, one for change ideas."""
    drivers = list(Driver.objects.filter(project=project).order_by("order", "pk"))
    ideas = list(
        ChangeIdea.objects.filter(project=project)
        .annotate(cycle_count=Count("cycles"))
        .order_by("order", "pk")
    )
    root = Node(AIM, AIM, project)
    nodes = {d.pk: Node(d.node_key, d.kind, d) for d in drivers}
    for driver in drivers:
        parent = root if driver.kind == Driver.Kind.PRIMARY else nodes.get(driver.parent_id or 0)
        if parent is not None:
            nodes[driver.pk].parent = parent
            parent.children.append(nodes[driver.pk])
    # Change ideas come after the secondary drivers of a primary driver.
    for idea in ideas:
        parent = nodes.get(idea.driver_id)
        if parent is not None:
            parent.children.append(Node(idea.node_key, "idea", idea, parent=parent))
    _mark_ends(root.children)
    ordered = []
    for primary in root.children:
        ordered.append(primary)
        _mark_ends([n for n in primary.children if n.kind == "secondary"])
        _mark_ends([n for n in primary.children if n.kind == "idea"])
        for secondary in primary.children:
            if secondary.kind == "secondary":
                ordered.append(secondary)
                _mark_ends(secondary.children)
    return Tree(root=root, drivers=ordered)
