"""Bad input on the screening pages gets a clear answer, never a 500: NUL bytes and
unknown values in the list's filters, a NUL byte in an override's reason."""

import pytest
from django.test import Client

from opencall.screening.models import Override
from tests.screening.test_screening_list import _client, _names
from tests.screening.test_screening_list import screened as screened

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=%00", "country"),
        ("country=F%00", "country"),
        ("country=FRA", "country"),
        ("hub=%00", "hub"),
        ("hub=atlantis", "hub"),
        ("verdict=%00", "verdict"),
        ("verdict=maybe", "verdict"),
        ("criterion=%00", "criterion"),
        ("criterion=GEO&outcome=%00", "outcome"),
    ],
)
def test_a_bad_filter_is_400_naming_it_and_keeping_the_others(
    people, call_2022, screened, query, field
):
    response = _client(people.working_group).get(
        f"/staff/calls/{call_2022.slug}/screening/?{query}&page=1"
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert _names(response) == set()


def test_good_filters_still_filter(people, call_2022, screened):
    response = _client(people.working_group).get(
        f"/staff/calls/{call_2022.slug}/screening/?country=ph&hub=&verdict="
    )
    assert response.status_code == 200
    assert _names(response) == {"Manila forum"}


def test_an_override_reason_with_a_nul_byte_is_refused_and_kept(people, screened):
    paris = screened["paris"]
    client: Client = _client(people.working_group)
    url = f"/staff/calls/{paris.call.slug}/applications/{paris.number}/screening/override/"

    response = client.post(
        url, {"criterion": "GEO", "result": "pass", "reason": "An\x00 agreement"}, follow=True
    )

    assert response.status_code == 200
    assert not Override.objects.filter(application=paris).exists()
    page = response.content.decode()
    assert "Null characters are not allowed." in page
    assert response.context["draft"] == {"criterion": "GEO", "reason": "An\x00 agreement"}


@pytest.mark.parametrize(
    "data",
    [
        {"criterion": "GEO\x00", "result": "pass", "reason": "Agreed"},
        {"criterion": "GEO", "result": "pass\x00", "reason": "Agreed"},
        {"criterion": "GEO\x00", "result": "computed", "reason": "Agreed"},
    ],
)
def test_other_nul_bytes_in_an_override_are_refused(people, screened, data):
    paris = screened["paris"]
    client: Client = _client(people.working_group)
    url = f"/staff/calls/{paris.call.slug}/applications/{paris.number}/screening/override/"

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert not Override.objects.filter(application=paris).exists()
