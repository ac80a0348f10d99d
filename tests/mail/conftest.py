"""Applications to write to, staff to act, and fast retries for the mail tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call


@pytest.fixture
def make_application(call_2022: Call) -> Callable[..., Application]:
    """An application as the form leaves it (built directly: mail reads, never writes it)."""

    def make(
        *,
        call: Call | None = None,
        language: str = "en",
        email: str = "ana@example.org",
        name: str = "Ana Lima",
        event: str = "State of the Map Brasil",
        status: str = Status.SUBMITTED,
        document: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Application:
        call = call or call_2022
        number = Application.objects.filter(call=call).count() + 1
        return Application.objects.create(
            call=call,
            number=number,
            language=language,
            email=email,
            event_name=event,
            status=status,
            submitted_at=None if status == Status.DRAFT else timezone.now(),
            document={
                "event_name": event,
                "contacts": [{"name": name, "email": email}],
                **(document or {}),
            },
            **fields,
        )

    return make


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
