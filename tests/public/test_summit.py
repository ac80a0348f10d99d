"""The public page of the distributed Summit (issue 13): the supported events by region
(readable without JavaScript), placed on a map served by the site, each followed by the
content it published openly; never a contact, score, internal note or reason."""

import json
import re

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape

from opencall.accounts.queue import hub_labels
from opencall.applications.models import Application
from opencall.collaborations import services
from opencall.collaborations.models import Collaboration
from opencall.public.summit import tile_origin
from tests.fixtures.selection import decide
from tests.fixtures.selection import release_and_confirm as release_and_open

pytestmark = pytest.mark.django_db

PAGE = "/calls/hot-summit-2022/supported/"
SECRETS = (
    "The team's reason",
    "The team&#x27;s reason",
    "Only for the team: their budget is shaky",
    "What HOT should do better, privately",
)


@pytest.fixture
def summit(shortlist, people, call_2022, django_capture_on_commit_callbacks):
    """The ESA event moved to Kampala, Uganda, accepted with an internal note, released;
    its organiser kept the open-content commitment and filed a report with links."""
    kampala = shortlist["kenya"]
    Application.objects.filter(pk=kampala.pk).update(
        country="UG",
        scope="international",
        document={
            **kampala.document,
            "city": "Kampala",
            "country": "UG",
            "scope": "international",
            "open_publication": True,
        },
    )
    kampala.refresh_from_db()
    decide(
        kampala,
        people,
        "accepted",
        ["scholarships"],
        internal_note="Only for the team: their budget is shaky",
    )
    with django_capture_on_commit_callbacks(execute=True):
        release_and_open(call=call_2022, user=people.call_admin)
    collaboration = Collaboration.objects.get(application=kampala)
    services.commitment_answer(
        commitment=collaboration.commitments.get(kind="open_content"),
        links=["https://example.org/kampala-videos"],
    )
    services.report_file(
        collaboration=collaboration,
        attendance_in_person=80,
        links=["https://example.org/kampala-slides"],
        differently="What HOT should do better, privately",
    )
    return kampala


def _points(page: str) -> list[dict]:
    found = re.search(r'<script id="summit-events" type="application/json">(.*?)</script>', page)
    assert found, "no map data on the page"
    return json.loads(found.group(1))


def test_the_page_and_json_never_show_a_contact_score_note_or_reason(client, summit):
    page = client.get(PAGE).content.decode()
    data = client.get("/calls/hot-summit-2022/supported.json").content.decode()
    assert "State of the Map Kenya" in page and "State of the Map Kenya" in data
    for text in (page, data):
        assert summit.email not in text
        for secret in SECRETS:
            assert secret not in text
        assert "score" not in text.lower()
    (event,) = json.loads(data)["events"]
    assert not {"email", "contacts", "reason", "internal_note", "score"} & set(event)


def test_each_event_is_followed_by_its_open_content(client, summit):
    page = client.get(PAGE).content.decode()
    assert 'href="https://example.org/kampala-videos"' in page
    assert 'href="https://example.org/kampala-slides"' in page
    (event,) = json.loads(client.get("/calls/hot-summit-2022/supported.json").content)["events"]
    assert event["content"] == [
        "https://example.org/kampala-videos",
        "https://example.org/kampala-slides",
    ]


def test_the_map_places_an_event_in_kampala_uganda(client, summit):
    (point,) = _points(client.get(PAGE).content.decode())
    assert (round(point["lat"], 2), round(point["lon"], 2)) == (0.32, 32.58)
    assert point["place"] == "Kampala, Uganda"
    assert point["links"] == [
        "https://example.org/kampala-videos",
        "https://example.org/kampala-slides",
    ]
    (event,) = json.loads(client.get("/calls/hot-summit-2022/supported.json").content)["events"]
    assert (round(event["latitude"], 2), round(event["longitude"], 2)) == (0.32, 32.58)


def test_an_unknown_city_is_placed_at_its_countrys_capital(client, summit):
    Application.objects.filter(pk=summit.pk).update(
        document={**summit.document, "city": "Nowhere-on-the-map"}
    )
    (point,) = _points(client.get(PAGE).content.decode())
    assert (round(point["lat"], 2), round(point["lon"], 2)) == (0.32, 32.58)  # Kampala


def test_the_tiles_come_from_openstreetmap_unless_set_otherwise(client, summit):
    response = client.get(PAGE)
    assert (
        "img-src 'self' data: https://tile.openstreetmap.org"
        in (response["Content-Security-Policy"])
    )
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in (
        response.content.decode()
    )
    tiles = "https://{s}.tiles.example.net/osm/{z}/{x}/{y}.png"
    with override_settings(OPENCALL_MAP_TILES=tiles, OPENCALL_MAP_ATTRIBUTION="Example tiles"):
        response = client.get(PAGE)
    policy = response["Content-Security-Policy"]
    assert "https://*.tiles.example.net" in policy and "openstreetmap" not in policy
    page = response.content.decode()
    assert f'data-tiles="{tiles}"' in page and 'data-attribution="Example tiles"' in page
    # Other pages do not let the tiles in.
    assert "openstreetmap" not in client.get("/")["Content-Security-Policy"]


def test_tile_origin_is_the_scheme_and_host_of_the_template():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("javascript:alert(1)") == ""


def test_without_javascript_the_page_is_a_list_by_region(client, summit, call_2022):
    page = client.get(PAGE).content.decode()
    with translation.override("en"):
        region = escape(hub_labels(call=call_2022)["esa"].short)
    assert re.search(rf'<h2 id="region-1">{re.escape(region)}</h2>', page)
    section = page[page.index('id="region-1"') :]
    assert "State of the Map Kenya" in section and "Kampala, Uganda" in section
    # The map waits for its script: hidden, served by the site, no inline script.
    assert re.search(r'<div id="summit-map" class="summit-map" hidden', page)
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "/static/js/summit-map.js" in page
    assert "<script>" not in page
    client.cookies["django_language"] = "fr"
    french = client.get(PAGE).content.decode()
    with translation.override("fr"):
        assert escape(hub_labels(call=call_2022)["esa"].short) in french  # the region in French
