"""The reviewers' screening list: verdicts, filters, and a constant number of queries."""

import pytest
from django.test import Client

from opencall.screening.services import screening_refresh
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

COMPLETE = {
    "programme_url": "https://example.org/programme",
    "registration": "open",
    "code_of_conduct": "in_place",
    "community_value": "Mappers from five countries of the region meet and learn.",
    "serves_countries": ["KE", "UG"],
    "submitted_at": "2022-05-20T10:00:00Z",
}


def _screened(call, **document):
    application = ApplicationFactory(call=call, document={**COMPLETE, **document})
    screening_refresh(application=application)
    return application


@pytest.fixture
def screened(call_2022):
    return {
        "kenya": _screened(call_2022),
        "paris": _screened(
            call_2022, event_name="Paris meetup", country="FR", city="Paris", scope="national"
        ),
        "manila": _screened(
            call_2022, event_name="Manila forum", country="PH", city="Manila", programme_url=None
        ),
    }


def _names(response) -> set[str]:
    page = response.content.decode()
    return {
        name for name in ("State of the Map Kenya", "Paris meetup", "Manila forum") if name in page
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"State of the Map Kenya", "Paris meetup", "Manila forum"}),
        ("verdict=eligible", {"State of the Map Kenya"}),
        ("verdict=ineligible", {"Paris meetup"}),
        ("verdict=needs_review", {"Manila forum"}),
        ("criterion=GEO", {"Paris meetup"}),
        ("criterion=PROGRAMME&outcome=unclear", {"Manila forum"}),
        ("criterion=GEO&outcome=pass", {"State of the Map Kenya", "Manila forum"}),
        ("hub=esa", {"State of the Map Kenya"}),
        ("hub=none", {"Paris meetup"}),
        ("country=ph", {"Manila forum"}),
    ],
)
def test_the_screening_list_filters_by_verdict_criterion_hub_and_country(
    people, call_2022, screened, query, expected
):
    response = _client(people.working_group).get(
        f"/staff/calls/{call_2022.slug}/screening/?{query}"
    )
    assert response.status_code == 200
    assert _names(response) == expected


def test_a_hub_manager_sees_only_the_screening_of_their_region(people, call_2022, screened):
    response = _client(people.hub_ap).get(f"/staff/calls/{call_2022.slug}/screening/")
    assert _names(response) == {"Manila forum"}


def test_the_explanation_page_shows_every_criterion_with_its_reason(people, call_2022, screened):
    paris = screened["paris"]
    page = _client(people.working_group).get(
        f"/staff/calls/{call_2022.slug}/applications/{paris.number}/screening/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    for criterion in ("FORMAT", "WHEN_WHERE", "GEO", "DEADLINE", "PERIOD"):
        assert f'id="criterion-{criterion}"' in html
    assert "France" in html


def test_the_screening_list_makes_the_same_number_of_queries_for_1_and_3_rows(
    people, call_2022, django_assert_max_num_queries
):
    client = _client(people.working_group)
    url = f"/staff/calls/{call_2022.slug}/screening/"
    _screened(call_2022)
    with django_assert_max_num_queries(100) as one:
        client.get(url)
    _screened(call_2022, event_name="Second")
    _screened(call_2022, event_name="Third")
    with django_assert_max_num_queries(100) as three:
        client.get(url)
    assert len(three.captured_queries) == len(one.captured_queries)
