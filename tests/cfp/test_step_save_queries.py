"""A step's save during the deadline rush reads and writes what it must, once: the
link's application with its call, the same row locked, the row written. No second
read of the row, no query for the call's version, its hubs or countries, no savepoint
(docs/performance.md, "A step's save builds nothing twice")."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opencall.applications.models import ApplicationEvent
from tests.applications.walk import WHEN_WHERE, start

pytestmark = pytest.mark.django_db


def _statements(client: Client, path: str, data: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        answer = client.post(path, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert answer["Location"].endswith("/audience/")
    return [query["sql"] for query in captured]


def _saved_twice(open_call) -> tuple[list[str], list[str], object]:
    """A first save builds the call's parts for this process (once per call version):
    then a save that changes the draft, and the same answers again."""
    client = Client()
    base, draft = start(client, open_call)
    data = {**WHEN_WHERE, "start_date": "", "end_date": ""}
    _statements(client, base + "when-where/", {**data, "city": "Mombasa"})
    first = _statements(client, base + "when-where/", data)
    again = _statements(client, base + "when-where/", data)
    return first, again, draft


def _reads(statements: list[str], table: str) -> int:
    return sum(1 for sql in statements if sql.startswith("SELECT") and f'FROM "{table}"' in sql)


def test_a_step_saved_reads_the_application_twice_and_writes_it_once(open_call):
    first, again, draft = _saved_twice(open_call)
    for statements in (first, again):
        assert _reads(statements, "applications_application") == 2  # the link; the lock
        assert sum(sql.startswith('UPDATE "applications_application"') for sql in statements) == 1
        assert not [sql for sql in statements if re.search(r'FROM "(calls_|reference_)', sql)]
        # One transaction: here a savepoint inside the test's own (none nested in it).
        assert sum(sql.startswith("SAVEPOINT") for sql in statements) == 1
    draft.refresh_from_db()
    assert (draft.country, draft.document["city"]) == ("KE", "Nairobi")
    assert draft.hub_code  # found without a query for the hubs


def test_a_draft_nobody_shares_asks_about_co_organisers_only_when_it_changed(open_call):
    first, again, draft = _saved_twice(open_call)
    # The first save changed the draft: is it shared (then the edit goes on the timeline)?
    assert _reads(first, "applications_coorganiser") == 1
    # The same answers again change nothing: nothing to record, nothing to ask.
    assert _reads(again, "applications_coorganiser") == 0
    assert not ApplicationEvent.objects.filter(application=draft, kind="edited").exists()
