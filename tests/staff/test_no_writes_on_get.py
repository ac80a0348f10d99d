"""Reading a page writes nothing: a call's rows (rubric, pools, costs, settings) are
installed when the call is loaded, never on first read. Only the session, the sign-in
lock-out (axes) and the cache may be written while a page is shown."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opencall.selection.models import Scenario
from opencall.selection.services import decisions_release
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
ALLOWED = re.compile(r"^(django_session|axes_\w+|\w*cache\w*)$")


def _writes(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [
        query["sql"]
        for query in queries.captured_queries
        if (match := WRITE.match(query["sql"])) and not ALLOWED.match(match.group(1))
    ]


def test_no_staff_or_public_call_page_writes_on_a_get(shortlist, people):
    kenya = shortlist["kenya"]
    decide(kenya, people, "accepted", offers=["scholarships"])
    decisions_release(call=kenya.call, user=people.call_admin)
    manila = shortlist["manila"]
    Scenario.objects.create(call=kenya.call, name="Plan A", created_by=people.working_group)
    staff_pages = [
        "/staff/",
        f"/staff/calls/{SLUG}/",
        f"/staff/calls/{SLUG}/assignments/",
        f"/staff/calls/{SLUG}/applications/{manila.number}/",
        f"/staff/calls/{SLUG}/screening/",
        f"/staff/calls/{SLUG}/applications/{manila.number}/screening/",
        f"/staff/calls/{SLUG}/selection/",
        f"/staff/calls/{SLUG}/selection/scenarios/",
        f"/staff/calls/{SLUG}/applications/{manila.number}/decision/",
    ]
    public_pages = [
        "/",
        f"/calls/{SLUG}/",
        f"/calls/{SLUG}/supported/",
        f"/calls/{SLUG}/supported.ics",
        f"/calls/{SLUG}/supported.json",
        f"/calls/{SLUG}/supported.csv",
    ]
    staff = Client()
    staff.force_login(people.site_admin)
    written = {path: _writes(staff, path) for path in staff_pages}
    public = Client()
    written |= {path: _writes(public, path) for path in public_pages}
    assert {path: sql for path, sql in written.items() if sql} == {}


def test_a_call_without_selection_rows_shows_its_page_with_the_defaults(people, call_2022):
    """A call made in the admin, not loaded from a file, has no selection rows: its
    page shows the default settings and writes none."""
    from opencall.selection.models import ResourcePool, SelectionSettings

    SelectionSettings.objects.filter(call=call_2022).delete()
    ResourcePool.objects.filter(call=call_2022).delete()
    staff = Client()
    staff.force_login(people.working_group)
    assert _writes(staff, f"/staff/calls/{SLUG}/selection/") == []
    assert not SelectionSettings.objects.filter(call=call_2022).exists()
