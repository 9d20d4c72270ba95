"""Settings read from the environment: where files go, and that the README lists them all."""

import ast
import re
import runpy
import shutil
from pathlib import Path

import pytest

from qicommons.settings import default_data_dir

SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"
README = Path(__file__).resolve().parents[3] / "README.md"
PATH_VARIABLES = ("QICOMMONS_DATA_DIR", "DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT")


def installed_copy(tmp_path: Path) -> Path:
    """settings.py as `pip install .` lays it out, with a stray manage.py beside the
    package for good measure: a site-packages folder is never mistaken for a checkout."""
    package = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "qicommons"
    package.mkdir(parents=True)
    (package.parent / "manage.py").touch()
    return Path(shutil.copy(SETTINGS, package / "settings.py"))


def file_paths(settings: dict) -> list[Path]:
    database = settings["DATABASES"]["default"]["NAME"]
    return [Path(database), Path(settings["MEDIA_ROOT"]), Path(settings["STATIC_ROOT"])]


def test_an_installed_package_keeps_its_files_in_the_current_directory(tmp_path, monkeypatch):
    for name in PATH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "srv"
    work.mkdir()
    monkeypatch.chdir(work)
    copy = installed_copy(tmp_path)

    settings = runpy.run_path(str(copy))

    assert settings["DATA_DIR"] == work.resolve()
    for path in file_paths(settings):
        assert path.is_relative_to(work.resolve())
        assert not path.is_relative_to(copy.parent.parent)


def test_the_data_dir_variable_wins(tmp_path, monkeypatch):
    for name in PATH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QICOMMONS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    settings = runpy.run_path(str(installed_copy(tmp_path)))

    expected = [tmp_path / "data" / name for name in ("db.sqlite3", "media", "staticfiles")]
    assert file_paths(settings) == [path.resolve() for path in expected]


def test_a_checkout_keeps_its_files_at_its_root(tmp_path):
    (tmp_path / "qicommons").mkdir()
    (tmp_path / "manage.py").touch()
    assert default_data_dir(tmp_path / "qicommons", Path("/elsewhere"), {}) == tmp_path


@pytest.mark.parametrize("folder", ["site-packages", "dist-packages"])
def test_an_installed_package_is_never_its_own_data_dir(tmp_path, folder):
    package = tmp_path / "lib" / folder / "qicommons"
    package.mkdir(parents=True)
    (package.parent / "manage.py").touch()
    found = default_data_dir(package, tmp_path / "work", {})
    assert found == tmp_path / "work"
    assert not found.is_relative_to(package.parent)


def test_each_path_can_be_set_on_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("QICOMMONS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "uploads"))
    monkeypatch.setenv("STATIC_ROOT", str(tmp_path / "static"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'qi.sqlite3'}")

    settings = runpy.run_path(str(SETTINGS))

    assert file_paths(settings) == [
        tmp_path / "qi.sqlite3",
        tmp_path / "uploads",
        tmp_path / "static",
    ]


def test_the_file_storage_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "storages.backends.s3.S3Storage")
    monkeypatch.setenv("FILE_STORAGE_OPTIONS", '{"bucket_name": "qi", "default_acl": "private"}')

    default = runpy.run_path(str(SETTINGS))["STORAGES"]["default"]

    assert default == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "qi", "default_acl": "private"},
    }


@pytest.mark.parametrize("options", ["{bucket: qi}", '["qi"]'])
def test_file_storage_options_must_be_a_json_object(monkeypatch, options):
    monkeypatch.setenv("FILE_STORAGE_OPTIONS", options)
    with pytest.raises(RuntimeError, match="FILE_STORAGE_OPTIONS must be a JSON object"):
        runpy.run_path(str(SETTINGS))


def variables_read(source: str) -> set[str]:
    """Every name settings.py looks up in the environment: `os.environ.get("X")`,
    `os.getenv("X")`, `environ["X"]`, and its own `env_...("X", ...)` helpers."""
    names = set()

    def environ(node: ast.expr) -> bool:
        return isinstance(node, ast.Attribute | ast.Name) and (
            getattr(node, "attr", None) == "environ" or getattr(node, "id", None) == "environ"
        )

    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if (
                (isinstance(func, ast.Attribute) and func.attr == "get" and environ(func.value))
                or (isinstance(func, ast.Attribute) and func.attr == "getenv")
                or (isinstance(func, ast.Name) and func.id.startswith("env_"))
            ):
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and environ(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def variables_documented(readme: str) -> set[str]:
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_the_readme_table_names_every_variable_the_settings_read():
    read = variables_read(SETTINGS.read_text())
    # The parser must keep finding them, or this test would pass on an empty set.
    assert {"DEBUG", "SECRET_KEY", "QICOMMONS_DATA_DIR", "TRUSTED_PROXIES", "LOG_LEVEL"} <= read
    assert "DJANGO_SETTINGS_MODULE" not in read
    missing = read - variables_documented(README.read_text())
    assert not missing, f"README.md, Running in production, does not list {sorted(missing)}"


def test_the_readme_table_lists_nothing_the_settings_do_not_read():
    extra = variables_documented(README.read_text()) - variables_read(SETTINGS.read_text())
    assert not extra, f"README.md lists {sorted(extra)}, which settings.py never reads"
