import pytest


@pytest.fixture
def world(db):
    from qicommons.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that need it (accounts/tests) set it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    # Say which database the suite runs on, so a CI log shows PostgreSQL was really used.
    import os

    url = os.environ.get("DATABASE_URL", "")
    return f"database: {url.split(':', 1)[0] if url else 'sqlite (default)'}"
