"""No view reads a model except through the access door.

A view may reach partnership data only through `qicommons.partnerships.access`: the
object it names (`get_object_for_user`, `scope`) or what belongs to an object it already
fetched (`children_of`, `get_child_or_404`, or the object's own related managers, such as
``measure.points``). A lookup written by hand, ``Model.objects.filter(parent=...)`` or
``get_object_or_404(...)``, is correct only as long as nobody drops its parent filter;
this test reads every view module and fails on one.

Pages across every partnership (programme staff only) may read models directly after
calling `check_programme_staff`; the few other reads that are not partnership data are
listed below with the reason.
"""

import ast
import pathlib
from dataclasses import dataclass

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2]
DOOR = {"get_object_for_user", "scope", "children_of", "get_child_or_404"}
# A prefetch's queryset only ever holds the related rows of the objects it is attached
# to, which came through the door.
WITHIN = {"Prefetch"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
MANAGERS = {"objects", "history", "_default_manager", "_base_manager"}
STAFF_CHECK = "check_programme_staff"
NOT_PARTNERSHIP_DATA = {
    # Whether the invited address already has an account: a person, found by the
    # invitation's own address, not by anything in the request.
    ("qicommons.accounts.views", "accept_invitation"),
}


@dataclass(frozen=True)
class Bypass:
    module: str
    function: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}.{self.function} line {self.line}: {self.what}"


def view_modules() -> list[pathlib.Path]:
    found = [*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/views/*.py")]
    return sorted(p for p in found if "tests" not in p.parts)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_model_manager(node: ast.Attribute) -> bool:
    """``Model.objects`` or ``get_user_model().objects``: a manager reached from a class,
    not from an instance the door already handed out."""
    if node.attr not in MANAGERS:
        return False
    base = node.value
    return isinstance(base, ast.Call) or (isinstance(base, ast.Name) and base.id[:1].isupper())


class _Reader(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module = module
        self.function = "<module>"
        self.staff_checked = False
        self.door_depth = 0
        self.found: list[Bypass] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer = (self.function, self.staff_checked)
        self.function = node.name
        self.staff_checked = False
        self.generic_visit(node)
        self.function, self.staff_checked = outer

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in SHORTCUTS:
            self._report(node, f"{name}() skips the door")
        if name == STAFF_CHECK:
            self.staff_checked = True
        if name in DOOR or name in WITHIN:
            self.visit(node.func)
            self.door_depth += 1
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                self.visit(arg)
            self.door_depth -= 1
            return
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        known = (self.module, self.function) in NOT_PARTNERSHIP_DATA
        if _is_model_manager(node) and not (self.door_depth or self.staff_checked or known):
            self._report(node, f"{ast.unparse(node)} read outside the door")
        self.generic_visit(node)

    def _report(self, node: ast.AST, what: str) -> None:
        self.found.append(Bypass(self.module, self.function, getattr(node, "lineno", 0), what))


def bypasses(module: str, source: str) -> list[Bypass]:
    reader = _Reader(module)
    reader.visit(ast.parse(source))
    return reader.found


def _module_name(path: pathlib.Path) -> str:
    return ".".join(("qicommons", *path.relative_to(PACKAGE).with_suffix("").parts))


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: _module_name(p))
def test_no_view_reads_a_model_outside_the_door(path):
    found = bypasses(_module_name(path), path.read_text())
    assert not found, "\n".join(map(str, found))


def test_the_view_modules_are_found():
    names = {_module_name(p) for p in view_modules()}
    assert {"qicommons.measures.views", "qicommons.projects.views"} <= names


BAD_VIEW = """
def point(request, slug, pk, point_pk):
    measure = get_object_for_user(request.user, Measure.objects.all(), pk=pk)
    by_hand = DataPoint.objects.filter(measure=measure, pk=point_pk).first()
    records = DataPoint.history.filter(measure_id=pk)
    return get_object_or_404(Attachment, pk=point_pk)

def programme(request):
    check_programme_staff(request.user)
    return Organisation.objects.all()

def after_programme(request):
    return Organisation.objects.all()
"""


def test_a_lookup_by_hand_is_found():
    found = bypasses("qicommons.example.views", BAD_VIEW)
    assert [(b.function, b.line) for b in found] == [
        ("point", 4),
        ("point", 5),
        ("point", 6),
        ("after_programme", 13),
    ]
    assert "get_object_or_404() skips the door" in str(found[2])


def test_what_the_door_was_given_is_not_a_bypass():
    source = """
def view(request, slug, pk):
    measure = get_object_for_user(request.user, Measure.objects.select_related("project"))
    points = children_of(measure, DataPoint.history).filter(period="2026-01-05")
    return get_child_or_404(measure, ChartMark.objects.order_by("pk"), pk=pk), points
"""
    assert bypasses("qicommons.example.views", source) == []
