"""The examples in the app's docstrings run, in every module that has them."""

import doctest
import importlib
from pathlib import Path

import pytest

import qicommons

ROOT = Path(qicommons.__file__).parent


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or ">>>" not in path.read_text():
            continue
        names.append(".".join(parts))
    return names


MODULES = _modules_with_examples()


def test_the_modules_are_found():
    assert "qicommons.measures.imports" in MODULES and "qicommons.lib.privacy" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_its_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
