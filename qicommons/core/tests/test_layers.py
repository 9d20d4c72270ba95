"""Apps import only downwards, so each can be read, tested and changed without the ones above.

The order, lowest first (docs/foundation.md says why):

    lib, settings, formats < partnerships < accounts < core
        < projects < measures < audits < urls, wsgi

A module may import its own app and any app below it, never one above. "Import" means
every way Python code can name another app: `import` and `from ... import` (relative
ones too), `importlib.import_module("qicommons....")`, a model named as "app.Model" in a
ForeignKey, OneToOneField, ManyToManyField or `apps.get_model`, and a migration's
`dependencies` on another app. The user model, named through `settings.AUTH_USER_MODEL`,
is anyone's: it is swappable by design.

Tests sit in their app's layer, so they may use lower apps' test helpers, and every
test may use `qicommons.testing`, which no other code may import.
"""

import ast
import pathlib
from dataclasses import dataclass

import pytest

LAYERS = (
    ("lib", "settings", "formats"),
    ("partnerships",),
    ("accounts", "testing"),
    ("core",),
    ("projects",),
    ("measures",),
    ("audits",),
    ("urls", "wsgi"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

# Uphill imports that exist today, each to be removed, never added to. A PDSA cycle
# links to the measure it studies and its page draws that measure's chart, and the
# project list filters by the measures' verdict, so projects still reaches up into
# measures there. The test fails when one of these disappears, so the list only shrinks.
KNOWN_UPHILL = {
    ("qicommons.projects.models", "measures"),
    ("qicommons.projects.views", "measures"),
    ("qicommons.projects.migrations.0003_cycle_measure", "measures"),
    ("qicommons.projects.tests.pages", "measures"),
    ("qicommons.projects.tests.test_cycle_study", "measures"),
    ("qicommons.projects.tests.test_projects", "measures"),
}

PACKAGE = pathlib.Path(__file__).resolve().parents[2]
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Uphill:
    module: str
    line: int
    target: str

    def __str__(self):
        return f"{self.module}:{self.line} reaches up into {self.target}"


def part_of(module: str) -> str | None:
    """The layer name of a qicommons module ("qicommons.measures.views" -> "measures")."""
    parts = module.split(".")
    if parts[0] != "qicommons" or len(parts) < 2:
        return None
    return parts[1]


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _text(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def references(module: str, source: str, *, is_package: bool = False):
    """(line, layer name) for every other part of qicommons the module names."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, part_of(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, is_package, node)
            if target == "qicommons":  # from qicommons import settings
                for alias in node.names:
                    yield node.lineno, alias.name
            else:
                yield node.lineno, part_of(target)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            args = [*node.args[:1], *(kw.value for kw in node.keywords if kw.arg == "to")]
            if name == "import_module" and node.args:
                yield node.lineno, part_of(_text(node.args[0]) or "")
            elif name in MODEL_FIELDS or name == "get_model":
                for arg in args:
                    label = _text(arg)
                    if label and "." in label:
                        yield node.lineno, label.split(".")[0]
                    elif label and name == "get_model":
                        yield node.lineno, label
        elif isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "dependencies" for t in node.targets
        ):
            for dependency in getattr(node.value, "elts", ()):
                if isinstance(dependency, ast.Tuple) and dependency.elts:
                    yield dependency.lineno, _text(dependency.elts[0])


def uphill(module: str, source: str, *, is_package: bool = False) -> list[Uphill]:
    """The references of `module` to a layer above its own."""
    own = part_of(module)
    is_test = ".tests." in f"{module}." or module.endswith(".tests")
    found = []
    for line, target in references(module, source, is_package=is_package):
        if target is None or target == own or target not in RANK:
            continue  # Django, third parties, its own app, or a label outside qicommons
        if target == "testing":
            if not is_test:
                found.append(Uphill(module, line, target))
            continue
        if own is not None and RANK[target] > RANK[own]:
            found.append(Uphill(module, line, target))
    return found


def every_module():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        yield module, path, is_package


def test_every_part_of_qicommons_has_a_layer():
    parts = {part_of(module) for module, _path, _pkg in every_module()} - {None}
    assert parts - set(RANK) == set(), "add the new app to LAYERS, here and in the docs"


def test_every_kind_of_module_is_read():
    modules = {module for module, _path, _pkg in every_module()}
    assert "qicommons.projects.migrations.0001_initial" in modules
    assert "qicommons.core.management.commands.load_demo" in modules
    assert "qicommons.measures.tests.helpers" in modules


def test_no_app_imports_one_above_it():
    found = []
    for module, path, is_package in every_module():
        found += uphill(module, path.read_text(encoding="utf-8"), is_package=is_package)
    known = {(u.module, u.target) for u in found} & KNOWN_UPHILL
    new = [str(u) for u in found if (u.module, u.target) not in KNOWN_UPHILL]
    assert new == [], "move the code down, or the dependency up (docs/foundation.md)"
    assert known == KNOWN_UPHILL, "an uphill import is gone: drop it from KNOWN_UPHILL"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("qicommons.partnerships.views", "from qicommons.projects.models import Project"),
        ("qicommons.partnerships.views", "import qicommons.core.demo"),
        ("qicommons.projects.views", "from ..measures import charts"),
        ("qicommons.projects.views", "from ..measures.charts import chart_data"),
        ("qicommons.lib.history", "from qicommons.partnerships.models import Partnership"),
        ("qicommons.lib.history", "from qicommons import urls"),
        ("qicommons.accounts.models", "importlib.import_module('qicommons.audits.demo')"),
        ("qicommons.projects.models", "m = models.ForeignKey('measures.Measure', null=True)"),
        ("qicommons.projects.models", "m = models.ManyToManyField(to='audits.Audit')"),
        ("qicommons.core.demo", "Measure = apps.get_model('measures', 'Measure')"),
        (
            "qicommons.projects.migrations.0009_fake",
            "class Migration:\n    dependencies = [('projects', '0008'), ('measures', '0001')]",
        ),
        ("qicommons.partnerships.demo", "from qicommons.testing import make_invitation"),
    ],
)
def test_it_catches_an_uphill_import(module, source):
    assert len(uphill(module, source)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("qicommons.measures.views", "from qicommons.projects.models import Project"),
        ("qicommons.measures.views", "from .charts import chart_data"),
        ("qicommons.measures.views", "from ..lib import tables"),
        ("qicommons.audits.forms", "from qicommons.accounts.models import User"),
        ("qicommons.partnerships.models", "u = models.ForeignKey(settings.AUTH_USER_MODEL)"),
        ("qicommons.partnerships.models", "p = models.ForeignKey('self', null=True)"),
        (
            "qicommons.measures.migrations.0009_fake",
            "class Migration:\n    dependencies = [('projects', '0003'), ('auth', '0012')]",
        ),
        ("qicommons.measures.tests.test_x", "from qicommons.projects.tests.helpers import a"),
        ("qicommons.partnerships.tests.test_x", "from qicommons.testing import make_invitation"),
        ("qicommons.urls", "from qicommons.audits import urls"),
        ("qicommons.accounts.tests.test_x", "from qicommons import settings"),
    ],
)
def test_it_lets_a_downhill_import_through(module, source):
    assert uphill(module, source) == []
