import pytest

pytest_plugins = [
    "tests.fixtures.smtp",
    "tests.fixtures.data",
    "tests.fixtures.browser",
    "tests.fixtures.selection",
]


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
