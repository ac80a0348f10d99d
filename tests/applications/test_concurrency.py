"""Two requests at once must not make two applications (row locks: PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connections

from opencall.applications import services
from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application, ApplicationEvent

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]

DOCUMENT = ApplicationDocument.model_validate(
    {
        "event_name": "FOSS4G",
        "format": "conference",
        "organisation": "OSGeo",
        "contacts": [{"name": "Ana", "email": "ana@example.org"}],
        "scope": "international",
        "language": "en",
    }
)


def _at_once(count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            work()
        except BaseException as exc:  # collected and re-raised by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_the_same_first_step_posted_concurrently_makes_one_application(open_call):
    key = uuid.uuid4()
    errors = _at_once(
        6, lambda: services.application_start(call=open_call, form_key=key, document=DOCUMENT)
    )
    assert errors == []
    assert Application.objects.filter(call=open_call).count() == 1


def test_the_same_draft_submitted_concurrently_is_submitted_once(open_call):
    draft, _created = services.application_start(
        call=open_call, form_key=uuid.uuid4(), document=DOCUMENT
    )
    errors = _at_once(6, lambda: services.application_submit(application=draft))
    assert errors == []
    assert Application.objects.filter(call=open_call).count() == 1
    moves = ApplicationEvent.objects.filter(application=draft, kind="status", old="draft")
    assert [(m.old, m.new) for m in moves] == [("draft", "submitted")]
