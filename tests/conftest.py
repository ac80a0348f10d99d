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
