import pytest

# The tables that hold the world once it is built (its rows and their history).
_WORLD_TABLES: list[str] = []


def _tables_with_rows() -> set[str]:
    from django.db import connection

    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            # Table names from Django's own introspection, not from any input.
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.add(table)
    return found


def _delete_rows(tables) -> None:
    from django.db import connection, transaction

    # In one transaction, since foreign keys are checked only when it ends; inside a test's
    # own transaction this is rolled back with it.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    # The world is built once per test database (one per xdist worker), outside any test's
    # transaction, instead of once per test: every test rolls back to it. Most of the suite
    # (the permission matrix above all) needs it, and building it was most of a short test.
    from qicommons.testing import build_world

    with django_db_blocker.unblock():
        before = _tables_with_rows()
        build_world()
        _WORLD_TABLES[:] = sorted(_tables_with_rows() - before)
    yield
    if django_db_keepdb:  # --reuse-db: leave the kept database as the migrations made it
        with django_db_blocker.unblock():
            _delete_rows(_WORLD_TABLES)


@pytest.fixture
def world(db):
    from qicommons.testing import build_world, load_world

    # Gone only after a transactional test (a browser journey) emptied the database.
    return load_world() or build_world()


@pytest.fixture(autouse=True)
def _no_world_unless_asked(request):
    """A test that does not ask for the world starts from an empty database, as it would
    without the shared world: the demo, say, loads only into an empty one."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db or "world" in request.fixturenames:
        return
    request.getfixturevalue("_django_db_helper")  # inside the test's transaction, if any
    _delete_rows(_WORLD_TABLES)


@pytest.fixture(scope="session", autouse=True)
def _media_root_of_this_worker(tmp_path_factory):
    # Files the tests save (attachments) go to a folder of this test process, never into
    # the checkout's media folder, where parallel workers would share and litter them.
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Charts are cached by their content, so a warm cache is never wrong, but it would let
    # a test's result depend on which tests ran before it in the same worker.
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that need it (accounts/tests) set it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # A request with a language cookie activates that language for the whole thread,
    # and it would stay active in the next test; so every test ends in English again.
    yield
    from django.utils import translation

    translation.deactivate()


def pytest_report_header(config):
    # Say which database the suite runs on, so a CI log shows PostgreSQL was really used.
    import os

    url = os.environ.get("DATABASE_URL", "")
    return f"database: {url.split(':', 1)[0] if url else 'sqlite (default)'}"
