"""The audience step lists the call's countries by region from the reference data kept
per call version: a second page reads no hub or country row, and a country moved to
another region (the admin's edit) is listed there at the next page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opencall.reference.models import Country, Hub
from tests.applications.walk import start

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path)
    assert answer.status_code == 200
    return answer.content.decode(), [query["sql"] for query in captured]


def _region_of(page: str, iso2: str) -> str:
    """The summary of the group whose boxes hold the country's checkbox."""
    for group in re.findall(r"<details class=\"group\".*?</details>", page, re.S):
        if f'value="{iso2}"' in group:
            return re.search(r"<summary>(.*?)</summary>", group).group(1)
    raise AssertionError(f"{iso2} is not listed")


def test_the_countries_are_listed_by_region_without_reading_their_rows(open_call):
    client = Client()
    base, _draft = start(client, open_call)
    _page(client, base + "audience/")
    page, statements = _page(client, base + "audience/")
    assert not [sql for sql in statements if re.search(r'FROM "reference_(hub|country)"', sql)]
    kenya = Country.objects.get(version=open_call.reference_version, iso2="KE")
    hub = Hub.objects.get(version=open_call.reference_version, region=kenya.hub_region)
    assert _region_of(page, "KE") == hub.region_in("en")
    boxes = re.findall(r'name="serves_countries" value="([A-Z]{2})"', page)
    assert len(boxes) == Country.objects.filter(version=open_call.reference_version).count()


def test_a_country_moved_to_another_region_is_listed_there_at_the_next_page(open_call):
    client = Client()
    base, _draft = start(client, open_call)
    before, _statements = _page(client, base + "audience/")
    kenya = Country.objects.get(version=open_call.reference_version, iso2="KE")
    other = (
        Hub.objects.filter(version=open_call.reference_version)
        .exclude(region=kenya.hub_region)
        .first()
    )
    kenya.hub_region = other.region
    kenya.save()  # as the admin does: the call's version is bumped with it
    after, _statements = _page(client, base + "audience/")
    assert _region_of(after, "KE") == other.region_in("en") != _region_of(before, "KE")
