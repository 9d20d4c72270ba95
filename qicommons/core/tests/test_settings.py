"""Settings read from the environment: where files go, and that the README lists them all."""

import runpy
import shutil
from pathlib import Path

import pytest

from qicommons.settings import default_data_dir

SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"
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
