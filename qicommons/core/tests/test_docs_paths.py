"""Every repository path the README and docs/*.md write in backticks exists.

Code moves (helpers into lib/, templates into their apps, spc into packages/spc/) and the
prose that names it falls behind unnoticed; this catches it. A backticked word counts as
a path when it has a slash and starts with a folder the repository has, so URLs such as
`new/` and example values such as `31/03/2025` are left alone. A path may be written from
the repository's root, from `qicommons/` or `packages/spc/`, as a template name, or, in a
doc named after an app, from that app's folder.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEMPLATE_DIRS = [ROOT / "qicommons" / "templates", *(ROOT / "qicommons").glob("*/templates")]


def bases(doc: Path) -> list[Path]:
    found = [ROOT, ROOT / "qicommons", ROOT / "packages" / "spc", *TEMPLATE_DIRS]
    app = ROOT / "qicommons" / doc.stem
    return [*found, app] if doc.parent.name == "docs" and app.is_dir() else found


def written_paths(doc: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", doc.read_text(), flags=re.DOTALL)  # commands, layout
    folders = {child.name for base in bases(doc) if base.is_dir() for child in base.iterdir()}
    paths = []
    for word in re.findall(r"`([^`\n]+)`", text):
        if "/" not in word or re.search(r"[\s:?<>*…{}=]", word) or word.startswith("/"):
            continue
        if word.strip("./").split("/")[0] in folders:
            paths.append(word)
    return paths


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_path_the_doc_names_exists(doc):
    assert written_paths(doc), "the parser found no path at all"
    missing = [
        path
        for path in written_paths(doc)
        if not any((base / path).exists() for base in bases(doc))
    ]
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"
