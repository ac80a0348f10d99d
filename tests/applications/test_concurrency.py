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


def test_a_step_saved_while_another_transaction_holds_the_call_row(open_call):
    """A save locks the application's row only: it never waits for the call's row,
    which a new draft's numbering (or an edit of the call) holds for a while."""
    from django.db import connection, transaction

    from opencall.calls.models import Call

    draft, _created = services.application_start(
        call=open_call, form_key=uuid.uuid4(), document=DOCUMENT
    )
    holding, release = threading.Event(), threading.Event()

    def hold_the_call_row():
        try:
            with transaction.atomic():
                Call.objects.select_for_update().get(pk=open_call.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_call_row)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            # Waiting for a lock is an error here, not a delay: no test measures time.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1ms'")
            saved = services.application_save_step(
                application=draft, document=DOCUMENT.updated(country="KE"), step=2
            )
    finally:
        release.set()
        holder.join()
    assert saved.country == "KE"
    assert saved.hub_code != ""  # the hub found from the call read with the row
    draft.refresh_from_db()
    assert (draft.country, draft.step) == ("KE", 2)
