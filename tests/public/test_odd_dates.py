"""One event whose stored document cannot be read (a date at the calendar's limit, say)
must not break the public feed and data for everyone: it is left out, with a log line."""

import csv
import io
import json
import logging

import pytest
from icalendar import Calendar

from opencall.applications.models import Application
from opencall.selection import services
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_future(shortlist, people, call_2022):
    kenya, manila = shortlist["kenya"], shortlist["manila"]
    decide(kenya, people, "accepted", ["scholarships"])
    decide(manila, people, "accepted", ["editorial"])
    services.decisions_release(call=call_2022, user=people.call_admin)
    document = {**manila.document, "start_date": "9999-12-30", "end_date": "9999-12-31"}
    Application.objects.filter(pk=manila.pk).update(document=document)
    return shortlist


def test_the_calendar_feed_leaves_out_an_event_it_cannot_read_and_says_so(
    client, far_future, caplog
):
    with caplog.at_level(logging.WARNING, logger="opencall.selection.published"):
        response = client.get("/calls/hot-summit-2022/supported.ics")

    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["State of the Map Kenya"]
    assert f"{far_future['manila'].ref} is left out" in caplog.text


def test_the_open_data_and_the_page_list_the_others(client, far_future):
    data = json.loads(client.get("/calls/hot-summit-2022/supported.json").content)
    assert [(e["name"], e["end"]) for e in data["events"]] == [
        ("State of the Map Kenya", "2022-10-12")
    ]
    response = client.get("/calls/hot-summit-2022/supported.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["name"] for row in rows] == ["State of the Map Kenya"]
    page = client.get("/calls/hot-summit-2022/supported/")
    assert page.status_code == 200
    assert "State of the Map Asia" not in page.content.decode()
