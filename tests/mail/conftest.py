"""Staff to act, and fast retries for the mail tests (applications: tests/factories.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_retries(settings) -> None:
    """Four attempts, 10 ms then 20 then 40 apart: an outage in a blink."""
    settings.MAIL_MAX_ATTEMPTS = 4
    settings.MAIL_RETRY_BASE_SECONDS = 0.01
    settings.MAIL_RETRY_FACTOR = 2.0


@pytest.fixture
def staff(django_user_model):
    # No password: tests log in with force_login, and hashing one is slow.
    return django_user_model.objects.create_superuser(
        "clara", "clara@example.org", None, first_name="Clara"
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
