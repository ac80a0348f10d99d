from pathlib import Path

import pytest

pytest_plugins = [
    "tests.fixtures.smtp",
    "tests.fixtures.data",
    "tests.fixtures.browser",
    "tests.fixtures.selection",
    "tests.fixtures.collaboration_organiser",
]

# Folders and modules whose every test drives a browser or starts other processes (a
# server, workers, pg_dump, manage.py): marked `slow`, which `make test-fast` leaves out.
# A test that starts a process inside an otherwise quick module carries the mark itself.
SLOW = (
    "browser/",
    "scaleout/",
    "worker/test_system.py",
    "mail/test_killed_worker.py",
    "mail/test_fresh_install.py",
    "deploy/test_backup.py",
    "deploy/test_csp_in_browser.py",
    "deploy/test_production_settings.py",
    "deploy/test_supervised_serving.py",
    "core/test_cache_settings.py",
)
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    not_postgres = pytest.mark.skip(
        reason=f"needs PostgreSQL (the test database is {connection.vendor}): "
        "set DATABASE_URL=postgres://..."
    )
    for item in items:
        if item.path.is_relative_to(TESTS) and item.path.relative_to(TESTS).as_posix().startswith(
            SLOW
        ):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
            item.add_marker(not_postgres)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Strong hashing is for production; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_unless_asked():
    # A request in French leaves French active in the test's thread (LocaleMiddleware
    # activates per request); each test starts from the site's default language.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Throttles count in the cache: each test starts with its own empty one, and a
    # REDIS_URL in the environment never makes a test write to (or clear) a shared Redis.
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def _own_instance_folder(settings, tmp_path):
    # What the app keeps on disk (the demo staff's passwords) goes to the test's own folder,
    # never to the checkout's var/.
    settings.INSTANCE_DIR = tmp_path / "instance"


@pytest.fixture(autouse=True)
def uploads_dir(settings, tmp_path):
    """Where applicants' uploads go in this test: its own folder, never the checkout's
    var/uploads. (Changing STORAGES empties Django's cache of storages.)"""
    location = tmp_path / "uploads"
    uploads = settings.STORAGES["uploads"]
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**uploads, "OPTIONS": {**uploads.get("OPTIONS", {}), "location": location}},
    }
    return location
