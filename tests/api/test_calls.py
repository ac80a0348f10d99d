"""GET /api/v1/calls and /api/v1/calls/{slug}: what an applicant can read of the calls."""

import datetime as dt

import pytest
from django.utils import timezone

from opencall.calls.models import Call
from tests.api.conftest import CRITERIA

pytestmark = pytest.mark.django_db

OFFER_CODES = [
    "content_codesign",
    "networking_cohost",
    "editorial",
    "scholarships",
    "comms_promotion",
    "logistics",
    "sponsorship_funding",
    "volunteer_recruitment",
]


def test_the_list_gives_the_2022_call_with_its_deadline_in_its_own_zone(client, call_2022):
    response = client.get("/api/v1/calls")

    assert response.status_code == 200
    [call] = response.json()
    offers = call.pop("offers")
    assert call == {
        "slug": "hot-summit-2022",
        "title": "HOT Summit 2022: collaborations with conferences",
        "summary": call_2022.summary_en,
        "organiser": "Humanitarian OpenStreetMap Team (HOT)",
        "opens_at": "2022-05-09T02:07:00-12:00",
        "closes_at": "2022-05-31T23:59:59-12:00",
        "timezone": "Etc/GMT+12",
        "timezone_label": "UTC−12:00",
        "decision_date": "2022-06-30",
        "is_open": False,
        "page_url": "http://testserver/calls/hot-summit-2022/",
    }
    assert [offer["code"] for offer in offers] == OFFER_CODES
    assert offers[0] == {
        "code": "content_codesign",
        "name": "Content co-design",
        "description": (
            "Co-design of content and knowledge sharing for sessions and tracks around "
            "shared key themes."
        ),
        "takes_amount": False,
    }
    assert [o["code"] for o in offers if o["takes_amount"]] == [
        "scholarships",
        "sponsorship_funding",
    ]


def test_the_list_leaves_out_practice_copies(client, call_2022, open_call):
    assert open_call.is_practice

    slugs = [call["slug"] for call in client.get("/api/v1/calls").json()]

    assert slugs == ["hot-summit-2022"]


def test_a_call_open_now_says_so(client, call_2022):
    now = timezone.now()
    Call.objects.filter(pk=call_2022.pk).update(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1)
    )

    assert client.get("/api/v1/calls").json()[0]["is_open"] is True
    assert client.get("/api/v1/calls/hot-summit-2022").json()["is_open"] is True


def test_the_list_in_french_follows_accept_language(client, call_2022):
    [call] = client.get("/api/v1/calls", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert call["title"] == "HOT Summit 2022 : collaborations avec des conférences"
    assert call["summary"] == call_2022.summary_fr
    assert call["offers"][0]["name"] == "Co-conception du contenu"


def test_the_detail_adds_the_text_the_event_window_and_the_rules(client, call_2022):
    response = client.get("/api/v1/calls/hot-summit-2022")

    assert response.status_code == 200
    call = response.json()
    assert call["title"] == "HOT Summit 2022: collaborations with conferences"
    assert call["timezone_label"] == "UTC−12:00"
    # The text's date placeholders are filled, in the reader's language.
    assert call["body"] == call_2022.body_en.replace(
        "{deadline}", "31 May 2022 at 23:59 (UTC−12:00)"
    ).replace("{decision_date}", "30 June 2022")
    assert (call["event_window_start"], call["event_window_end"]) == ("2022-01-01", "2022-12-31")
    assert [offer["code"] for offer in call["offers"]] == OFFER_CODES
    assert [rule["id"] for rule in call["criteria"]] == CRITERIA
    assert call["criteria"][0]["title"] == "A conference-type event"


def test_the_detail_in_french(client, call_2022):
    response = client.get("/api/v1/calls/hot-summit-2022", HTTP_ACCEPT_LANGUAGE="fr")

    call = response.json()
    assert response["Content-Language"] == "fr"
    assert call["title"] == "HOT Summit 2022 : collaborations avec des conférences"
    assert "se termine le 31 mai 2022" in call["body"]
    assert "{" not in call["body"]
    assert call["criteria"][0]["title"] == "Un événement de type conférence"


def test_an_unknown_call_is_404_with_a_message_naming_it(client, call_2022):
    response = client.get("/api/v1/calls/no-such-call")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no call 'no-such-call'."}


def test_a_practice_copy_is_404(client, open_call):
    response = client.get(f"/api/v1/calls/{open_call.slug}")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no call 'hot-summit-2022-practice'."}


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_two_queries_whatever_the_number_of_calls(
    client, call_2022, another_call, count, django_assert_num_queries
):
    for number in range(1, count):
        another_call(f"copy-{number}")

    with django_assert_num_queries(2):  # the calls, their offers
        calls = client.get("/api/v1/calls").json()

    assert len(calls) == count
    assert all(len(call["offers"]) == len(OFFER_CODES) for call in calls)
