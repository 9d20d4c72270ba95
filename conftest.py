import pytest


@pytest.fixture
def world(db):
    from qicommons.testing import build_world

    return build_world()


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
