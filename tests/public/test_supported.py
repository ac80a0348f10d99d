"""The public list of supported events: only released acceptances, only what an event
announces anyway, as a page, a calendar feed and open data."""

import csv
import io
import json

import pytest
from icalendar import Calendar

from opencall.selection import services
from opencall.selection.models import SelectionSettings
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

PAGE = "/calls/hot-summit-2022/supported/"


@pytest.fixture
def announced(shortlist, people, call_2022):
    decide(shortlist["kenya"], people, "accepted", ["scholarships"])
    decide(shortlist["manila"], people, "declined")
    services.decisions_release(call=call_2022, user=people.call_admin)
    decide(shortlist["paris"], people, "accepted", ["sponsorship_funding"])  # not released
    return shortlist


def test_only_released_acceptances_are_listed_without_private_details(client, announced):
    page = client.get(PAGE).content.decode()
    assert "State of the Map Kenya" in page
    assert "Scholarship" in page  # the support granted, by its label
    assert "State of the Map Asia" not in page  # declined
    assert "FOSS4G Europe" not in page  # accepted, not released yet
    assert "wanjiru@example.org" not in page and "Wanjiru" not in page
    assert "The team&#x27;s reason" not in page


def test_the_page_reads_in_french(client, announced):
    client.cookies["django_language"] = "fr"
    page = client.get(PAGE).content.decode()
    assert "Événements soutenus" in page
    assert "1 événement soutenu, par date." in page


def test_the_calendar_feed_has_one_all_day_event_per_supported_event(client, announced):
    response = client.get("/calls/hot-summit-2022/supported.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "State of the Map Kenya"
    assert event.decoded("dtstart").isoformat() == "2022-10-10"
    assert event.decoded("dtend").isoformat() == "2022-10-13"  # the 12th included
    assert str(event["location"]) == "Nairobi, Kenya"
    assert str(event["uid"]) == f"{announced['kenya'].public_id}@testserver"


def test_open_data_as_json_and_csv(client, announced):
    data = json.loads(client.get("/calls/hot-summit-2022/supported.json").content)
    assert data["call"] == "hot-summit-2022"
    (event,) = data["events"]
    assert (event["name"], event["country_code"], event["start"]) == (
        "State of the Map Kenya",
        "KE",
        "2022-10-10",
    )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/calls/hot-summit-2022/supported.csv").content.decode())
        )
    )
    assert [row["name"] for row in rows] == ["State of the Map Kenya"]


def test_a_call_that_does_not_publish_has_no_public_list(client, announced, call_2022):
    SelectionSettings.objects.filter(call=call_2022).update(publish_supported_events=False)
    for path in (PAGE, "/calls/hot-summit-2022/supported.ics"):
        assert client.get(path).status_code == 404
    assert (
        "The events this call supports"
        not in client.get("/calls/hot-summit-2022/").content.decode()
    )


def test_the_call_page_links_to_the_list_and_it_says_when_nothing_is_announced(client, shortlist):
    assert "The events this call supports" in client.get("/calls/hot-summit-2022/").content.decode()
    assert "No supported event is announced yet" in client.get(PAGE).content.decode()


def test_the_setting_round_trips_through_the_call_file(call_2022, shortlist):
    from opencall.selection.setup import selection_export

    assert selection_export(call=call_2022)["selection"]["publish_supported_events"] is True
