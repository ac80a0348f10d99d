"""The public pages cost a fixed number of queries, in English and in French: as many with
one call, offer or supported event as with ten. Addressed by path: the paths are public."""

import dataclasses

import pytest
from django.conf import settings

from opencall.calls.models import Offer
from opencall.selection import services
from opencall.selection.models import ResourcePool
from tests.factories import ApplicationFactory
from tests.fixtures.data import CALL_FILE
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

SUPPORTED = "/calls/hot-summit-2022/supported"
# The most queries each page may make, whatever the number of rows it shows, when it is
# not kept yet (core/pagecache.py): the calls' page versions (one query), then the calls;
# the call, its offers, whether it publishes; that, its offers, hubs and events; the page
# and the JSON add the events' ids and hubs, the collaborations (with their reports) and
# their commitments (the content published openly); the page names the hubs' regions.
MOST = {
    "/": 2,
    "/calls/hot-summit-2022/": 4,
    f"{SUPPORTED}/": 9,
    f"{SUPPORTED}.ics": 6,
    f"{SUPPORTED}.json": 8,
    f"{SUPPORTED}.csv": 6,
}
LANGUAGES = pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])


def _queries(client, path: str, language: str, django_assert_max_num_queries) -> int:
    client.cookies["django_language"] = language
    with django_assert_max_num_queries(MOST[path]) as captured:
        response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    return len(captured.captured_queries)


def _more_calls(count: int) -> None:
    from opencall.calls.definition import load_definition
    from opencall.calls.services import call_load

    definition = load_definition(CALL_FILE)
    for n in range(count):
        # Closed copies and open practice copies: the start page lists both kinds.
        copy = dataclasses.replace(definition, slug=f"copy-{n}")
        call_load(definition=copy, practice=n % 2 == 1)


def _offers(call, count: int) -> None:
    Offer.objects.filter(call=call).delete()
    for n in range(count):
        Offer.objects.create(
            call=call, code=f"offer_{n}", position=n, label=f"Offer {n}", description="Help."
        )


def _supported(call, people, count: int) -> None:
    """`count` accepted events, their decisions released."""
    # Room for every event's editorial hours: the pool is not what is measured here.
    ResourcePool.objects.filter(call=call, code="editorial_hours").update(capacity=1000)
    for n in range(count):
        application = ApplicationFactory(
            call=call,
            status="shortlisted",
            event_name=f"Event {n}",
            country=["KE", "PH", "FR"][n % 3],
            offers=[{"type": "editorial"}],
        )
        decide(application, people, "accepted", ["editorial"])
    services.decisions_release(call=call, user=people.call_admin)


@LANGUAGES
def test_the_start_page_costs_the_same_for_one_call_and_for_ten(
    client, call_2022, language, django_assert_max_num_queries
):
    one = _queries(client, "/", language, django_assert_max_num_queries)
    _more_calls(9)
    assert _queries(client, "/", language, django_assert_max_num_queries) == one


@LANGUAGES
def test_a_call_page_costs_the_same_for_one_offer_and_for_ten(
    client, call_2022, language, django_assert_max_num_queries
):
    path = "/calls/hot-summit-2022/"
    _offers(call_2022, 1)
    one = _queries(client, path, language, django_assert_max_num_queries)
    _offers(call_2022, 10)
    assert _queries(client, path, language, django_assert_max_num_queries) == one


@LANGUAGES
@pytest.mark.parametrize("suffix", ["/", ".ics", ".json", ".csv"])
def test_the_supported_events_and_their_feeds_cost_the_same_for_one_event_and_for_ten(
    client, people, call_2022, suffix, language, django_assert_max_num_queries
):
    path = f"{SUPPORTED}{suffix}"
    _supported(call_2022, people, 1)
    one = _queries(client, path, language, django_assert_max_num_queries)
    _supported(call_2022, people, 9)
    assert _queries(client, path, language, django_assert_max_num_queries) == one
